package org.iokit4j.benchmarks.ipc;

import static org.iokit4j.iokitlib.IOKitLib.IOConnectCallAsyncScalarMethod;
import static org.iokit4j.iokitlib.IOKitLib.IONotificationPortCreate;
import static org.iokit4j.iokitlib.IOKitLib.IONotificationPortDestroy;
import static org.iokit4j.iokitlib.IOKitLib.IONotificationPortGetMachPort;
import static org.iokit4j.iokitlib.IOKitLib.IONotificationPortSetDispatchQueue;
import static org.iokit4j.iokitlib.IOKitLib.IOObjectRelease;
import static org.iokit4j.iokitlib.IOKitLib.IOServiceClose;
import static org.iokit4j.iokitlib.IOKitLib.IOServiceGetMatchingService;
import static org.iokit4j.iokitlib.IOKitLib.IOServiceNameMatching;
import static org.iokit4j.iokitlib.IOKitLib.IOServiceOpen;
import static org.iokit4j.iokitlib.IOKitLib.asyncCallout;
import static org.iokit4j.iokitlib.IOKitLib.kIOAsyncCalloutCount;
import static org.iokit4j.iokitlib.IOKitLib.kIOAsyncCalloutFuncIndex;
import static org.iokit4j.iokitlib.IOKitLib.kIOMainPortDefault;
import static org.iokit4j.iokitlib.IOKitLib.kIOReturnSuccess;
import static org.iokit4j.iokitlib.IOKitLib.kOSAsyncRef64Count;
import static org.iokit4j.iokitlib.IOKitLib.mach_task_self;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.iokit4j.Diagnostics;
import org.iokit4j.benchmarks.driver.BenchDriver;
import org.iokit4j.benchmarks.driver.BenchUserClient;
import org.iokit4j.dispatch.DispatchQueue;
import org.iokit4j.iokitlib.IOAsyncCallback1;
import org.iokit4j.iokitlib.IONotificationPortRef;

/**
 * Leg {@code iokit4j-stream}: async completions per second from a driver in the kernel daemon to an app JVM when
 * the driver streams them: one {@code IOConnectCallAsyncScalarMethod} to the bench dext's {@code kAsyncStream}
 * asks for {@value #CHUNK} completions of the call's {@code OSAction}, which the driver sends from its queue as a
 * sensor or HID dext sends events; the app waits (parked, not spinning) until its callback ran for the last one,
 * and asks again, until {@link Options#streamCount()} completions ran after {@link Options#streamWarmup()}.
 *
 * <p>Unlike {@code iokit4j-async}, whose rate is bounded by one call's round trip per completion, this measures the
 * completion path itself: the kernel's queueing, the daemon's batched push, the app's mailbox and dispatch queue.
 * Its baseline is {@link RawOnewayLeg}: the same number of completion-sized messages, nothing in between. A chunk
 * stays far below the kernel's queue limit (65,534), so nothing is dropped and every completion is counted.
 */
final class IokitStreamLeg extends DaemonStreamLeg {
    /** Completions per call. */
    static final int CHUNK = 8192;

    @Override
    public String name() {
        return "iokit4j-stream";
    }

    /** A child's entry point: {@code client WARMUP COUNT}, in an app JVM pointed at the daemon. */
    public static void main(String[] args) {
        Leg.runChild("iokit4j-stream client", () -> System.out.println(
                stream(Integer.parseInt(args[1]), Integer.parseInt(args[2])).line()));
    }

    /** The app: a connection, a notification port on a dispatch queue, and a callback that counts. */
    private static final class App {
        final int connect;
        final DispatchQueue queue = DispatchQueue.create("stream.completions");
        final IONotificationPortRef port = IONotificationPortCreate(kIOMainPortDefault);
        final long[] reference = new long[kOSAsyncRef64Count];
        volatile long seen;
        volatile long target = Long.MAX_VALUE;
        volatile Thread waiter;
        long next;

        App() {
            final int service = IOServiceGetMatchingService(kIOMainPortDefault, IOServiceNameMatching(BenchDriver.NAME));
            final int[] out = new int[1];
            check(IOServiceOpen(service, mach_task_self(), 0, out));
            IOObjectRelease(service);
            connect = out[0];
            IONotificationPortSetDispatchQueue(port, queue);
            reference[kIOAsyncCalloutFuncIndex] = asyncCallout((IOAsyncCallback1) (refcon, result, index) -> {
                if (index != next++) {
                    throw new IllegalStateException("completion " + index + " arrived where " + (next - 1)
                            + " belonged: out of order");
                }
                final long now = seen + 1; // one writer: the queue's thread
                seen = now;
                if (now >= target) {
                    LockSupport.unpark(waiter);
                }
            });
        }

        void chunk() {
            next = 0;
            target = seen + CHUNK;
            waiter = Thread.currentThread();
            check(IOConnectCallAsyncScalarMethod(connect, BenchUserClient.kAsyncStream,
                    IONotificationPortGetMachPort(port), reference, kIOAsyncCalloutCount, new long[] {CHUNK}, 1,
                    null, null));
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (seen < target) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("only " + (seen - target + CHUNK) + " of " + CHUNK
                            + " completions arrived within 60 s");
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            }
        }

        void close() {
            IONotificationPortDestroy(port);
            queue.close();
            IOServiceClose(connect);
        }

        private static void check(int code) {
            if (code != kIOReturnSuccess) {
                throw new IllegalStateException(Diagnostics.lastFailure().toString());
            }
        }
    }

    static Stats.Rate stream(int warmup, int count) {
        final App app = new App();
        try {
            for (int i = 0; i < chunks(warmup); i++) {
                app.chunk();
            }
            final int chunks = chunks(count);
            final long start = System.nanoTime();
            for (int i = 0; i < chunks; i++) {
                app.chunk();
            }
            return new Stats.Rate((long) chunks * CHUNK, System.nanoTime() - start);
        } finally {
            app.close();
        }
    }

    private static int chunks(int completions) {
        return Math.max(1, (completions + CHUNK - 1) / CHUNK);
    }
}
