/**
 * Command-line tools over an embedded kernel: {@code ioreg} (the registry's service plane as a tree) and
 * {@code iocall} (one synchronous external method call). They use only the kernel's public view and the client
 * library, never driver code.
 */
module org.iokit4j.tools {
    requires org.iokit4j.kernel;
    requires org.iokit4j.iokitlib;
    requires info.picocli;

    exports org.iokit4j.tools;
    opens org.iokit4j.tools to info.picocli;
}
