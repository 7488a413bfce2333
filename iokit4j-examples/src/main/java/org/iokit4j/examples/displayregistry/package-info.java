/**
 * Apple's {@code iodisplayregistry.c} (IOKitUser), ported line by line: an app that prints the registry as a tree
 * below the root, each entry with its class, busy state and retain count and, unless told not to, its properties
 * serialised with {@code IOCFSerialize}, as {@code ioreg -l} does (issue 11 deliverable 6).
 */
package org.iokit4j.examples.displayregistry;
