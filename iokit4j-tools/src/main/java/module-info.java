/**
 * The {@code iokit4j} command line, on the client side of the boundary: {@code ioreg} (the registry's service plane
 * as a tree), {@code call} (one external method call, sync or async), {@code kerneld} (the kernel daemon) and shell
 * completion. The commands act as a task of a kernel, embedded or a running kernel daemon, through the routines every
 * app uses; they never import the kernel's classes or driver code (the embedded kernel is a run-time dependency,
 * found as a carrier with {@link java.util.ServiceLoader}; the daemon is a run-time dependency too, reached by its
 * class name).
 */
module org.iokit4j.tools {
    requires org.iokit4j.core;
    requires org.iokit4j.iokitlib;
    requires info.picocli;

    uses org.iokit4j.mig.KernelProvider;

    exports org.iokit4j.tools;
    opens org.iokit4j.tools to info.picocli;
}
