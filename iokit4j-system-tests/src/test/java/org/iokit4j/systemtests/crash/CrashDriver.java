package org.iokit4j.systemtests.crash;

import org.iokit4j.systemtests.support.UserClientProvider;

/**
 * The service the crash test kills (issue 10): matched on {@link CrashProvider}, which lives in another driver server,
 * so its {@code Start} is a nested call from one server, through the kernel, into another ({@code RegisterService} →
 * matching → {@code Start}).
 */
public class CrashDriver extends UserClientProvider {
}
