package org.iokit4j.client;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.iokit4j.Failure;
import org.iokit4j.IOReturn;
import org.iokit4j.iokitlib.StubKernel;
import org.iokit4j.mach.MachMessage;
import org.iokit4j.mach.MachTask;
import org.iokit4j.mach.TaskHandle;
import org.iokit4j.mach.SendRight;
import org.iokit4j.mig.MethodCall;
import org.iokit4j.mig.MethodReply;
import org.iokit4j.wire.ActionAbortedLayout;
import org.iokit4j.wire.AsyncCompletionLayout;

/**
 * Plays kernel and driver for the Java layer's async calls: keeps each call's wake port (made into a send right
 * from the caller's receive right, as MIG's MAKE_SEND does) and reference, and completes them on request.
 */
final class FakeAsyncDriver implements StubKernel.Driver {
    /** What the kernel writes into slot 0: its own pointer to the wake port, never sent back. */
    static final long KERNEL_SLOT0 = 0xFFFF_FF80_1234_5671L;

    final List<Pending> pending = new CopyOnWriteArrayList<>();
    volatile Failure failure;
    volatile long[] completeBeforeReturning;

    /**
     * One async call the driver kept (a retained OSAction).
     *
     * @param slot0 what the client put in the reserved slot 0 before the kernel overwrote it.
     */
    record Pending(SendRight wake, long[] reference, long slot0) {
        int complete(int result, long... args) {
            return wake.send(MachMessage.of(AsyncCompletionLayout.encode(reference, result, args, args.length)), true);
        }

        /** Sends what the kernel sends when it aborts the action ({@link ActionAbortedLayout}). */
        int abort(int reason, long completions) {
            return wake.send(MachMessage.of(ActionAbortedLayout.encode(reference, reason, completions)), true);
        }
    }

    @Override
    public void connectMethod(TaskHandle task, int connect, MethodCall call, MethodReply reply) {
        if (failure != null) {
            reply.fail(failure);
            return;
        }
        if (call.isAsync() && call.wakePort() != 0) {
            final SendRight wake = ((MachTask) task).space().makeSend(call.wakePort());
            if (wake == null) {
                reply.fail(Failure.of(IOReturn.MACH_SEND_INVALID_RIGHT, "wake port is not a receive right"));
                return;
            }
            final long[] reference = Arrays.copyOf(call.reference(), 8);
            final long slot0 = reference[0];
            reference[0] = KERNEL_SLOT0;
            final Pending kept = new Pending(wake, reference, slot0);
            pending.add(kept);
            if (completeBeforeReturning != null) {
                kept.complete(IOReturn.kIOReturnSuccess, completeBeforeReturning);
            }
        }
        reply.scalarOutput[0] = 77;
        reply.scalarOutputCount = 1;
    }

    void releaseAll() {
        pending.forEach(kept -> kept.wake().release());
    }
}
