package org.iokit4j.iokitlib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.iokitlib.CoreFoundation.CFRunLoopAddSource;
import static org.iokit4j.iokitlib.CoreFoundation.CFRunLoopContainsSource;
import static org.iokit4j.iokitlib.CoreFoundation.CFRunLoopGetCurrent;
import static org.iokit4j.iokitlib.CoreFoundation.CFRunLoopGetMain;
import static org.iokit4j.iokitlib.CoreFoundation.CFRunLoopRemoveSource;
import static org.iokit4j.iokitlib.CoreFoundation.CFRunLoopRun;
import static org.iokit4j.iokitlib.CoreFoundation.CFRunLoopRunInMode;
import static org.iokit4j.iokitlib.CoreFoundation.CFRunLoopStop;
import static org.iokit4j.iokitlib.CoreFoundation.kCFRunLoopCommonModes;
import static org.iokit4j.iokitlib.CoreFoundation.kCFRunLoopDefaultMode;
import static org.iokit4j.iokitlib.CoreFoundation.kCFRunLoopRunFinished;
import static org.iokit4j.iokitlib.CoreFoundation.kCFRunLoopRunHandledSource;
import static org.iokit4j.iokitlib.CoreFoundation.kCFRunLoopRunStopped;
import static org.iokit4j.iokitlib.CoreFoundation.kCFRunLoopRunTimedOut;
import static org.iokit4j.iokitlib.IOKitLib.IONotificationPortCreate;
import static org.iokit4j.iokitlib.IOKitLib.IONotificationPortDestroy;
import static org.iokit4j.iokitlib.IOKitLib.IONotificationPortGetRunLoopSource;
import static org.iokit4j.iokitlib.IOKitLib.asyncCallout;
import static org.iokit4j.iokitlib.IOKitLib.kIOMainPortDefault;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.iokit4j.dispatch.DispatchQueue;
import org.iokit4j.mig.Caller;
import org.iokit4j.testsupport.LogCapture;
import org.junit.jupiter.api.Test;

class RunLoopTest {
    private final StubKernel kernel = new StubKernel();
    private final List<Long> calls = new CopyOnWriteArrayList<>();
    private final long recording = asyncCallout((IOAsyncCallback1) (refcon, result, arg0) -> calls.add(arg0));

    @Test
    void shouldStepOneMessageAtATime() throws Exception {
        // contract.md §2 run loops; CF's CFRunLoopRunInMode(returnAfterSourceHandled) return codes
        TestThreads.onFreshThread(() -> {
            final IONotificationPortRef port = create();
            CFRunLoopAddSource(CFRunLoopGetCurrent(), IONotificationPortGetRunLoopSource(port), kCFRunLoopDefaultMode);
            try (CompletionSender sender = CompletionSender.to(port)) {
                sender.send(new long[] {0, recording, 0}, 0, 1);
                sender.send(new long[] {0, recording, 0}, 0, 2);

                assertThat(CFRunLoopRunInMode(kCFRunLoopDefaultMode, 0, true)).isEqualTo(kCFRunLoopRunHandledSource);
                assertThat(calls).containsExactly(1L);
                assertThat(CFRunLoopRunInMode(kCFRunLoopDefaultMode, 0, true)).isEqualTo(kCFRunLoopRunHandledSource);
                assertThat(calls).containsExactly(1L, 2L);
                assertThat(CFRunLoopRunInMode(kCFRunLoopDefaultMode, 0, true)).isEqualTo(kCFRunLoopRunTimedOut);
            } finally {
                IONotificationPortDestroy(port);
            }
        });
    }

    @Test
    void shouldReturnFinishedWhenTheModeHasNoSources() throws Exception {
        // contract.md §2: CFRunLoopRun returns when the run loop has no sources
        TestThreads.onFreshThread(() -> {
            assertThat(CFRunLoopRunInMode(kCFRunLoopDefaultMode, 10, false)).isEqualTo(kCFRunLoopRunFinished);
            CFRunLoopRun(); // returns at once: nothing to run
        });
    }

