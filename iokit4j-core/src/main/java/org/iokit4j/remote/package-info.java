/**
 * The daemon carrier ({@code unix:PATH}): the wire both sides of a kernel daemon's socket speak ({@link
 * org.iokit4j.remote.Greeting}, {@link org.iokit4j.remote.Op}, {@link org.iokit4j.remote.FrameOut}, {@link
 * org.iokit4j.remote.FrameIn}) and the app's side of it ({@link org.iokit4j.remote.RemoteKernel}).
 */
package org.iokit4j.remote;
