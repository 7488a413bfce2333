package org.iokit4j.kernel.matching;

import static org.iokit4j.IOReturn.kIOReturnBadArgument;

import java.util.Map;
import org.iokit4j.Failure;
import org.iokit4j.IOReturnException;
import org.iokit4j.mig.CFValueCopy;

/**
 * Reads a caller's matching dictionary as IOKitLib hands it to the kernel: serialized by {@code IOCFSerialize}
 * and unserialized by {@code OSUnserializeXML}, i.e. a deep copy the caller can no longer change.
 *
 * <p>The copy holds only property-list values: {@code String}, {@code Boolean}, {@code Long}, {@code Integer},
 * {@code Short}, {@code Byte}, {@code Double}, {@code Float}, {@code byte[]} (copied), and lists, sets and
 * String-keyed maps of them (made unmodifiable; maps keep their order; any other collection becomes a list). A
 * value of any other class becomes the string {@code "typeID <class> not serializable"}, as IOCFSerialize writes for
 * a CF type it cannot serialize (IOKitUser IOCFSerialize.c), so it matches nothing. The walk never calls the caller's {@code toString},
 * {@code equals} or {@code hashCode}.
 *
 * <p>Refused with {@code kIOReturnBadArgument}, where C would crash or never finish: a null dictionary, and what
 * {@link CFValueCopy} refuses (a null key or value anywhere, a key that is not a String, a cycle, nesting deeper than
 * {@value #MAX_DEPTH}, a container whose iteration throws). The walk is {@link CFValueCopy}'s, in its
 * {@link CFValueCopy#MATCHING} form.
 *
 * <p><b>Concurrency.</b> Stateless. The caller's dictionary must not change while it is read; if it does, the
 * read fails or sees some of the changes.
 */
final class MatchingCopy {
    /** The deepest nesting accepted, counting the dictionary itself as level 1. */
    static final int MAX_DEPTH = CFValueCopy.MAX_DEPTH;

    private MatchingCopy() {
    }

    /** {@return the copy, or the failure} */
    static Matching.Copy of(Map<String, Object> matching) {
        if (matching == null) {
            return new Matching.Copy(null, Failure.of(kIOReturnBadArgument, "the matching dictionary is null:"
                    + " build one with IOServiceMatching, IOServiceNameMatching or IORegistryEntryIDMatching"));
        }
        try {
            @SuppressWarnings("unchecked")
            final Map<String, Object> copy = (Map<String, Object>) CFValueCopy.copy(matching, null,
                    CFValueCopy.MATCHING);
            return new Matching.Copy(copy, null);
        } catch (IOReturnException refused) {
            return new Matching.Copy(null, refused.failure());
        }
    }
}
