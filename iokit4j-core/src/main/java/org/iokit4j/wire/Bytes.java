package org.iokit4j.wire;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Little-endian reads and writes of {@code u32} and {@code u64} fields at any offset of a {@code byte[]}: the
 * one place the layouts touch raw bytes.
 *
 * <p>Plain (non-atomic) access through array-view {@link VarHandle}s, so unaligned offsets (a completion's
 * packed arguments start at byte 100) are fine. An offset outside the array throws
 * {@link IndexOutOfBoundsException}, the one failure here; each layout's {@code check} makes sure its accessors
 * never reach it.
 *
 * <p><b>Concurrency.</b> Stateless.
 */
final class Bytes {
    private static final VarHandle U32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle U64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Bytes() {
    }

    static int getInt(byte[] bytes, int offset) {
        return (int) U32.get(bytes, offset);
    }

    static void putInt(byte[] bytes, int offset, int value) {
        U32.set(bytes, offset, value);
    }

    static long getLong(byte[] bytes, int offset) {
        return (long) U64.get(bytes, offset);
    }

    static void putLong(byte[] bytes, int offset, long value) {
        U64.set(bytes, offset, value);
    }
}
