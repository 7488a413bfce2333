package org.iokit4j.client;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicBoolean;
import org.iokit4j.Failure;
import org.iokit4j.IOReturnException;
import org.iokit4j.mig.Caller;

/**
 * Memory an app shares with drivers without a copy, whichever carrier runs its kernel ({@link IOKit#allocate}).
 *
 * <p>Pass {@link #segment()} (or any slice of it) as a structure over 4096 bytes: embedded, the driver's descriptor
 * is these bytes, as it is for any segment; with the kernel daemon ({@code unix:PATH}) the buffer is a shared-memory
 * region of the daemon's that this process maps, so the call names it instead of staging a copy through a region
 * made for the call (what a heap or arena segment costs there: docs/large-buffers.md).
 *
 * {@snippet :
 * try (SharedBuffer samples = IOKit.system().allocate(64 * 1024)) {
 *     driver.call(kReadSamples).structureOutput(samples.segment()).invoke(); // the driver fills it in place
 * }
 * }
 *
 * <p><b>Concurrency.</b> Thread-safe; the bytes are shared: order reads and writes around calls and completions.
 */
public final class SharedBuffer implements AutoCloseable {
    private final Caller caller;
    private final MemorySegment segment;
    private final AtomicBoolean closed = new AtomicBoolean();

    SharedBuffer(Caller caller, MemorySegment segment) {
        this.caller = caller;
        this.segment = segment;
    }

    /** {@return the bytes, zero-filled at allocation; inaccessible once closed} */
    public MemorySegment segment() {
        return segment;
    }

    /** {@return the size in bytes} */
    public long size() {
        return segment.byteSize();
    }

    /**
     * Gives the memory back: unmapped in this process at once, freed once no driver holds it. Idempotent.
     *
     * @throws IOReturnException if the kernel refuses (it cannot be reached: the memory went with its task).
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            final Failure failure = caller.kernel().memoryRelease(caller.task(), segment);
            if (failure != null) {
                throw new IOReturnException(failure);
            }
        }
    }

    @Override
    public String toString() {
        return "SharedBuffer[" + segment.byteSize() + " bytes" + (closed.get() ? ", closed]" : "]");
    }
}
