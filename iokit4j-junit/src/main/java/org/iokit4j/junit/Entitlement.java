package org.iokit4j.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * One entitlement of an {@link IOKitTest}'s task: {@link #key()} with no {@link #values()} is {@code true} (e.g.
 * {@code com.apple.developer.driverkit.allow-any-userclient-access}); with values it is the array of those strings
 * (e.g. {@code com.apple.developer.driverkit.userclient-access} and the bundle identifiers the test may open).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({})
public @interface Entitlement {
    /** {@return the entitlement's key} */
    String key();

    /** {@return the strings of an array entitlement; none: the boolean {@code true}} */
    String[] values() default {};
}
