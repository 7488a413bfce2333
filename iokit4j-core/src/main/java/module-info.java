/**
 * The parts both sides share: IOReturn codes and explanations, Mach ports and messages, wire layouts,
 * dispatch queues, and the MIG interfaces through which clients, the kernel and driver servers meet.
 */
module org.iokit4j.core {
    requires transitive jdk.jfr; // org.iokit4j.trace: the Flight Recorder events (docs/observability.md)
    requires jdk.net; // SO_PEERCRED: an app checks that its kernel daemon runs as its own user
    requires transitive org.agrona; // the rings of org.iokit4j.ring; its DirectBuffer is in that package's API

    exports org.iokit4j;
    exports org.iokit4j.dispatch;
    exports org.iokit4j.mach;
    exports org.iokit4j.memory;
    exports org.iokit4j.mig;

    // The plumbing iokit4j's own modules share, not API: the wire layouts, the daemon carrier, the driver-server link
    // and the shared-memory rings. Exported to the modules that use them only, so they are in no app's reach and in no
    // API reference.
    exports org.iokit4j.link to org.iokit4j.driverkit, org.iokit4j.kerneld;
    exports org.iokit4j.remote to org.iokit4j.driverkit, org.iokit4j.kerneld, org.iokit4j.tools, org.iokit4j.kernel;
    exports org.iokit4j.ring to org.iokit4j.driverkit;
    exports org.iokit4j.wire to org.iokit4j.driverkit, org.iokit4j.iokitlib, org.iokit4j.kernel;
    exports org.iokit4j.trace;

    uses org.iokit4j.mig.KernelProvider;
    provides org.iokit4j.mig.KernelProvider with org.iokit4j.remote.UnixKernelProvider;
}
