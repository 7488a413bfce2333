package org.iokit4j.driverkit;

import java.util.concurrent.atomic.AtomicInteger;

/** A plain OSObject member that counts its free() calls: what the containers' retain/release tests watch. */
final class FreeRecorder extends OSObject {
    final AtomicInteger frees = new AtomicInteger();
    final String name;

    FreeRecorder(String name) {
        this.name = name;
    }

    @Override
    public void free() {
        frees.incrementAndGet();
        super.free();
    }

    @Override
    public String toString() {
        return "FreeRecorder(" + name + ")";
    }
}
