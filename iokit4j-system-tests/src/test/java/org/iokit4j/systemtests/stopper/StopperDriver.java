package org.iokit4j.systemtests.stopper;

import org.iokit4j.systemtests.support.UserClientProvider;

/** A test dext's service: registers itself and makes {@link StopperUserClient}s, as Apple's NullDriver does. */
public class StopperDriver extends UserClientProvider {
}
