package org.iokit4j.kernel.matching;

import java.util.List;
import java.util.Map;

/** A registry entry made of plain values, for matching tests. */
record TestCandidate(List<String> classChain, String name, Map<String, Object> properties, long registryEntryID,
                     boolean isRegistered) implements MatchCandidate {

    /** {@return a registered IOUserService named {@code com.example.Echo} with entry ID 42 and these properties} */
    static TestCandidate echo(Map<String, Object> properties) {
        return new TestCandidate(List.of("com.example.Echo", "Echo", "IOUserService", "IOService", "IORegistryEntry",
                "OSObject"), "com.example.Echo", properties, 42L, true);
    }
}
