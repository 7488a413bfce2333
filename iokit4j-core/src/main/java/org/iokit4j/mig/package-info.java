/** The MIG routines: the only way clients, the kernel and driver servers call each other. */
package org.iokit4j.mig;
