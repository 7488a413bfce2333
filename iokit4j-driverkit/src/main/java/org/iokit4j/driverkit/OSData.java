package org.iokit4j.driverkit;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A growable run of bytes, DriverKit's {@code OSData}: inline structures arrive and leave as one, and it is a
 * property value ({@code CFData} on the client's side).
 *
 * <p>Two kinds, as in libkern/c++/OSData.cpp:
 * <ul>
 * <li><b>Owned</b> ({@link #withBytes}, {@link #withCapacity}, {@link #withData}): the data holds a copy and grows
 *     with {@link #appendBytes(byte[])}; capacity rounds up to a multiple of the capacity increment (the initial
 *     capacity, at least 16: {@code OSData::initWithCapacity}, {@code ensureCapacity}).</li>
 * <li><b>No-copy</b> ({@link #withBytesNoCopy}): the data is a view of memory someone else owns, so it sees later
 *     writes to that memory, and it cannot grow: appending returns {@code false} ({@code OSData::appendBytes}:
 *     {@code capacity == EXTERNAL}), and {@link #getCapacity()} reports {@link #kOSDataCapacityExternal}.</li>
 * </ul>
 *
 * <p>The structure input the runtime hands a driver ({@link IOUserClientMethodArguments#structureInput}) is a
 * no-copy OSData over the call's bytes, as the kernel makes it ({@code OSData::withBytesNoCopy} in
 * {@code IOUserUserClient::externalMethod}, iokit/Kernel/IOUserServer.cpp): a driver's {@code appendBytes} on it
 * returns {@code false}, so the input stays as it arrived. A driver that wants to build on it copies it first
 * ({@link #withData(OSData)}).
 *
 * <p>Where Java differs from C: there are no raw pointers. {@link #getBytesNoCopy()} returns a read-only
 * {@link MemorySegment} over the bytes (heap memory for owned data: read with unaligned layouts), never
 * {@code null}; an empty data gives an empty segment where C gives {@code NULL}. Lengths are C's
 * {@code unsigned int}, at most {@code Integer.MAX_VALUE - 8} here (a Java array's limit).
 *
 * <p><b>Concurrency.</b> None, as in DriverKit ("provides no concurrency protection"): change a data from one thread
 * or queue at a time. A data nobody changes may be read from any thread.
 */
public final class OSData extends OSContainer {
    /** {@link #getCapacity()} of a no-copy data: C's {@code EXTERNAL}, {@code (unsigned int) -1}. */
    public static final long kOSDataCapacityExternal = 0xFFFFFFFFL;

    /** The most bytes a data holds: a Java array's limit. */
    private static final int MAX_LENGTH = Integer.MAX_VALUE - 8;

    /** Owned storage (its length is the capacity), or {@code null} for a no-copy data. */
    private byte[] array;
    /** The bytes of a no-copy data (read-only view), or {@code null} for an owned one. */
    private final MemorySegment external;
    private int length;
    private int capacityIncrement;

    private OSData(byte[] array, int length) {
        this.array = array;
        this.external = null;
        this.length = length;
        this.capacityIncrement = Math.max(16, array.length);
    }

    private OSData(MemorySegment external) {
        this.array = null;
        this.external = external.asReadOnly();
        this.length = (int) external.byteSize();
    }

    /**
     * Makes an empty data that holds {@code capacity} bytes before growing ({@code OSData::withCapacity}).
     *
     * @param capacity the initial capacity
     * @return the new data holding one reference, or {@code null} when {@code capacity} is negative (a huge
     *     unsigned size) or the memory cannot be had
     */
    public static OSData withCapacity(int capacity) {
        if (capacity < 0 || capacity > MAX_LENGTH) {
            return null;
        }
        try {
            return new OSData(new byte[capacity], 0);
        } catch (OutOfMemoryError noMemory) {
            return null; // kalloc failed: C's withCapacity returns NULL
        }
    }

    /**
     * Makes a data holding a copy of {@code bytes} ({@code OSData::withBytes}).
     *
     * @param bytes the bytes; {@code null} → {@code null} (C refuses {@code NULL} with a length)
     * @return the new data holding one reference, or {@code null}
     */
    public static OSData withBytes(byte[] bytes) {
        return bytes == null ? null : new OSData(bytes.clone(), bytes.length);
    }

    /**
     * Makes a data holding a copy of {@code segment}'s bytes ({@code OSData::withBytes}).
     *
     * @param segment the bytes (heap or native); {@code null} → {@code null}
     * @return the new data holding one reference, or {@code null} (also when it is over 2 GB)
     */
    public static OSData withBytes(MemorySegment segment) {
        if (segment == null || segment.byteSize() > MAX_LENGTH) {
            return null;
        }
        final byte[] copy = segment.toArray(ValueLayout.JAVA_BYTE);
        return new OSData(copy, copy.length);
    }

    /**
     * Makes a data holding a copy of {@code length} bytes of {@code bytes} from {@code offset}.
     *
     * @param bytes the bytes
     * @param offset where to start
     * @param length how many
     * @return the new data holding one reference
     * @throws IndexOutOfBoundsException when the range is not inside {@code bytes}
     */
    public static OSData withBytes(byte[] bytes, int offset, int length) {
        java.util.Objects.checkFromIndexSize(offset, length, bytes.length);
        return new OSData(Arrays.copyOfRange(bytes, offset, offset + length), length);
    }

    /**
     * Makes a no-copy data over {@code bytes} ({@code OSData::withBytesNoCopy}): no copy is made, later writes to
     * {@code bytes} show through, and the data cannot grow. The caller keeps {@code bytes} alive (an arena it closes
     * makes reads fail) for as long as the data is used.
     *
     * @param bytes the memory to view; {@code null} → {@code null}
     * @return the new data holding one reference, or {@code null} (also when it is over 2 GB)
     */
    public static OSData withBytesNoCopy(MemorySegment bytes) {
        return bytes == null || bytes.byteSize() > MAX_LENGTH ? null : new OSData(bytes);
    }

    /**
     * Makes an owned data holding a copy of {@code data}'s bytes ({@code OSData::withData}).
     *
     * @param data the data to copy; {@code null} → {@code null}
     * @return the new data holding one reference, or {@code null}
     */
    public static OSData withData(OSData data) {
        return data == null ? null : new OSData(data.toByteArray(), data.length);
    }

    /**
     * Makes an owned data holding a copy of part of {@code data} ({@code OSData::withData(data, start, length)}).
     *
     * @param data the data to copy from; {@code null} → {@code null}
     * @param start where to start
     * @param length how many bytes
     * @return the new data, or {@code null} when the range is not inside {@code data} (the rule of
     *     {@link #getBytesNoCopy(long, long)})
     */
    public static OSData withData(OSData data, long start, long length) {
        final MemorySegment range = data == null ? null : data.getBytesNoCopy(start, length);
        return range == null ? null : withBytes(range);
    }

    /** Wraps the bytes the runtime copied for a call's structure input: a no-copy data, so it cannot grow. */
    static OSData adopt(byte[] bytes) {
        return new OSData(MemorySegment.ofArray(bytes));
    }

    /** {@return the number of bytes ({@code OSData::getLength})} */
    public long getLength() {
        return length;
    }

    /**
     * {@return the bytes held before growing ({@code OSData::getCapacity}), or {@link #kOSDataCapacityExternal} for
     * a no-copy data} Exactly what was asked for: the kernel's allocator rounds it up to its size class.
     */
    public long getCapacity() {
        return array == null ? kOSDataCapacityExternal : array.length;
    }

    /**
     * Appends a copy of {@code bytes} ({@code OSData::appendBytes(const void *, unsigned int)}).
     *
     * @param bytes the bytes; {@code null} → {@code false}; empty → {@code true} with nothing done (even on a
     *     no-copy data: C checks the length first)
     * @return whether they were appended: {@code false} on a no-copy data, or when the data cannot grow
     */
    public boolean appendBytes(byte[] bytes) {
        return bytes != null && append(MemorySegment.ofArray(bytes), bytes.length, (byte) 0, false);
    }

    /**
     * Appends a copy of {@code bytes}' contents.
     *
     * @param bytes the bytes (heap or native); {@code null} → {@code false}
     * @return whether they were appended (see {@link #appendBytes(byte[])})
     */
    public boolean appendBytes(MemorySegment bytes) {
        return bytes != null && bytes.byteSize() <= MAX_LENGTH
                && append(bytes, (int) bytes.byteSize(), (byte) 0, false);
    }

    /**
     * Appends a copy of {@code data}'s bytes ({@code OSData::appendBytes(const OSData *)}); a data may append
     * itself.
     *
     * @param data the data; {@code null} → {@code false}
     * @return whether they were appended (see {@link #appendBytes(byte[])})
     */
    public boolean appendBytes(OSData data) {
        return data != null && append(data.segment(), data.length, (byte) 0, false);
    }

    /**
     * Appends {@code count} copies of {@code value} ({@code OSData::appendByte}; with value 0 it is C's
     * {@code appendBytes(NULL, count)}, which zero-fills).
     *
     * @param value the byte
     * @param count how many; 0 → {@code true}; negative (a huge unsigned count) → {@code false}
     * @return whether they were appended (see {@link #appendBytes(byte[])})
     */
    public boolean appendByte(byte value, int count) {
        return count >= 0 && append(null, count, value, true);
    }

    /** The one append path: the rules of {@code OSData::appendBytes} in their order. */
    private boolean append(MemorySegment source, int inLength, byte fill, boolean filling) {
        if (inLength == 0) {
            return true;
        }
        if (array == null) {
            return false; // capacity == EXTERNAL
        }
        final long newSize = (long) length + inLength;
        if (newSize > MAX_LENGTH) {
            return false; // os_add_overflow
        }
        if (newSize > array.length && newSize > ensureCapacity((int) newSize)) {
            return false;
        }
        if (filling) {
            Arrays.fill(array, length, (int) newSize, fill);
        } else { // a data appending itself still reads its old array: growing copies, never frees it
            MemorySegment.copy(source, 0, MemorySegment.ofArray(array), length, inLength);
        }
        length = (int) newSize;
        return true;
    }

    /** Grows owned storage to a multiple of the increment ({@code OSData::ensureCapacity}); the capacity after. */
    private int ensureCapacity(int newCapacity) {
        final int finalCapacity = OSCollection.roundCapacity(newCapacity, capacityIncrement);
        if (finalCapacity < 0) {
            return array.length;
        }
        try {
            array = Arrays.copyOf(array, finalCapacity);
        } catch (OutOfMemoryError noMemory) {
            return array.length; // krealloc failed: the capacity stays
        }
        return array.length;
    }

    /**
     * {@return the bytes as a read-only segment of {@link #getLength()} bytes ({@code OSData::getBytesNoCopy()})}
     * Owned bytes live on the heap: read with unaligned layouts. The segment shows the bytes as they are now; after
     * an append it may no longer be the data's storage, so get it again.
     */
    public MemorySegment getBytesNoCopy() {
        return segment().asReadOnly();
    }

    /**
     * Returns a read-only view of {@code length} bytes from {@code start} ({@code OSData::getBytesNoCopy(start,
     * length)}), under C's rule: {@code null} unless the data is not empty, {@code start} is below its length and
     * {@code start + length} does not pass the end.
     *
     * @param start the first byte
     * @param length how many bytes (0 is allowed when {@code start} is inside the data)
     * @return the bytes, or {@code null}
     */
    public MemorySegment getBytesNoCopy(long start, long length) {
        if (this.length == 0 || start < 0 || length < 0 || start >= this.length || length > this.length - start) {
            return null;
        }
        return segment().asSlice(start, length).asReadOnly();
    }

    /**
     * Compares with another data ({@code OSData::isEqualTo(const OSData *)}): the same length and bytes.
     *
     * @param aData the data to compare with; {@code null} → {@code false}
     * @return whether they are equal
     */
    public boolean isEqualTo(OSData aData) {
        return aData != null && aData.length == length && segment().mismatch(aData.segment()) < 0;
    }

    /**
     * Compares the first bytes with {@code bytes} ({@code OSData::isEqualTo(const void *, unsigned int)}): true when
     * this data is at least as long and starts with them — a prefix test, as in C.
     *
     * @param bytes the bytes; {@code null} → {@code false}
     * @return whether this data starts with {@code bytes}
     */
    public boolean isEqualTo(byte[] bytes) {
        return bytes != null && startsWith(MemorySegment.ofArray(bytes));
    }

    /**
     * Compares the first bytes with {@code bytes}' contents, the prefix test of {@link #isEqualTo(byte[])}.
     *
     * @param bytes the bytes; {@code null} → {@code false}
     * @return whether this data starts with them
     */
    public boolean isEqualTo(MemorySegment bytes) {
        return bytes != null && startsWith(bytes);
    }

    /**
     * Compares with a string ({@code OSData::isEqualTo(const OSString *)}): equal when the data holds the string's
     * UTF-8 bytes, optionally followed by one NUL terminator.
     *
     * @param aString the string; {@code null} → {@code false}
     * @return whether the data spells it
     */
    public boolean isEqualTo(OSString aString) {
        if (aString == null) {
            return false;
        }
        final byte[] text = aString.utf8();
        int checkLength = length;
        if (text.length != checkLength) {
            if (checkLength - text.length != 1 || segment().get(ValueLayout.JAVA_BYTE, checkLength - 1) != 0) {
                return false;
            }
            checkLength--;
        }
        return segment().asSlice(0, checkLength).mismatch(MemorySegment.ofArray(text)) < 0;
    }

    /** Equal to an {@code OSData} with the same bytes or an {@code OSString} they spell; else {@code false}. */
    @Override
    public boolean isEqualTo(OSObject anObject) {
        return switch (anObject) {
            case OSData other -> isEqualTo(other);
            case OSString string -> isEqualTo(string);
            case null, default -> false;
        };
    }

    /** {@return a copy of the bytes} */
    public byte[] toByteArray() {
        return segment().toArray(ValueLayout.JAVA_BYTE);
    }

    /**
     * The bytes for the runtime to send as a call's structure output: exactly {@link #getLength()} long. The owned
     * array itself when it is full (no copy: an append can only reallocate it, never write into it), else a copy.
     */
    byte[] bytes() {
        return array != null && array.length == length ? array : toByteArray();
    }

    private boolean startsWith(MemorySegment prefix) {
        return prefix.byteSize() <= length && segment().asSlice(0, prefix.byteSize()).mismatch(prefix) < 0;
    }

    /** The current bytes, writable for owned storage (internal use only). */
    private MemorySegment segment() {
        return array != null ? MemorySegment.ofArray(array).asSlice(0, length) : external;
    }

    @Override
    void describeTo(StringBuilder out, java.util.Set<OSObject> onPath) {
        final int shown = Math.min(length, 256);
        out.append('<').append(HexFormat.of().formatHex(segment().asSlice(0, shown).toArray(ValueLayout.JAVA_BYTE)));
        if (shown < length) {
            out.append("…(").append(length).append(" bytes)");
        }
        out.append('>');
    }
}
