package org.iokit4j.kernel.bundle;

/**
 * The one bound dd-plist's binary parser (1.28) leaves unchecked: an array's declared element count. It allocates
 * the array before reading a single element, so eleven bytes declaring 300 million elements ask for more than a
 * gigabyte. Strings, data, sets and dictionaries are checked against the file or grow as elements are read.
 *
 * <p>This reads a {@code bplist00} file as dd-plist does (trailer, offset table, each object's marker and length,
 * every integer cut to its low 32 bits as dd-plist cuts it) and finds an array whose element references cannot
 * all lie in the file: {@code count × max(objectRefSize, 1)} bytes must follow its header. Anything else wrong is
 * left to dd-plist, which refuses it with an exception.
 *
 * <p><b>Concurrency.</b> Stateless.
 */
final class BinaryPlistArrays {
    private static final int TRAILER = 32;

    private BinaryPlistArrays() {
    }

    /** {@return what is wrong, naming the array's offset and sizes, or {@code null} if every array fits} */
    static String oversized(byte[] bytes) {
        if (bytes.length < 8 + TRAILER || !startsWithMagic(bytes)) {
            return null;
        }
        final int trailer = bytes.length - TRAILER;
        final int offsetSize = bytes[trailer + 6] & 0xFF;
        final int refSize = Math.max(bytes[trailer + 7] & 0xFF, 1);
        final long objects = Integer.toUnsignedLong(lowBits(bytes, trailer + 8, 8));
        final long table = Integer.toUnsignedLong(lowBits(bytes, trailer + 24, 8));
        if (offsetSize == 0) {
            return null; // every object then sits at offset 0, the magic, which is no array
        }
        for (long object = 0; object < objects; object++) {
            final long entry = table + object * offsetSize;
            if (entry + offsetSize > bytes.length) {
                break; // dd-plist refuses a reference to this object
            }
            final String problem = check(bytes, lowBits(bytes, (int) entry, offsetSize), refSize);
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private static String check(byte[] bytes, int offset, int refSize) {
        if (offset < 0 || offset >= bytes.length || (bytes[offset] & 0xF0) != 0xA0) {
            return null;
        }
        int count = bytes[offset] & 0x0F;
        int header = 1;
        if (count == 0xF) { // the count follows as an integer object: marker 0x1n, then 2^n bytes
            if (offset + 1 >= bytes.length) {
                return null;
            }
            final int width = 1 << (bytes[offset + 1] & 0x0F);
            count = lowBits(bytes, offset + 2, width);
            header = 2 + width;
        }
        final long room = bytes.length - ((long) offset + header);
        if (count > 0 && (long) count * refSize > room) {
            return "the binary plist's array at offset " + offset + " declares count=" + count + " elements of "
                    + refSize + " byte(s), but only " + Math.max(room, 0) + " bytes follow it";
        }
        return null;
    }

    /** The low 32 bits of the big-endian integer of {@code width} bytes at {@code from}, 0 past the end. */
    private static int lowBits(byte[] bytes, int from, int width) {
        long value = 0;
        for (int i = Math.max(0, width - 4); i < width; i++) {
            final long at = (long) from + i;
            value = (value << 8) | (at < bytes.length ? bytes[(int) at] & 0xFF : 0);
        }
        return (int) value;
    }

    private static boolean startsWithMagic(byte[] bytes) {
        return bytes[0] == 'b' && bytes[1] == 'p' && bytes[2] == 'l' && bytes[3] == 'i' && bytes[4] == 's'
                && bytes[5] == 't';
    }
}
