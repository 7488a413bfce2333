package org.iokit4j.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class against isolated embedded kernels ({@link IOKitExtension}).
 *
 * {@snippet :
 * @IOKitTest(bundles = "bundles/sum/Info.plist", entitlement = @Entitlement(
 *         key = "com.apple.developer.driverkit.userclient-access", values = "org.example.sum"))
 * class SumTest {
 *     @Test
 *     void adds(@Service("org.example.SumDriver") Connection sum) {
 *         assertThat(sum.call(0).scalars(2, 3).scalarOutputs(1).invoke().scalar(0)).isEqualTo(5);
 *     }
 * }
 * }
 *
 * <p>Each test method (or each class, {@link Lifecycle#PER_CLASS}) gets a kernel of its own, booted with the
 * {@link #bundles()} named, or with every {@code META-INF/driverkit/Info.plist} on the test class path when none are
 * named. The test method, its {@code @BeforeEach} and {@code @AfterEach} methods (and, per class, its
 * {@code @BeforeAll} and {@code @AfterAll} methods) run as a task of that kernel with the entitlements given, so
 * {@code IOKitLib}'s functions and {@code IOKit.system()} reach it through {@code kIOMainPortDefault}.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(IOKitExtension.class)
public @interface IOKitTest {
    /**
     * {@return the class-path resources of the bundles' {@code Info.plist} files to boot with} Empty (the default):
     * every {@code META-INF/driverkit/Info.plist} on the test class path.
     */
    String[] bundles() default {};

    /**
     * {@return a class-path resource holding the test task's entitlements, a property list (e.g.
     * {@code test/Entitlements.plist})} Empty (the default): the class path's
     * {@code META-INF/iokit4j/Entitlements.plist} files, as an embedded app's, unless {@link #entitlement()} names
     * some. Both given: the file's, then the {@link #entitlement()} keys over them.
     */
    String entitlements() default "";

    /** {@return entitlements given one by one (added over {@link #entitlements()})} */
    Entitlement[] entitlement() default {};

    /** {@return when kernels are booted and closed} */
    Lifecycle lifecycle() default Lifecycle.PER_METHOD;

    /**
     * {@return whether the kernel's driver servers read a {@link ManualClock} instead of the system clock} With it,
     * timers fire only when the test advances the clock (a {@link ManualClock} parameter).
     */
    boolean manualClock() default false;

    /** {@return the kernel's name; empty (the default): the test class's simple name} */
    String name() default "";

    /** When kernels are booted and closed. */
    enum Lifecycle {
        /** A kernel per test method: booted before its {@code @BeforeEach} methods, closed after its {@code @AfterEach}. */
        PER_METHOD,
        /**
         * One kernel for the class: booted before its {@code @BeforeAll} methods, closed after its {@code @AfterAll}.
         * Each test method is still a task of its own, terminated after it (its connections and ports with it).
         */
        PER_CLASS
    }
}
