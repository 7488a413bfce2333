package org.iokit4j.mig;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;
import org.iokit4j.IOReturnException;

/**
 * Property values as a routine carries them to the kernel ({@code IORegistryEntrySetCFProperties} and a driver's
 * {@code SetProperties}): what IOKitLib's {@code IOCFSerialize} makes of a caller's value, and how long that
 * serialized form is.
 *
 * <p>{@link #serialized} is the caller's value after a serialize and unserialize (IOKitUser {@code IOCFSerialize.c},
 * XNU {@code OSUnserializeXML}): a deep copy the caller can no longer change, in the kernel's types (contract.md §7):
 * {@code String}, {@code Boolean}, {@code Long} (also for an {@code Integer}, {@code Short} or {@code Byte}: a CFNumber
 * becomes an OSNumber and comes back a {@code Long}), {@code Double} and {@code Float} as they are, {@code byte[]}
 * (copied), {@code List} (also for any other collection: a set travels as an array), and {@code Map} with String
 * keys (order kept). A value of any other class becomes the string {@code "typeID <class> not serializable"}, as
 * {@code DoCFSerialize} writes for a CF type it cannot serialize.
 *
 * <p>Refused with {@code kIOReturnBadArgument}, where C would crash, never finish, or the kernel's unserializer would
 * fail ({@code is_io_registry_entry_set_properties}: no object → {@code kIOReturnBadArgument}): what
 * {@link CFValueCopy} refuses.
 *
 * <p><b>Concurrency.</b> Stateless. The caller's value must not change while it is read; if it does, the read fails
 * or sees some of the changes.
 */
public final class PropertyValues {
    /** The deepest nesting read, counting the value itself as level 1. */
    public static final int MAX_DEPTH = CFValueCopy.MAX_DEPTH;
    /**
     * The largest serialized properties the kernel takes: {@code sizeof(io_struct_inband_t) * 1024} bytes
     * ({@code is_io_registry_entry_set_properties}, XNU IOUserClient.cpp); larger is {@code kIOReturnMessageTooLarge}.
     */
    public static final long MAX_SERIALIZED_SIZE = 4096L * 1024;

    private PropertyValues() {
    }

    /**
     * {@return {@code value} as the kernel receives it: a deep copy in the kernel's types (see the class comment)}
     *
     * @param what  names the value in an explanation, e.g. {@code properties}.
     * @param value the value.
     * @throws IOReturnException {@code kIOReturnBadArgument} naming the offending place, for a value the class comment
     *                           lists as refused.
     */
    public static Object serialized(Object value, String what) {
        return CFValueCopy.copy(value, what, CFValueCopy.PROPERTY);
    }

    /**
     * {@return the length of {@code value} in the binary form {@code IOCFSerialize} sends (IOKitUser
     * {@code IOCFSerializeBinary}: a 4-byte signature, then per object a 4-byte key and its bytes padded to 4)} Counted
     * as if no object were shared (IOCFSerializeBinary writes a repeated object as a 4-byte reference), so it is never
     * less than the real length.
     *
     * @param value a value {@link #serialized} returned.
     */
    public static long binarySize(Object value) {
        return 4 + size(value, false);
    }

    private static long size(Object value, boolean isKey) {
        return 4 + switch (value) {
            case Map<?, ?> map -> {
                long total = 0;
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    total += size(entry.getKey(), true) + size(entry.getValue(), false);
                }
                yield total;
            }
            case Collection<?> items -> {
                long total = 0;
                for (Object item : items) {
                    total += size(item, false);
                }
                yield total;
            }
            case Boolean _ -> 0L;
            case String s -> padded(s.getBytes(StandardCharsets.UTF_8).length + (isKey ? 1 : 0));
            case byte[] bytes -> padded(bytes.length);
            default -> 8L; // a number: kOSSerializeNumber carries 64 bits
        };
    }

    private static long padded(long length) {
        return (length + 3) & ~3L;
    }
}
