/** Serial dispatch queues: libdispatch's semantics (FIFO, sync on the caller's thread when idle), steppable by hand. */
package org.iokit4j.dispatch;
