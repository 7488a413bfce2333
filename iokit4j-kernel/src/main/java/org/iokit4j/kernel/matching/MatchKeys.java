package org.iokit4j.kernel.matching;

import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The keys one entry is tested against, as XNU's {@code IOService::matchInternal} tests them (iokit/Kernel/
 * IOService.cpp), with {@code IOResourceMatch} as {@code IOResourcesMatchPropertyTable} tests it. Every key present
 * must match; a key is first cast to the type it needs ({@code OSDynamicCast}), and what happens when that fails is
 * XNU's, key by key:
 *
 * <ul>
 *   <li>skipped, as if absent: {@code IOProviderClass}, {@code IOLocationMatch} and {@code IOPathMatch} that are no
 *       string, {@code IORegistryEntryID} that is no integer;</li>
 *   <li>not matching: {@code IONameMatch}, {@code IOPropertyExistsMatch} and {@code IOResourceMatch} that are
 *       neither a string nor a collection, {@code IOPropertyMatch} that is neither a dictionary nor a
 *       collection.</li>
 * </ul>
 *
 * <p>A collection is an array, a set or a dictionary (whose keys are its members: XNU iterates a dictionary's keys).
 * {@code IONameMatch} and {@code IOPropertyExistsMatch} match if any member does, {@code IOPropertyMatch} if any
 * member dictionary does, but each stops at the first member of the wrong type ({@code compareNames}' loop ends
 * when {@code OSDynamicCast} answers {@code NULL}). {@code IOResourceMatch} needs every member published.
 *
 * <p><b>Concurrency.</b> Stateless.
 */
final class MatchKeys {
    /** The property {@code IOPathMatch} also compares with, once the entry's properties were read, {@value}. */
    static final String kIOPathKey = "IOPath";

    private MatchKeys() {
    }

    /** {@code matchInternal} (and the resource check) of {@code dictionary}, a {@link Matching#copy copy}. */
    static boolean match(Map<String, Object> dictionary, MatchCandidate candidate, Predicate<String> published) {
        final Object provider = dictionary.get(Matching.kIOProviderClassKey);
        if (provider instanceof String className && !candidate.classChain().contains(className)) {
            return false;
        }
        final Object names = dictionary.get(Matching.kIONameMatchKey);
        if (names != null && !anyString(names, name -> isNamed(name, candidate))) {
            return false;
        }
        if (dictionary.get(Matching.kIOLocationMatchKey) instanceof String location
                && !location.equals(candidate.location())) {
            return false;
        }
        final Object tables = dictionary.get(Matching.kIOPropertyMatchKey);
        if (tables != null && !propertiesMatch(tables, candidate.properties())) {
            return false;
        }
        final Object keys = dictionary.get(Matching.kIOPropertyExistsMatchKey);
        if (keys != null && !anyString(keys, candidate.properties()::containsKey)) {
            return false;
        }
        if (dictionary.get(Matching.kIOPathMatchKey) instanceof String path && !pathMatches(path, dictionary,
                candidate)) {
            return false;
        }
        final Object id = dictionary.get(Matching.kIORegistryEntryIDKey);
        if (isIntegral(id) && ((Number) id).longValue() != candidate.registryEntryID()) {
            return false;
        }
        final Object resources = dictionary.get(Matching.kIOResourceMatchKey);
        return resources == null || allPublished(resources, published);
    }

    /** {@return whether {@code value} is a whole number of a Java integer type (an {@code OSNumber})} */
    static boolean isIntegral(Object value) {
        return value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte;
    }

    /**
     * {@code compareNames} and the loop of {@code IOPropertyExistsMatch}: a string is tested; a collection's members
     * are tested until one passes or one is no string.
     */
    private static boolean anyString(Object value, Predicate<String> test) {
        if (value instanceof String s) {
            return test.test(s);
        }
        final Iterator<?> members = members(value);
        while (members != null && members.hasNext() && members.next() instanceof String s) {
            if (test.test(s)) {
                return true;
            }
        }
        return false;
    }

    /** {@code IOPropertyMatch}: one dictionary, or a collection's dictionaries until one matches or one is none. */
    private static boolean propertiesMatch(Object value, Map<String, Object> properties) {
        if (value instanceof Map<?, ?> table) {
            return tableMatches(table, properties);
        }
        final Iterator<?> members = members(value);
        while (members != null && members.hasNext() && members.next() instanceof Map<?, ?> table) {
            if (tableMatches(table, properties)) {
                return true;
            }
        }
        return false;
    }

    /** {@code OSDictionary::isEqualTo(table, table)}: every key of {@code table} is a property with an equal value. */
    private static boolean tableMatches(Map<?, ?> table, Map<String, Object> properties) {
        for (Map.Entry<?, ?> entry : table.entrySet()) {
            if (!PropertyEquality.equal(entry.getValue(), properties.get(entry.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code IOPathMatch}: the path leads to the entry, or else, when the entry's properties were read for an earlier
     * key ({@code IOPropertyMatch}, {@code IOPropertyExistsMatch}), its {@value #kIOPathKey} property equals it.
     */
    private static boolean pathMatches(String path, Map<String, Object> dictionary, MatchCandidate candidate) {
        if (candidate.isAt(path)) {
            return true;
        }
        final boolean propertiesRead = dictionary.containsKey(Matching.kIOPropertyMatchKey)
                || dictionary.containsKey(Matching.kIOPropertyExistsMatchKey);
        return propertiesRead && path.equals(candidate.properties().get(kIOPathKey));
    }

    /** {@code IOResourcesMatchPropertyTable}: every member (or the one string) is a published resource. */
    private static boolean allPublished(Object value, Predicate<String> published) {
        final Iterator<?> members = value instanceof String ? List.of(value).iterator() : members(value);
        if (members == null) {
            return false; // iterateObjects calls back with the object itself: no string, no resource
        }
        while (members.hasNext()) {
            if (!(members.next() instanceof String name && published.test(name))) {
                return false;
            }
        }
        return true;
    }

    /** {@return the members of a collection (a dictionary's keys), or {@code null} if {@code value} is none} */
    private static Iterator<?> members(Object value) {
        return switch (value) {
            case List<?> list -> list.iterator();
            case Set<?> set -> set.iterator();
            case Map<?, ?> map -> map.keySet().iterator();
            case Collection<?> other -> other.iterator();
            default -> null;
        };
    }

    /** {@code compareName}: the entry's name, or (iokit4j) its {@value Matching#kIONameKey} property. */
    private static boolean isNamed(String name, MatchCandidate candidate) {
        return name.equals(candidate.name()) || name.equals(candidate.properties().get(Matching.kIONameKey));
    }
}
