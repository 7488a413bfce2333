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
    exports org.iokit4j.link;
    exports org.iokit4j.mach;
    exports org.iokit4j.memory;
    exports org.iokit4j.mig;
    exports org.iokit4j.remote;
    exports org.iokit4j.ring;
    exports org.iokit4j.trace;
    exports org.iokit4j.wire;

    uses org.iokit4j.mig.KernelProvider;
    provides org.iokit4j.mig.KernelProvider with org.iokit4j.remote.UnixKernelProvider;
}
