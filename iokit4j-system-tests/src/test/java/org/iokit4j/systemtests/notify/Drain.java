package org.iokit4j.systemtests.notify;

import static org.iokit4j.iokitlib.IOKitLib.IOIteratorNext;
import static org.iokit4j.iokitlib.IOKitLib.IOObjectRelease;
import static org.iokit4j.iokitlib.IOKitLib.IORegistryEntryGetRegistryEntryID;

import java.util.ArrayList;
import java.util.List;

/** Drains a notification iterator as Apple's samples do, releasing each service; returns their registry IDs. */
final class Drain {
    private Drain() {
    }

    static List<Long> ids(int iterator) {
        final List<Long> ids = new ArrayList<>();
        int service;
        while ((service = IOIteratorNext(iterator)) != 0) {
            final long[] id = new long[1];
            IORegistryEntryGetRegistryEntryID(service, id); // no IORegistryEntryID property: XNU makes none up
            ids.add(id[0]);
            IOObjectRelease(service);
        }
        return ids;
    }
}
