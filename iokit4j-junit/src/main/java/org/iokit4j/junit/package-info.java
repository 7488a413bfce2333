/**
 * The JUnit Jupiter extension for dext tests: annotate a test class with {@link org.iokit4j.junit.IOKitTest}, name
 * the bundles, and take what the test needs as parameters ({@link org.iokit4j.kernel.Kernel},
 * {@link org.iokit4j.client.IOKit}, a {@link org.iokit4j.client.Connection} to a {@link org.iokit4j.junit.Service},
 * a {@link org.iokit4j.client.NotificationPort} and the {@link org.iokit4j.dispatch.DispatchQueue} it delivers on,
 * a {@link org.iokit4j.junit.ManualClock}). How to use it: docs/testing.md.
 */
package org.iokit4j.junit;
