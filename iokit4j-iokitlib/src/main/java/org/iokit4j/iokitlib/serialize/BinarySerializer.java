package org.iokit4j.iokitlib.serialize;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * IOCFSerialize's binary form ({@code kIOCFSerializeToBinary}), a port of IOKitUser's {@code IOCFSerializeBinary}
 * ({@code IOCFSerialize.c}); the format is xnu's {@code OSSerializeBinary}
 * ({@code libkern/libkern/OSSerializeBinary.h}).
 *
 * <p>The signature {@code D3 00 00 00}, then one little-endian 32-bit word per object, {@code type | length}, the
 * top bit ({@code kOSSerializeEndCollecton}) set on the last member of a collection (and, as Apple's writes it, on
 * the value itself), followed by the object's bytes padded to 4: numbers as 8 bytes with their size in bits (8, 16,
 * 32, 64; 31 for a Float and 63 for a Double, whose 8 bytes are the {@code double}), strings as their UTF-8 bytes,
 * dictionary keys as symbols (UTF-8 and a NUL), data as its bytes, booleans in the length bit. An object written
 * before (the same object: CF compares pointers; keys and booleans included) is a reference,
 * {@code kOSSerializeObject | n}, n its position in writing order, counting from 0 (the value itself is 0 and, as
 * Apple's {@code if (tag)} reads it, never referred to).
 *
 * <p>A value of another type is written as the string {@code <string>typeID <class> not serializable</string>},
 * as the XML form writes it. Refused, with the reason: sets (Apple's counts a CFSet with {@code CFArrayGetCount}, so what it writes for one
 * is not defined), and strings, data and collections whose length does not fit the word's 24 bits
 * ({@code kOSSerializeDataMask}), which Apple's would write corrupt.
 *
 * <p><b>Concurrency.</b> One instance per call; not shared.
 */
public final class BinarySerializer {
    static final int DICTIONARY = 0x01000000;
    static final int ARRAY = 0x02000000;
    static final int NUMBER = 0x04000000;
    static final int SYMBOL = 0x08000000;
    static final int STRING = 0x09000000;
    static final int DATA = 0x0a000000;
    static final int BOOLEAN = 0x0b000000;
    static final int OBJECT = 0x0c000000;
    static final int DATA_MASK = 0x00FFFFFF;
    static final int END_COLLECTION = 0x80000000;
    private static final byte[] NONE = new byte[0];

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final IdentityHashMap<Object, Integer> tags = new IdentityHashMap<>();
    private int tag;
    private boolean endCollection = true;

    private BinarySerializer() {
    }

    /**
     * {@return {@code value} in the binary form}
     *
     * @param value the value: a {@code String}, number, {@code Boolean}, {@code byte[]}, {@code List}, {@code Set} or
     *              {@code Map}.
     * @throws Unserializable if {@code value} holds something this form cannot carry.
     */
    public static byte[] serialize(Object value) {
        CFValues.check(value);
        final BinarySerializer serializer = new BinarySerializer();
        serializer.out.writeBytes(new byte[] {(byte) 0xD3, 0, 0, 0});
        serializer.write(value, false);
        return serializer.out.toByteArray();
    }

    /** {@code DoCFSerializeBinary}. */
    private void write(Object value, boolean isKey) {
        final Integer seen = tags.get(value);
        if (seen != null && seen != 0) {
            word(OBJECT | (seen & DATA_MASK) | takeEnd());
            return;
        }
        if (CFValues.kind(value) == CFValues.Kind.UNKNOWN) {
            write(CFValues.placeholder(value), false); // a fresh CFString each time, as DoCFSerializeBinary makes
            return;
        }
        switch (value) {
            case Map<?, ?> map -> {
                object(value, DICTIONARY | count(map.size(), "dictionary"), NONE);
                int index = 0;
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    index++;
                    write(CFValues.key(entry.getKey()), true);
                    endCollection = index == map.size();
                    write(entry.getValue(), false);
                }
            }
            case List<?> list -> {
                object(value, ARRAY | count(list.size(), "array"), NONE);
                int index = 0;
                for (Object member : list) {
                    endCollection = ++index == list.size();
                    write(member, false);
                }
            }
            case Set<?> _ -> throw new Unserializable("a set: Apple's IOCFSerializeBinary counts a CFSet with"
                    + " CFArrayGetCount (IOCFSerialize.c), so its binary form of a set is not defined; serialise"
                    + " sets without kIOCFSerializeToBinary (<set>)");
            case Boolean flag -> object(value, BOOLEAN | (flag ? 1 : 0), NONE);
            case String string -> {
                final byte[] bytes = string.getBytes(StandardCharsets.UTF_8);
                if (isKey) {
                    final byte[] symbol = java.util.Arrays.copyOf(bytes, bytes.length + 1);
                    object(value, SYMBOL | count(symbol.length, "dictionary key"), symbol);
                } else {
                    object(value, STRING | count(bytes.length, "string"), bytes);
                }
            }
            case byte[] bytes -> object(value, DATA | count(bytes.length, "data"), bytes);
            case Number number -> object(value, NUMBER | sizeBits(number), numberBytes(number));
            default -> throw new IllegalStateException("unexpected " + value.getClass().getName());
        }
    }

    /**
     * {@code IOCFSerializeBinaryAddObject}: records the tag, writes the word (with a pending end) and the bytes,
     * padded to 4 (a symbol's bytes end with its NUL).
     */
    private void object(Object value, int key, byte[] bytes) {
        tags.put(value, tag++);
        word(key | takeEnd());
        out.write(bytes, 0, bytes.length);
        pad(bytes.length);
    }

    private int takeEnd() {
        if (!endCollection) {
            return 0;
        }
        endCollection = false;
        return END_COLLECTION;
    }

    private static int count(int length, String what) {
        if (length > DATA_MASK) {
            throw new Unserializable("a " + what + " of " + length + " (bytes or members): the binary form holds at"
                    + " most 0xFFFFFF in a word's 24 bits (kOSSerializeDataMask); Apple's would write it corrupt");
        }
        return length;
    }

    private static int sizeBits(Number number) {
        return switch (number) {
            case Float _ -> 31;
            case Double _ -> 63;
            default -> CFValues.size(number);
        };
    }

    private static byte[] numberBytes(Number number) {
        final long bits = number instanceof Float || number instanceof Double
                ? Double.doubleToRawLongBits(number.doubleValue()) : number.longValue();
        final byte[] bytes = new byte[8];
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (bits >>> (8 * i));
        }
        return bytes;
    }

    private void word(int word) {
        for (int i = 0; i < 4; i++) {
            out.write(word >>> (8 * i));
        }
    }

    private void pad(int size) {
        for (int i = size & 3; i != 0 && i < 4; i++) {
            out.write(0);
        }
    }
}
