/**
 * The {@code iokit4j} command line ({@link org.iokit4j.tools.Iokit4j}) and its {@code ioreg} and {@code call}
 * commands: picocli front ends acting as a task of any kernel; {@code kerneld} runs the kernel daemon.
 */
package org.iokit4j.tools;
