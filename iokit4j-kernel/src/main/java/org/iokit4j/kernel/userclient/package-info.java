/** User clients in the kernel: opening, entitlements, routing external method calls, completion actions. */
package org.iokit4j.kernel.userclient;
