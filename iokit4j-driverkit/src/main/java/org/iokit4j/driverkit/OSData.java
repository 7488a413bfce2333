package org.iokit4j.driverkit;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;

/**
 * An immutable run of bytes, DriverKit's {@code OSData}: inline structures arrive and leave as one.
 *
 * <p>The bytes may live on the Java heap: read them without assuming native alignment (use the
 * {@code *_UNALIGNED} layouts).
 *
 * <p><b>Concurrency.</b> Immutable; safe to share.
 */
public final class OSData extends OSObject {
    private final byte[] bytes;

    private OSData(byte[] bytes) {
        this.bytes = bytes;
    }

    /** {@return a new OSData holding a copy of {@code bytes}} */
    public static OSData withBytes(byte[] bytes) {
        return new OSData(Objects.requireNonNull(bytes, "bytes").clone());
    }

    /** {@return a new OSData holding a copy of {@code segment}'s bytes} */
    public static OSData withBytes(MemorySegment segment) {
        return new OSData(Objects.requireNonNull(segment, "segment").toArray(ValueLayout.JAVA_BYTE));
    }

    /** {@return a new OSData holding a copy of {@code length} bytes of {@code bytes} from {@code offset}} */
    public static OSData withBytes(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        return new OSData(java.util.Arrays.copyOfRange(bytes, offset, offset + length));
    }

    /** Wraps bytes the runtime already copied for this call (no second copy). */
    static OSData adopt(byte[] bytes) {
        return new OSData(bytes);
    }

    /** {@return the number of bytes} */
    public long getLength() {
        return bytes.length;
    }

    /** {@return the bytes as a read-only segment (heap memory: read with unaligned layouts)} */
    public MemorySegment getBytesNoCopy() {
        return MemorySegment.ofArray(bytes).asReadOnly();
    }

    /** {@return a copy of the bytes} */
    public byte[] toByteArray() {
        return bytes.clone();
    }

    byte[] bytes() {
        return bytes;
    }

    @Override
    public String toString() {
        return "OSData[" + bytes.length + " bytes]";
    }
}
