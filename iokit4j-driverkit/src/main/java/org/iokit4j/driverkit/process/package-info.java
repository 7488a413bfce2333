/**
 * A driver server in a process of its own (issue 10): {@link org.iokit4j.driverkit.process.DriverServerMain}, the
 * JVM the kernel daemon starts for one {@code IOUserServerName}, which runs the same DriverKit runtime as the embedded
 * kernel's and reaches the kernel over a {@link org.iokit4j.link.Link} on its standard input and output.
 */
package org.iokit4j.driverkit.process;