    @Test
    void shouldStopFromACallback() throws Exception {
        // contract.md §2: CFRunLoopStop from a callback ends CFRunLoopRun (the seed's pattern)
        TestThreads.onFreshThread(() -> {
            final IONotificationPortRef port = create();
            final CFRunLoop loop = CFRunLoopGetCurrent();
            final long stopping = asyncCallout((IOAsyncCallback1) (refcon, result, arg0) -> {
                calls.add(arg0);
                CFRunLoopStop(loop);
            });
            CFRunLoopAddSource(loop, IONotificationPortGetRunLoopSource(port), kCFRunLoopDefaultMode);
            try (CompletionSender sender = CompletionSender.to(port)) {
                sender.send(new long[] {0, stopping, 0}, 0, 42);
                CFRunLoopRun();
            } finally {
                IONotificationPortDestroy(port);
            }
            assertThat(calls).containsExactly(42L);
        });
    }

    @Test
    void shouldStopFromAnotherThreadWhileRunning() throws Exception {
        // contract.md §2: CFRunLoopStop from any thread; the run loop blocks (parks) while idle
        final CountDownLatch running = new CountDownLatch(1);
        final AtomicReference<CFRunLoop> loop = new AtomicReference<>();
        final IONotificationPortRef port = create();
        final long signalling = asyncCallout((IOAsyncCallback0) (refcon, result) -> running.countDown());
        final Thread runner = Thread.ofPlatform().name("runner").start(() -> {
            loop.set(CFRunLoopGetCurrent());
            CFRunLoopAddSource(loop.get(), IONotificationPortGetRunLoopSource(port), kCFRunLoopDefaultMode);
            CFRunLoopRun();
        });
        try (CompletionSender sender = CompletionSender.to(port)) {
            sender.send(new long[] {0, signalling, 0}, 0);
            assertThat(running.await(TestThreads.GUARD_MILLIS, TimeUnit.MILLISECONDS)).isTrue();

            CFRunLoopStop(loop.get());

            runner.join(TestThreads.GUARD_MILLIS);
            assertThat(runner.isAlive()).as("CFRunLoopRun returned after CFRunLoopStop").isFalse();
        } finally {
            IONotificationPortDestroy(port);
        }
    }

    @Test
    void shouldReturnAtOnceWhenStoppedBeforeRunning() throws Exception {
        // CF: a stop requested while no run is active makes the next run return kCFRunLoopRunStopped
        TestThreads.onFreshThread(() -> {
            final IONotificationPortRef port = create();
            CFRunLoopAddSource(CFRunLoopGetCurrent(), IONotificationPortGetRunLoopSource(port), kCFRunLoopDefaultMode);
            try {
                CFRunLoopStop(CFRunLoopGetCurrent());
                assertThat(CFRunLoopRunInMode(kCFRunLoopDefaultMode, 1e10, false)).isEqualTo(kCFRunLoopRunStopped);
                assertThat(CFRunLoopRunInMode(kCFRunLoopDefaultMode, 0, false)).isEqualTo(kCFRunLoopRunTimedOut);
            } finally {
                IONotificationPortDestroy(port);
            }
        });
    }

    @Test
    void shouldFinishWhenACallbackDestroysTheOnlyPort() throws Exception {
        // apple-semantics.md §4.1: Destroy invalidates the run loop source; an empty run loop finishes
        TestThreads.onFreshThread(() -> {
            final IONotificationPortRef port = create();
            final long destroying = asyncCallout(
                    (IOAsyncCallback0) (refcon, result) -> IONotificationPortDestroy(port));
            final CFRunLoopSource source = IONotificationPortGetRunLoopSource(port);
            CFRunLoopAddSource(CFRunLoopGetCurrent(), source, kCFRunLoopDefaultMode);
            try (CompletionSender sender = CompletionSender.to(port)) {
                sender.send(new long[] {0, destroying, 0}, 0);

                assertThat(CFRunLoopRunInMode(kCFRunLoopDefaultMode, 1e10, false)).isEqualTo(kCFRunLoopRunFinished);
            }
            assertThat(source.isValid()).isFalse();
            assertThat(CFRunLoopContainsSource(CFRunLoopGetCurrent(), source, kCFRunLoopDefaultMode)).isFalse();
        });
    }

