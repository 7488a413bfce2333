package org.iokit4j.systemtests.memory;

import org.iokit4j.systemtests.support.UserClientProvider;

/** A test dext for memory descriptors and shared mappings: registers itself and hands out {@link MemoryUserClient}s. */
public class MemoryDriver extends UserClientProvider {
}
