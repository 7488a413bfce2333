/** The I/O Registry: entries, their properties, the service plane, registration and termination. */
package org.iokit4j.kernel.registry;
