package org.iokit4j.kernel.matching;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import org.iokit4j.Failure;

/**
 * Apple's matching dictionaries: the helpers that build them, the copy the kernel keeps of one, and the test of one
 * registry entry against one (apple-semantics.md §9, contract.md §4 and §7), as XNU's {@code IOService::matchPassive}
 * and {@code matchInternal} do it (iokit/Kernel/IOService.cpp).
 *
 * <p>Keys honoured, all of which must match (a logical AND; a dictionary with none of them matches every
 * registered entry):
 * <ul>
 *   <li>{@value #kIOProviderClassKey} (a string): the entry's {@linkplain MatchCandidate#classChain() class
 *       chain} contains it, i.e. the entry is of that class or a subclass;</li>
 *   <li>{@value #kIONameMatchKey} (a string, or an array of strings of which any one will do): equals the entry's
 *       {@linkplain MatchCandidate#name() name} or its {@value #kIONameKey} property;</li>
 *   <li>{@value #kIOPropertyMatchKey} (a dictionary, or an array of dictionaries of which any one will do): every
 *       key of the dictionary is a property of the entry with an equal value, compared deeply (maps, lists and
 *       {@code byte[]} by content, integers by value);</li>
 *   <li>{@value #kIOPropertyExistsMatchKey} (a string, or an array of strings of which any one will do): the entry
 *       has a property of that name;</li>
 *   <li>{@value #kIOLocationMatchKey} (a string): equals the entry's {@linkplain MatchCandidate#location()
 *       location}; a dictionary asks for a provider at a location (XNU's {@code matchLocation}, which only families
 *       such as PCI answer), so it matches nothing here;</li>
 *   <li>{@value #kIOPathMatchKey} (a string): the path leads to the entry ({@code IORegistryEntry::fromPath});</li>
 *   <li>{@value #kIOParentMatchKey} (a dictionary): some provider above the entry, up to the top of the service
 *       plane, matches that dictionary (itself with any of these keys, including another
 *       {@value #kIOParentMatchKey}), registered or not;</li>
 *   <li>{@value #kIOResourceMatchKey} (a string, or an array of strings that must all be): that resource has been
 *       published;</li>
 *   <li>{@value #kIORegistryEntryIDKey} (an integer): equals the entry's registry entry ID.</li>
 * </ul>
 *
 * <p>A key holding a value of another type is treated as XNU treats it ({@code OSDynamicCast}, see
 * {@link MatchKeys}): {@value #kIOProviderClassKey}, {@value #kIOLocationMatchKey}, {@value #kIOPathMatchKey},
 * {@value #kIOParentMatchKey} and {@value #kIORegistryEntryIDKey} of the wrong type are skipped, as if absent, so
 * the rest of the dictionary decides; {@value #kIONameMatchKey}, {@value #kIOPropertyMatchKey},
 * {@value #kIOPropertyExistsMatchKey} and {@value #kIOResourceMatchKey} of the wrong type match nothing. Every other
 * key is ignored, as Apple's {@code IOService::matchPropertyTable} default (which returns true) ignores keys no class
 * claims.
 *
 * <p>The kernel never uses a caller's map itself: it {@linkplain #copy copies} it first, as IOKitLib serializes a
 * dictionary and the kernel unserializes it, into an immutable tree of property-list values (a value of another
 * class becomes the string {@code "typeID <class> not serializable"}, as {@code IOCFSerialize} writes it), and
 * refuses only what C could not send: nulls, non-String keys and cycles. The copy is what {@code matches} reads.
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
    /** The key whose value names properties the entry must have (any one of them), {@value}. */
    public static final String kIOPropertyExistsMatchKey = "IOPropertyExistsMatch";
    /** The key whose value is a location the entry must be at, {@value}. */
    public static final String kIOLocationMatchKey = "IOLocationMatch";
    /** The key whose value is a registry path that must lead to the entry, {@value}. */
    public static final String kIOPathMatchKey = "IOPathMatch";
    /** The key whose value is a dictionary some provider above the entry must match, {@value}. */
    public static final String kIOParentMatchKey = "IOParentMatch";
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
     * a container whose iteration throws. Any key may hold any other value: a key of the wrong type is matched as
     * XNU matches it (the class comment), not refused.
     *
     * @param matching the caller's dictionary, possibly null; read once, not kept.
     * @return the copy or the failure.
     */
    public static Copy copy(Map<String, Object> matching) {
        return MatchingCopy.of(matching);
    }

    /**
     * Explains what is wrong with a matching dictionary, if anything: {@link #copy}'s failure, as text.
     *
     * @param matching the dictionary, possibly null.
     * @return null if the dictionary is well formed, else an explanation naming what is wrong, e.g.
     *         {@code IOProviderClass is null: a matching dictionary cannot hold null …}.
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
        return matchPassive(matching, candidate, resourcePublished);
    }

    /**
     * {@code IOService::matchPassive}: the entry's own keys ({@link MatchKeys}), then a dictionary
     * {@value #kIOParentMatchKey} looked for at each provider up to the top of the plane, or a dictionary
     * {@value #kIOLocationMatchKey}, which needs a family's {@code matchLocation} and so matches nothing here (XNU's
     * {@code IOService::matchLocation} walks up to the root and answers {@code NULL}).
     */
    private static boolean matchPassive(Map<String, Object> matching, MatchCandidate where,
                                        Predicate<String> resourcePublished) {
        if (!MatchKeys.match(matching, where, resourcePublished)) {
            return false;
        }
        if (matching.get(kIOParentMatchKey) instanceof Map<?, ?> parentTable) {
            @SuppressWarnings("unchecked") // a copy: String keys throughout
            final Map<String, Object> parent = (Map<String, Object>) parentTable;
            for (MatchCandidate above = where.parentService(); above != null; above = above.parentService()) {
                if (matchPassive(parent, above, resourcePublished)) {
                    return true;
                }
            }
            return false;
        }
        return !(matching.get(kIOLocationMatchKey) instanceof Map<?, ?>);
    }

    private static Map<String, Object> single(String key, Object value) {
        Map<String, Object> matching = new HashMap<>();
        matching.put(key, value);
        return matching;
    }
}
