package org.iokit4j.kernel.matching;

import static org.iokit4j.IOReturn.kIOReturnBadArgument;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import org.iokit4j.Failure;

/**
 * Apple's matching dictionaries: the helpers that build them, a check for malformed ones, and the test
 * of one registry entry against one (apple-semantics.md §9, contract.md §4).
 *
 * <p>Keys honoured, all of which must match (a logical AND; a dictionary with none of them matches every
 * registered entry):
 * <ul>
 *   <li>{@value #kIOProviderClassKey} (a string): the entry's {@linkplain MatchCandidate#classChain() class
 *       chain} contains it, i.e. the entry is of that class or a subclass;</li>
 *   <li>{@value #kIONameMatchKey} (a string, or a list of strings of which any one will do): equals the
 *       entry's {@linkplain MatchCandidate#name() name} or its {@value #kIONameKey} property;</li>
 *   <li>{@value #kIOPropertyMatchKey} (a dictionary, or a list of dictionaries of which any one will do):
 *       every key of the dictionary is a property of the entry with an equal value, compared deeply
 *       (maps, lists and {@code byte[]} by content, integers by value);</li>
 *   <li>{@value #kIOResourceMatchKey} (a string): that resource has been published;</li>
 *   <li>{@value #kIORegistryEntryIDKey} (an integer): equals the entry's registry entry ID.</li>
 * </ul>
 *
 * <p>Every other key is ignored, as Apple's {@code IOService::matchPropertyTable} default (which returns
 * true) ignores keys no class claims. That includes keys Apple does honour and this emulation does not
 * ({@code IOParentMatch}, {@code IOLocationMatch}, {@code IOPathMatch}, {@code IOPropertyExistsMatch}), so
 * a dictionary using them matches more entries here than on a Mac.
 *
 * <p>The kernel never uses a caller's map itself: it {@linkplain #copy copies} it first, as IOKitLib serializes a
 * dictionary and the kernel unserializes it, into an immutable tree of property-list values (a value of another
 * class becomes the string {@code "typeID <class> not serializable"}, as {@code IOCFSerialize} writes it), and
 * refuses what C could not send: nulls, non-String keys, cycles, and honoured keys of the wrong type. The copy is
 * what {@code matches} reads; {@code matches} treats a key whose value has the wrong type as not matching, so a
 * malformed dictionary matches nothing.
 */
public final class Matching {

    /** The key whose value is a class name, {@value}. */
    public static final String kIOProviderClassKey = "IOProviderClass";
    /** The key whose value is a name or a list of names, {@value}. */
    public static final String kIONameMatchKey = "IONameMatch";
    /** The key whose value is a property table or a list of them, {@value}. */
    public static final String kIOPropertyMatchKey = "IOPropertyMatch";
    /** The key whose value is the name of a resource that must be published, {@value}. */
    public static final String kIOResourceMatchKey = "IOResourceMatch";
    /** The key whose value is a registry entry ID, {@value}. */
    public static final String kIORegistryEntryIDKey = "IORegistryEntryID";
    /** The property holding an entry's name, which {@value #kIONameMatchKey} also compares with: {@value}. */
    public static final String kIONameKey = "IOName";

    private Matching() {
    }

    /**
     * Builds a dictionary that matches services of class {@code name} or a subclass, as IOKitLib's
     * {@code IOServiceMatching} does.
     *
     * @param name a class name, e.g. {@code IOUserService} or a driver's {@code IOUserClass}.
     * @return a new mutable map {@code {IOProviderClass: name}}, or null if {@code name} is null (Apple
     *         returns NULL on failure).
     */
    public static Map<String, Object> IOServiceMatching(String name) {
        return name == null ? null : single(kIOProviderClassKey, name);
    }

    /**
     * Builds a dictionary that matches services by name, as IOKitLib's {@code IOServiceNameMatching} does.
     *
     * @param name a registry entry name (a driver service's name is its {@code IOUserClass}).
     * @return a new mutable map {@code {IONameMatch: name}}, or null if {@code name} is null.
     */
    public static Map<String, Object> IOServiceNameMatching(String name) {
        return name == null ? null : single(kIONameMatchKey, name);
    }

    /**
     * Builds a dictionary that matches the one entry with this ID, as IOKitLib's
     * {@code IORegistryEntryIDMatching} does.
     *
     * @param entryID a registry entry ID.
     * @return a new mutable map {@code {IORegistryEntryID: entryID}} holding a {@link Long}.
     */
    public static Map<String, Object> IORegistryEntryIDMatching(long entryID) {
        return single(kIORegistryEntryIDKey, entryID);
    }

    /**
     * A caller's matching dictionary as the kernel keeps it: {@link #dictionary()}, an immutable deep copy, or
     * {@link #failure()}, why there is none.
     *
     * @param dictionary the copy, or {@code null} if the dictionary was refused.
     * @param failure    {@code null}, or {@code kIOReturnBadArgument} with an explanation naming the key and value.
     */
    public record Copy(Map<String, Object> dictionary, Failure failure) {
    }

