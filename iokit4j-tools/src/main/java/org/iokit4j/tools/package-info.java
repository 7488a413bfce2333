/** The {@code ioreg} and {@code iocall} commands: picocli front ends over an embedded kernel. */
package org.iokit4j.tools;
