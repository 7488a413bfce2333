/** The {@code ioreg} and {@code iocall} commands: picocli front ends acting as a task of any kernel. */
package org.iokit4j.tools;
