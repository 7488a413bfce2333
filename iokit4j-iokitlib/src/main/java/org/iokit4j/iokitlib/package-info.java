/** IOKitLib with Apple's names and argument order: a C client ports to Java line by line. */
package org.iokit4j.iokitlib;
