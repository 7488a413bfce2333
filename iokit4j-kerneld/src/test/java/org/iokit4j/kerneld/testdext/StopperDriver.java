package org.iokit4j.kerneld.testdext;

import static org.iokit4j.IOReturn.kIOReturnSuccess;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The daemon tests' dext: starts on {@code IOUserResources}, registers, and says so on standard error; its
 * {@code Stop} says when it begins and ends, and, if the system property {@value #HOLD} names a file, waits for that
 * file to exist first (at most 60 s), so a test can hold a daemon in the middle of its stop.
 */
public class StopperDriver extends org.iokit4j.driverkit.IOService {
    /** The system property naming the file a {@code Stop} waits for. */
    public static final String HOLD = "kerneld.test.holdStop";
    /** How many times {@code Start} finished in this JVM (in-process tests read it). */
    public static final java.util.concurrent.atomic.AtomicInteger STARTS = new java.util.concurrent.atomic.AtomicInteger();
    /** How many times {@code Stop} finished in this JVM. */
    public static final java.util.concurrent.atomic.AtomicInteger STOPS = new java.util.concurrent.atomic.AtomicInteger();

    /** Made by the runtime. */
    public StopperDriver() {
    }

    @Override
    public int Start(org.iokit4j.driverkit.IOService provider) {
        final int ret = super.Start(provider);
        if (ret != kIOReturnSuccess) {
            return ret;
        }
        System.err.println("testdext: Start (loaded by " + StopperDriver.class.getClassLoader().getName() + ")");
        STARTS.incrementAndGet();
        return RegisterService();
    }

    @Override
    public int Stop(org.iokit4j.driverkit.IOService provider) {
        System.err.println("testdext: Stop begun");
        final String hold = System.getProperty(HOLD);
        if (hold != null) {
            final long deadline = System.nanoTime() + 60_000_000_000L;
            while (!Files.exists(Path.of(hold)) && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        final int ret = super.Stop(provider);
        STOPS.incrementAndGet();
        System.err.println("testdext: Stop finished");
        return ret;
    }
}
