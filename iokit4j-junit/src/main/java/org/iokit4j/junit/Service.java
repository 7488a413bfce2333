package org.iokit4j.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects a {@link org.iokit4j.client.Connection} to the registered service named {@link #value()} (matched by name,
 * {@code IONameMatch}: a dext's {@code IOUserClass}), opened as the test's task before the test and closed after it.
 * No such service fails the test's parameter resolution with the registered names and the kernel's boot problems.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Service {
    /** {@return the service's name, as {@code IOServiceNameMatching} takes it} */
    String value();

    /** {@return the connection type passed to {@code IOServiceOpen} (its {@code NewUserClient}'s {@code type})} */
    int type() default 0;
}
