package org.iokit4j.systemtests.objects;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.iokit4j.IOReturn;
import org.iokit4j.driverkit.IOService;

/**
 * A driver whose {@code Start} waits at a gate: while it waits, its provider's matching is not done, so the
 * provider, and every service above it, is busy (XNU {@code IOService::doServiceMatch} keeps the busy count until the
 * drivers it started return). The gate state is static: one gate per driver server, armed by
 * {@link ObjectsUserClient#kSpawnGated} and opened by {@link ObjectsUserClient#kOpenGate}, in the same process.
 */
public class GatedDriver extends IOService {
    /** The longest a {@code Start} waits: a guard against a test that never opens the gate. */
    static final long GUARD_SECONDS = 30;

    private static volatile CountDownLatch started = new CountDownLatch(0);
    private static volatile CountDownLatch gate = new CountDownLatch(0);

    /** Makes a new gate, closed, for the next {@code Start}. */
    static void arm() {
        started = new CountDownLatch(1);
        gate = new CountDownLatch(1);
    }

    /** {@return whether a {@code Start} reached the gate within the guard time} */
    static boolean awaitStarted() throws InterruptedException {
        return started.await(GUARD_SECONDS, TimeUnit.SECONDS);
    }

    /** Opens the gate: the waiting {@code Start} returns. */
    static void open() {
        gate.countDown();
    }

    @Override
    public int Start(IOService provider) {
        final int ret = super.Start(provider);
        if (ret != IOReturn.kIOReturnSuccess) {
            return ret;
        }
        final CountDownLatch myGate = gate;
        started.countDown();
        try {
            myGate.await(GUARD_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        return IOReturn.kIOReturnSuccess;
    }
}
