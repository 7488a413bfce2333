package org.iokit4j.systemtests.async;

import org.iokit4j.systemtests.support.UserClientProvider;

/** A test dext for asynchronous calls: registers itself and hands out {@link AsyncUserClient}s. */
public class AsyncDriver extends UserClientProvider {
}
