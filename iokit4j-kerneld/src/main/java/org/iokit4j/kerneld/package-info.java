/** The kernel daemon: its process, its socket, who may connect, and what each connecting user is granted. */
package org.iokit4j.kerneld;