    /**
     * Copies and checks a caller's matching dictionary: what the kernel does before it matches anything.
     *
     * <p>The copy holds only property-list values ({@code String}, {@code Boolean}, the boxed integers,
     * {@code Double}, {@code Float}, {@code byte[]}, and lists, sets and String-keyed maps of them); a value of any
     * other class becomes the string {@code "typeID <class> not serializable"}, as {@code IOCFSerialize} writes
     * it (IOKitUser IOCFSerialize.c), so it matches nothing. The caller's values are never asked for their
     * {@code toString}, {@code equals} or {@code hashCode}.
     *
     * <p>Refused with {@code kIOReturnBadArgument}: a null dictionary; a null key or value at any depth (a CF
     * container holds no NULL); a key that is not a String; a container inside itself; nesting deeper than 64;
     * a container whose iteration throws; an honoured key (see above) whose value has the wrong type. Other keys
     * may hold any value.
     *
     * @param matching the caller's dictionary, possibly null; read once, not kept.
     * @return the copy or the failure.
     */
    public static Copy copy(Map<String, Object> matching) {
        final Copy copy = MatchingCopy.of(matching);
        if (copy.failure() != null) {
            return copy;
        }
        final String problem = MatchingCheck.problem(copy.dictionary());
        return problem == null ? copy : new Copy(null, new Failure(kIOReturnBadArgument, problem));
    }

    /**
     * Explains what is wrong with a matching dictionary, if anything: {@link #copy}'s failure, as text.
     *
     * @param matching the dictionary, possibly null.
     * @return null if the dictionary is well formed, else an explanation naming the key and the value, e.g.
     *         {@code IOProviderClass=42 (an Integer): IOProviderClass must be a String naming a class, …}.
     */
    public static String validate(Map<String, Object> matching) {
        final Failure failure = copy(matching).failure();
        return failure == null ? null : failure.explanation();
    }

    /**
     * Tests a registered entry against a matching dictionary: what {@code IOServiceGetMatchingService}
     * and matching notifications do. An entry that has not registered matches nothing.
     *
     * @param matching          a dictionary {@link #copy} made.
     * @param candidate         the entry to test.
     * @param resourcePublished whether a resource of the given name has been published, for
     *                          {@value #kIOResourceMatchKey}.
     * @return whether the entry is registered and every honoured key matches.
     * @throws NullPointerException if an argument is null.
     */
    public static boolean matches(Map<String, Object> matching, MatchCandidate candidate,
                                  Predicate<String> resourcePublished) {
        return candidate.isRegistered() && matchesIgnoringRegistration(matching, candidate, resourcePublished);
    }

    /**
     * Tests an entry against a matching dictionary whether or not it has registered, e.g. a service being
     * terminated, for terminated notifications.
     *
     * @param matching          a dictionary {@link #copy} made.
     * @param candidate         the entry to test.
     * @param resourcePublished whether a resource of the given name has been published.
     * @return whether every honoured key matches.
     * @throws NullPointerException if an argument is null.
     */
    public static boolean matchesIgnoringRegistration(Map<String, Object> matching, MatchCandidate candidate,
                                                      Predicate<String> resourcePublished) {
        Objects.requireNonNull(matching, "matching");
        Objects.requireNonNull(candidate, "candidate");
        Objects.requireNonNull(resourcePublished, "resourcePublished");
        for (Map.Entry<String, Object> entry : matching.entrySet()) {
            if (!keyMatches(entry.getKey(), entry.getValue(), candidate, resourcePublished)) {
                return false;
            }
        }
        return true;
    }

    private static boolean keyMatches(String key, Object value, MatchCandidate candidate,
                                      Predicate<String> resourcePublished) {
        return switch (key) {
            case kIOProviderClassKey -> value instanceof String name && candidate.classChain().contains(name);
            case kIONameMatchKey -> nameMatches(value, candidate);
            case kIOPropertyMatchKey -> propertiesMatch(value, candidate.properties());
            case kIOResourceMatchKey -> value instanceof String name && resourcePublished.test(name);
            case kIORegistryEntryIDKey -> MatchingCheck.isIntegral(value)
                    && ((Number) value).longValue() == candidate.registryEntryID();
            case null, default -> true;
        };
    }

    private static boolean nameMatches(Object value, MatchCandidate candidate) {
        if (value instanceof List<?> names) {
            for (Object name : names) {
                if (name instanceof String s && isNamed(s, candidate)) {
                    return true;
                }
            }
            return false;
        }
        return value instanceof String name && isNamed(name, candidate);
    }

    private static boolean isNamed(String name, MatchCandidate candidate) {
        return name.equals(candidate.name()) || name.equals(candidate.properties().get(kIONameKey));
    }

    private static boolean propertiesMatch(Object value, Map<String, Object> properties) {
        if (value instanceof List<?> tables) {
            for (Object table : tables) {
                if (table instanceof Map<?, ?> map && tableMatches(map, properties)) {
                    return true;
                }
            }
            return false;
        }
        return value instanceof Map<?, ?> table && tableMatches(table, properties);
    }

    private static boolean tableMatches(Map<?, ?> table, Map<String, Object> properties) {
        for (Map.Entry<?, ?> entry : table.entrySet()) {
            if (!PropertyEquality.equal(entry.getValue(), properties.get(entry.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, Object> single(String key, Object value) {
        Map<String, Object> matching = new HashMap<>();
        matching.put(key, value);
        return matching;
    }
}
