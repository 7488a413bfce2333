/**
 * The kernel daemon's side of the daemon carrier: each app task's session, the routines it runs, and the messages it
 * forwards (the app's side is {@code org.iokit4j.remote}).
 */
package org.iokit4j.kerneld.serve;
