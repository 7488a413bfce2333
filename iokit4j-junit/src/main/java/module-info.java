/**
 * A JUnit Jupiter extension for dext tests ({@code @IOKitTest}): an isolated embedded kernel per test or per class,
 * the test run as a task with the entitlements it names, the kernel, {@code IOKit}, connections and notification ports
 * injected, a manual clock for timers, and the kernel's problems in the report of a failed test (docs/testing.md).
 */
module org.iokit4j.junit {
    requires transitive org.iokit4j.core;
    requires transitive org.iokit4j.iokitlib;
    requires transitive org.iokit4j.kernel;
    requires transitive org.iokit4j.driverkit;
    requires transitive org.junit.jupiter.api;

    exports org.iokit4j.junit;
}
