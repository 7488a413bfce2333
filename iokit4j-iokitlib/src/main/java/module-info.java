/**
 * The client side: IOKitLib with Apple's names (the faithful layer) and the Java layer over the same path.
 * It never sees driver code: it speaks to the kernel through the MIG interfaces in core.
 */
module org.iokit4j.iokitlib {
    requires transitive org.iokit4j.core;
    exports org.iokit4j.iokitlib;
    exports org.iokit4j.client;
}
