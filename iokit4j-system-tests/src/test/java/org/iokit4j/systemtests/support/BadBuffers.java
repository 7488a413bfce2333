package org.iokit4j.systemtests.support;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Structure buffers that are bad in each way a call must refuse before sending anything (issue 8): memory of a
 * closed arena, memory confined to another thread, and read-only memory; each inline (16 bytes) and large (5000
 * bytes, over the 4096-byte inline limit).
 *
 * <p>The other thread owns its arena until {@link #close()}, which stops it and checks it stopped.
 */
public final class BadBuffers implements AutoCloseable {
    public static final int SMALL = 16;
    public static final int LARGE = 5000;

    public final MemorySegment closedSmall;
    public final MemorySegment closedLarge;
    public final MemorySegment foreignSmall;
    public final MemorySegment foreignLarge;
    public final MemorySegment readOnlySmall = MemorySegment.ofArray(new byte[SMALL]).asReadOnly();
    public final MemorySegment readOnlyLarge = MemorySegment.ofArray(new byte[LARGE]).asReadOnly();

    private final CountDownLatch release = new CountDownLatch(1);
    private final Thread owner;

    public BadBuffers() {
        try (Arena arena = Arena.ofConfined()) {
            closedSmall = arena.allocate(SMALL);
            closedLarge = arena.allocate(LARGE);
        }
        final CompletableFuture<MemorySegment[]> foreign = new CompletableFuture<>();
        owner = Thread.ofPlatform().name("foreign-arena-owner").start(() -> {
            try (Arena arena = Arena.ofConfined()) {
                foreign.complete(new MemorySegment[] {arena.allocate(SMALL), arena.allocate(LARGE)});
                release.await();
            } catch (InterruptedException stop) {
                Thread.currentThread().interrupt();
            }
        });
        final MemorySegment[] segments = foreign.orTimeout(30, TimeUnit.SECONDS).join();
        foreignSmall = segments[0];
        foreignLarge = segments[1];
    }

    @Override
    public void close() {
        release.countDown();
        try {
            owner.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (owner.isAlive()) {
            throw new IllegalStateException("the thread owning the foreign arena did not stop");
        }
    }
}
