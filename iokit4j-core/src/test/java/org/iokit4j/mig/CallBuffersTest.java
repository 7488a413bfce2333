package org.iokit4j.mig;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.iokit4j.IOReturn;
import org.junit.jupiter.api.Test;

/** The structure-buffer rule of issue 8: alive, usable by this thread, writable for output; checked before sending. */
class CallBuffersTest {

    @Test
    void shouldAcceptHeapNativeAndReadOnlyInputs() { // contract.md decided point 0: any segment works
        try (Arena arena = Arena.ofConfined()) {
            assertThat(CallBuffers.checkReadable("inputStruct", MemorySegment.ofArray(new byte[4]))).isNull();
            assertThat(CallBuffers.checkReadable("inputStruct", arena.allocate(4))).isNull();
            assertThat(CallBuffers.checkReadable("inputStruct", arena.allocate(4).asReadOnly())).isNull();
            assertThat(CallBuffers.checkWritable("outputStruct", arena.allocate(4))).isNull();
        }
    }

    @Test
    void shouldRefuseAClosedArenaNamingTheBuffer() { // issue 8: a closed arena threw instead of a code
        final MemorySegment closed;
        try (Arena arena = Arena.ofConfined()) {
            closed = arena.allocate(8);
        }
        assertThat(CallBuffers.checkReadable("inputStruct", closed).code()).isEqualTo(IOReturn.kIOReturnBadArgument);
        assertThat(CallBuffers.checkWritable("outputStruct", closed).explanation())
                .startsWith("outputStruct is no longer alive");
    }

    @Test
    void shouldRefuseAnotherThreadsConfinedMemory() throws Exception { // issue 8: confined to another thread
        final CountDownLatch done = new CountDownLatch(1);
        final CompletableFuture<MemorySegment> foreign = new CompletableFuture<>();
        final Thread owner = Thread.ofPlatform().start(() -> {
            try (Arena arena = Arena.ofConfined()) {
                foreign.complete(arena.allocate(8));
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            final MemorySegment segment = foreign.get(30, TimeUnit.SECONDS);
            assertThat(CallBuffers.checkReadable("inputStruct", segment).explanation())
                    .startsWith("inputStruct belongs to a confined arena of another thread");
        } finally {
            done.countDown();
            owner.join(TimeUnit.SECONDS.toMillis(30));
        }
        assertThat(owner.isAlive()).isFalse();
    }

    @Test
    void shouldRefuseReadOnlyOutput() { // issue 8: found only after the driver ran, before this rule
        final MemorySegment readOnly = MemorySegment.ofArray(new byte[8]).asReadOnly();
        assertThat(CallBuffers.checkWritable("outputStruct", readOnly).explanation())
                .startsWith("outputStruct is read-only");
    }
}
