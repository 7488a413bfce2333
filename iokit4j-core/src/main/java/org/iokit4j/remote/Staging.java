package org.iokit4j.remote;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.iokit4j.wire.AsyncCompletionLayout;

/**
 * Memory given to a call that the daemon cannot map (a heap segment, or native memory that is not one of the
 * daemon's regions), carried through a region of the daemon's: copied in before the call, copied back when it
 * returns, and, for an async call's output, copied back again before each completion of that call is delivered
 * (decided point 4: the driver's writes are visible to the caller when the call returns and at every completion).
 *
 * <p><b>Concurrency.</b> Thread-safe. Copy-backs at completions run on the session's reader thread, before the
 * message is queued for the app.
 */
final class Staging {
    /** An async call's staged output: where it goes back to, and the call's wake port and reference. */
    record Pending(int wakePort, long[] reference, MemorySegment staged, MemorySegment caller, long regionId) {
        boolean matches(int port, byte[] completion) {
            if (port != wakePort || completion.length < AsyncCompletionLayout.NOTIFICATION_HEADER_END
                    || AsyncCompletionLayout.messageId(completion) != AsyncCompletionLayout.kOSNotificationMessageID) {
                return false;
            }
            // slot 0 is the kernel's; slots 1.. are the app's callout, refcon and its own values
            for (int i = 1; i < Math.min(reference.length, AsyncCompletionLayout.kOSAsyncRef64Count); i++) {
                if (AsyncCompletionLayout.reference(completion, i) != reference[i]) {
                    return false;
                }
            }
            return true;
        }
    }

    private final List<Pending> pending = new CopyOnWriteArrayList<>();

    /** Keeps {@code call} so its completions copy the output back. */
    void keep(Pending call) {
        pending.add(call);
    }

    /** A message for {@code port} is about to be delivered: copies back every staged output it completes. */
    void beforeDelivery(int port, byte[] message) {
        if (pending.isEmpty()) {
            return;
        }
        for (Pending call : pending) {
            if (call.matches(port, message)) {
                MemorySegment.copy(call.staged(), 0, call.caller(), 0, call.caller().byteSize());
            }
        }
    }

    /** Port {@code port} died: its calls complete no more; {@return the regions they held} */
    List<Long> forget(int port) {
        final List<Pending> gone = pending.stream().filter(call -> call.wakePort() == port).toList();
        pending.removeAll(gone);
        return gone.stream().map(Pending::regionId).toList();
    }

    /** The session ended. */
    void clear() {
        pending.clear();
    }
}
