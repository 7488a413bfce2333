package org.iokit4j.systemtests.closing;

import org.iokit4j.systemtests.support.UserClientProvider;

/** A test dext's service: registers itself and makes {@link ClosingUserClient}s. */
public class ClosingDriver extends UserClientProvider {
}
