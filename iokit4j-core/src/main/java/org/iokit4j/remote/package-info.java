/** What crosses a kernel daemon's socket before any routine does: the greeting that admits or refuses a peer. */
package org.iokit4j.remote;
