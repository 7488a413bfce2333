package org.iokit4j.mig;

import static org.iokit4j.IOReturn.kIOReturnBadArgument;

import java.lang.foreign.MemorySegment;
import org.iokit4j.Failure;

/**
 * The one check of a structure buffer a caller hands to an external method call, made before anything is sent:
 * the memory must still exist, this thread must be allowed to touch it, and memory the call writes must be
 * writable.
 *
 * <p>In C these are a freed pointer, a pointer into another thread's stack and a pointer into read-only pages:
 * the client stub or the kernel's copy-out would crash or fault. Here they are a {@code kIOReturnBadArgument}
 * naming the buffer, returned before the driver sees the call, so a call never fails half-way with the driver
 * already run. Both the faithful layer ({@code IOConnectCall*}) and the Java layer use it.
 *
 * <p><b>Concurrency.</b> Stateless. The check is a snapshot: an arena another thread closes after it makes the
 * later copy fail, which callers report the same way.
 */
public final class CallBuffers {
    private CallBuffers() {
    }

    /**
     * {@return {@code null} if the call may read {@code segment}, else the failure naming it}
     *
     * @param name    the parameter's name, e.g. {@code inputStruct}.
     * @param segment the caller's buffer; not null.
     */
    public static Failure checkReadable(String name, MemorySegment segment) {
        if (!segment.scope().isAlive()) {
            return Failure.of(kIOReturnBadArgument, "%s is no longer alive: its arena was closed (in C, memory"
                    + " already freed); nothing was sent", name);
        }
        if (!segment.isAccessibleBy(Thread.currentThread())) {
            return Failure.of(kIOReturnBadArgument, "%s belongs to a confined arena of another thread, so thread"
                    + " '%s' cannot read or write it: pass memory this thread may use (Arena.ofShared(),"
                    + " Arena.ofAuto(), Arena.global() or a heap segment); nothing was sent", name,
                    Thread.currentThread().getName());
        }
        return null;
    }

    /**
     * {@return {@code null} if the call may read and write {@code segment}, else the failure naming it}: an output
     * buffer, which the call fills.
     *
     * @param name    the parameter's name, e.g. {@code outputStruct}.
     * @param segment the caller's buffer; not null.
     */
    public static Failure checkWritable(String name, MemorySegment segment) {
        final Failure unreadable = checkReadable(name, segment);
        if (unreadable != null) {
            return unreadable;
        }
        if (segment.isReadOnly()) {
            return Failure.of(kIOReturnBadArgument, "%s is read-only (asReadOnly()), but the call writes its output"
                    + " there; nothing was sent", name);
        }
        return null;
    }
}
