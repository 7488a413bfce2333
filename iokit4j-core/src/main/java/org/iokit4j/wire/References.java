package org.iokit4j.wire;

/**
 * Writing an {@code OSNotificationHeader64.reference[8]} array: the client's slots echoed, slot 0 always 0 (the
 * kernel's private wake-port pointer never leaves it; apple-semantics.md §3).
 *
 * <p><b>Concurrency.</b> Stateless.
 */
final class References {
    private References() {
    }

    /** @throws IllegalArgumentException if {@code reference} is null or longer than 8 slots. */
    static void write(byte[] bytes, int offset, long[] reference) {
        if (reference == null || reference.length > AsyncCompletionLayout.kOSAsyncRef64Count) {
            throw new IllegalArgumentException("reference must hold 0.." + AsyncCompletionLayout.kOSAsyncRef64Count
                    + " slots, got " + (reference == null ? "null" : "length=" + reference.length));
        }
        for (int slot = 1; slot < reference.length; slot++) {
            Bytes.putLong(bytes, offset + 8 * slot, reference[slot]);
        }
    }
}
