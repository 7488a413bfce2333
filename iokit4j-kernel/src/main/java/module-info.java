/**
 * The kernel: driver bundles and their personalities, matching dictionaries, the registry and the rules
 * a user-client call passes through.
 */
module org.iokit4j.kernel {
    requires transitive org.iokit4j.core;
    requires transitive dd.plist; // PlistValues takes dd-plist types
    requires java.xml; // dd-plist's parse methods declare javax.xml and org.xml.sax exceptions

    exports org.iokit4j.kernel.bundle;
    exports org.iokit4j.kernel.matching;
}
