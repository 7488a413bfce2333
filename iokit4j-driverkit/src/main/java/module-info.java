/**
 * The driver side: DriverKit's classes with Apple's names ({@code IOService}, {@code IOUserClient},
 * {@code OSAction}, …) and the runtime that hosts them in driver servers. It never sees client code: it meets
 * the kernel only through the MIG interfaces in core.
 */
module org.iokit4j.driverkit {
    requires transitive org.iokit4j.core;
    exports org.iokit4j.driverkit;

    provides org.iokit4j.mig.DextHost with org.iokit4j.driverkit.EmbeddedDextHost;
}