    @Test
    void shouldGoOnAfterACallbackThrows() throws Exception {
        // style.md rule 4: a throwing callback must not kill the run loop
        TestThreads.onFreshThread(() -> {
            final IONotificationPortRef port = create();
            final long throwing = asyncCallout((IOAsyncCallback0) (refcon, result) -> {
                throw new IllegalStateException("callback bug");
            });
            CFRunLoopAddSource(CFRunLoopGetCurrent(), IONotificationPortGetRunLoopSource(port), kCFRunLoopDefaultMode);
            try (CompletionSender sender = CompletionSender.to(port); LogCapture log = new LogCapture()) {
                sender.send(new long[] {0, throwing, 0}, 0);
                sender.send(new long[] {0, recording, 0}, 0, 5);

                assertThat(CFRunLoopRunInMode(kCFRunLoopDefaultMode, 0, true)).isEqualTo(kCFRunLoopRunHandledSource);
                assertThat(CFRunLoopRunInMode(kCFRunLoopDefaultMode, 0, true)).isEqualTo(kCFRunLoopRunHandledSource);
                assertThat(calls).containsExactly(5L);
                assertThat(port.counters().callbackFailures()).isEqualTo(1);
                assertThat(log.warningsContaining("callback bug")).hasSize(1);
            } finally {
                IONotificationPortDestroy(port);
            }
        });
    }

    @Test
    void shouldServeCommonModeSourcesInTheDefaultModeUntilRemoved() throws Exception {
        // CF: a source added to kCFRunLoopCommonModes is in every common mode, the default mode included
        TestThreads.onFreshThread(() -> {
            final IONotificationPortRef port = create();
            final CFRunLoopSource source = IONotificationPortGetRunLoopSource(port);
            CFRunLoopAddSource(CFRunLoopGetCurrent(), source, kCFRunLoopCommonModes);
            try (CompletionSender sender = CompletionSender.to(port)) {
                sender.send(new long[] {0, recording, 0}, 0, 9);

                assertThat(CFRunLoopContainsSource(CFRunLoopGetCurrent(), source, kCFRunLoopDefaultMode)).isTrue();
                assertThat(CFRunLoopRunInMode("someOtherMode", 0, true)).isEqualTo(kCFRunLoopRunFinished);
                assertThat(CFRunLoopRunInMode(kCFRunLoopDefaultMode, 0, true)).isEqualTo(kCFRunLoopRunHandledSource);
                assertThat(calls).containsExactly(9L);

                CFRunLoopRemoveSource(CFRunLoopGetCurrent(), source, kCFRunLoopCommonModes);
                assertThat(CFRunLoopRunInMode(kCFRunLoopDefaultMode, 0, true)).isEqualTo(kCFRunLoopRunFinished);
            } finally {
                IONotificationPortDestroy(port);
            }
        });
    }

    @Test
    void shouldServiceTheMainQueueOnTheMainRunLoop() {
        // contract.md §2: DispatchQueue.main() is serviced by the main run loop
        final List<String> ran = new CopyOnWriteArrayList<>();
        final CFRunLoop main = CFRunLoopGetMain();
        DispatchQueue.main().async(() -> ran.add("main work"));

        assertThat(main.runInMode(kCFRunLoopDefaultMode, 0, true)).isEqualTo(kCFRunLoopRunHandledSource);
        assertThat(ran).containsExactly("main work");
        assertThat(main.runInMode(kCFRunLoopDefaultMode, 0, true)).isEqualTo(kCFRunLoopRunTimedOut);
    }

    @Test
    void shouldGiveEachThreadItsOwnRunLoop() throws Exception {
        // contract.md §2: a run loop runs on the calling thread; CFRunLoopGetCurrent is per thread
        final CFRunLoop mine = CFRunLoopGetCurrent();
        final AtomicReference<CFRunLoop> theirs = new AtomicReference<>();
        TestThreads.onFreshThread(() -> theirs.set(CFRunLoopGetCurrent()));

        assertThat(theirs.get()).isNotNull().isNotSameAs(mine);
        assertThat(CFRunLoopGetCurrent()).isSameAs(mine);
    }

    private IONotificationPortRef create() {
        return Caller.callAs(kernel.caller(), () -> IONotificationPortCreate(kIOMainPortDefault));
    }
}
