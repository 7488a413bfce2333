package org.iokit4j.iokitlib;

import static org.iokit4j.IOReturn.kIOReturnBadArgument;
import static org.iokit4j.IOReturn.kIOReturnUnsupported;

import org.iokit4j.Diagnostics;
import org.iokit4j.Failure;
import org.iokit4j.iokitlib.serialize.BinarySerializer;
import org.iokit4j.iokitlib.serialize.Unserializable;
import org.iokit4j.iokitlib.serialize.XmlSerializer;
import org.iokit4j.iokitlib.serialize.XmlUnserializer;

/**
 * IOKitLib's serialisation of property values: {@code IOCFSerialize} and {@code IOCFUnserialize} (issue 11). Call
 * them as {@code IOKitLib.X} (or through {@code import static org.iokit4j.iokitlib.IOKitLib.*}): {@link IOKitLib}
 * inherits them, so one static import still gives a C port every function. They follow the rules
 * of {@link IOKitLib}'s class comment (Apple's codes, the reason recorded as the thread's last failure, nothing
 * thrown for a bad argument).
 *
 * <p>Both are ports of IOKitUser's sources ({@code IOCFSerialize.c}, {@code IOCFUnserialize.yacc}): the bytes
 * {@code IOCFSerialize} writes are Apple's, byte for byte, and {@code IOCFUnserialize} accepts and refuses what
 * Apple's accepts and refuses, with Apple's error messages. Values are those of contract.md §7: {@code String},
 * {@code Long} ({@code Integer}, {@code Short}, {@code Byte} and integral {@code Double}/{@code Float} accepted on
 * input), {@code Boolean}, {@code byte[]}, {@code List}, {@code Map<String, Object>}, and {@code Set} for
 * {@code <set>}. Nothing here needs a kernel.
 *
 * <p><b>Concurrency.</b> Every function is thread-safe.
 */
public abstract class SerializeFunctions {
    /** {@link #IOCFSerialize} option: write the binary form ({@code OSSerializeBinary}) instead of XML. */
    public static final int kIOCFSerializeToBinary = 0x00000001;

    SerializeFunctions() {
    }

    /**
     * Serialises {@code object} in Apple's XML form (the form IOKit passes property values to the kernel in), or
     * the binary one with {@link #kIOCFSerializeToBinary}; the module-internal {@code XmlSerializer} and
     * {@code BinarySerializer} document every byte.
     *
     * <p>The XML form is the value's element alone (no XML declaration, no {@code <plist>}) followed by a NUL byte,
     * which the returned array includes, as Apple's {@code CFData} does: {@code <integer size="64">0x2a</integer>}
     * for {@code 42L}, with {@code ID}/{@code IDREF} for an object met twice and only {@code <}, {@code >},
     * {@code &} escaped. Pass the bytes without that NUL (or with it: it ends the text there) to
     * {@link #IOCFUnserialize} as a UTF-8 string.
     *
     * @param object  the value.
     * @param options 0, or {@link #kIOCFSerializeToBinary} (other bits are then ignored, as in Apple's).
     * <p>A member of a type outside contract.md §7 is written as Apple writes a CF type it cannot serialise: the
     * string {@code <string>typeID <class> not serializable</string>} (Apple puts the CF type ID where the class
     * name is), as the kernel's matching copy reads such a value.
     *
     * @return the bytes; {@code null} for a null object, other options (Apple: {@code if (options) return 0}), or a
     *         value holding what C could not have handed over or Apple's code refuses: a null member, a non-String
     *         key, a container holding itself, a number with a fraction in XML (CF's lossy conversion), and in
     *         binary a set or a length past 24 bits. Each {@code null} records why as the thread's last failure.
     */
    public static byte[] IOCFSerialize(Object object, int options) {
        if (object == null) {
            Diagnostics.fail("IOCFSerialize", Failure.of(kIOReturnBadArgument, "object=NULL: nothing to"
                    + " serialise (Apple returns NULL)"));
            return null;
        }
        if ((options & kIOCFSerializeToBinary) == 0 && options != 0) {
            Diagnostics.fail("IOCFSerialize", Failure.of(kIOReturnUnsupported, "options=0x%X: IOCFSerialize"
                    + " knows only kIOCFSerializeToBinary (0x1); Apple returns NULL for any other", options));
            return null;
        }
        try {
            return (options & kIOCFSerializeToBinary) != 0 ? BinarySerializer.serialize(object)
                    : XmlSerializer.serialize(object);
        } catch (Unserializable refused) {
            Diagnostics.fail("IOCFSerialize", Failure.of(kIOReturnBadArgument, "cannot serialise %s",
                    refused.getMessage()));
            return null;
        }
    }

    /**
     * Parses Apple's XML form back into a value; the module-internal {@code XmlUnserializer} documents what it
     * accepts and builds.
     *
     * <p>The text is read as C reads its {@code const char *}: its UTF-8 bytes up to the first NUL. Accepted:
     * what {@link #IOCFSerialize} writes, and the property-list forms Apple's parser knows ({@code <?xml …?>},
     * {@code <!DOCTYPE …>}, comments and {@code <plist>} tags are skipped; {@code <integer>} in decimal or
     * {@code 0x} hex with an optional {@code size}; {@code <data>} in base64; {@code <set>}; {@code ID} and
     * {@code IDREF} on any element). Only the first value is read.
     *
     * <p>On failure {@code errorString[0]} receives Apple's message, {@code "IOCFUnserialize: syntax error near
     * line 3"} (or {@code unexpected end of buffer}, {@code forward reference detected}, {@code memory exhausted}),
     * followed by {@code ": "} and what was wrong and at which byte; the same explanation is recorded as the
     * thread's last failure.
     *
     * @param buffer      the text; {@code null} returns {@code null}.
     * @param allocator   ignored ({@code CFAllocatorRef}; {@code CoreFoundation.kCFAllocatorDefault} is {@code null}).
     * @param options     must be 0: Apple's returns {@code NULL} for any other, without an error string.
     * @param errorString receives the error, or {@code null} on success (element 0); may be {@code null} or empty,
     *                    as C's may be {@code NULL}.
     * @return the value (a fresh one the caller owns), or {@code null}.
     */
    public static Object IOCFUnserialize(String buffer, Object allocator, int options, String[] errorString) {
        final boolean report = errorString != null && errorString.length > 0;
        if (report) {
            errorString[0] = null;
        }
        if (buffer == null || options != 0) {
            Diagnostics.fail("IOCFUnserialize", Failure.of(kIOReturnBadArgument, buffer == null ? "buffer=NULL"
                    : "options=0x%X: IOCFUnserialize takes no options (Apple returns NULL and no error string)",
                    options));
            return null;
        }
        final XmlUnserializer.Result result = XmlUnserializer.unserialize(buffer);
        if (result.error() != null) {
            final String message = result.error() + ": " + result.detail();
            if (report) {
                errorString[0] = message;
            }
            Diagnostics.fail("IOCFUnserialize", Failure.of(kIOReturnBadArgument, "%s", message));
        }
        return result.value();
    }
}
