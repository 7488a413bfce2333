/**
 * The kernel daemon (contract.md §6): one embedded kernel with the dexts given with {@code --dext}, serving apps
 * of its own user in other JVMs over a Unix-domain socket. This module owns the process, the socket, the peer
 * check and the entitlements it grants; what runs over an admitted connection is a {@link
 * org.iokit4j.kerneld.ConnectionHandler} another module provides through {@link
 * org.iokit4j.kerneld.ConnectionHandlerFactory}.
 */
module org.iokit4j.kerneld {
    requires transitive org.iokit4j.kernel; // ConnectionHandlerFactory takes the Kernel
    requires info.picocli;
    requires java.xml; // dd-plist's XML parser takes a javax.xml DocumentBuilder
    requires jdk.net; // SO_PEERCRED
    requires jdk.unsupported; // sun.misc.Signal: SIGTERM and SIGINT stop the daemon with exit status 0

    exports org.iokit4j.kerneld;
    opens org.iokit4j.kerneld to info.picocli;

    uses org.iokit4j.kerneld.ConnectionHandlerFactory;
    provides org.iokit4j.kerneld.ConnectionHandlerFactory with org.iokit4j.kerneld.serve.SessionHandlers;
}
