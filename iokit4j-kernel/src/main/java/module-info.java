/**
 * The embedded kernel: driver bundles and their personalities, matching dictionaries, the I/O Registry, and the
 * rules a user-client call passes through. It meets clients and driver servers only through core's MIG
 * interfaces.
 */
module org.iokit4j.kernel {
    requires transitive org.iokit4j.core;
    // dd-plist is inside this module, relocated to org.iokit4j.kernel.internal.ddplist and not exported (issue 12:
    // a published module requires no automatic module); it parses XML with the JDK's parser.
    requires java.xml;

    exports org.iokit4j.kernel;
    exports org.iokit4j.kernel.bundle;
    exports org.iokit4j.kernel.matching;
    exports org.iokit4j.kernel.notification;
    exports org.iokit4j.kernel.registry;
    exports org.iokit4j.kernel.userclient;

    uses org.iokit4j.mig.DextHost;

    provides org.iokit4j.mig.KernelProvider with org.iokit4j.kernel.EmbeddedKernelProvider;
}
