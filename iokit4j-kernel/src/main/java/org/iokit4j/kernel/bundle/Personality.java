package org.iokit4j.kernel.bundle;

import java.util.Map;
import java.util.Objects;

/**
 * One entry of a driver bundle's {@code IOKitPersonalities}: the matching dictionary that says which
 * provider a driver attaches to and which Java class the kernel instantiates when it does.
 *
 * <p>The whole personality dictionary is kept in {@link #properties()}; it becomes the properties of the
 * service the kernel starts (contract.md §4). The accessors read the keys the kernel honours, with Apple's
 * defaults where a key may be left out.
 *
 * @param name             the personality's key in {@code IOKitPersonalities}.
 * @param bundleIdentifier the {@code CFBundleIdentifier} of the bundle that declared it.
 * @param properties       the whole personality dictionary, as a deep unmodifiable copy (see
 *                         {@link PlistValues#immutableCopy(Map)}).
 */
public record Personality(String name, String bundleIdentifier, Map<String, Object> properties) {

    /** The key naming the kernel class, {@code IOClass}; DriverKit services use {@link #kIOUserServiceClass}. */
    public static final String kIOClassKey = "IOClass";
    /** The key naming the driver's Java class (Apple: the dext's C++ class), {@code IOUserClass}. */
    public static final String kIOUserClassKey = "IOUserClass";
    /** The key naming the class of provider the driver attaches to, {@code IOProviderClass}. */
    public static final String kIOProviderClassKey = "IOProviderClass";
    /** The key naming the driver server (Apple: the dext process) that hosts it, {@code IOUserServerName}. */
    public static final String kIOUserServerNameKey = "IOUserServerName";
    /** The key naming the match category, {@code IOMatchCategory}: one driver per category per provider. */
    public static final String kIOMatchCategoryKey = "IOMatchCategory";
    /** The key naming a resource that must be published before the driver matches, {@code IOResourceMatch}. */
    public static final String kIOResourceMatchKey = "IOResourceMatch";
    /** The key holding the integer that ranks competing drivers, {@code IOProbeScore}. */
    public static final String kIOProbeScoreKey = "IOProbeScore";
    /** The {@code IOClass} of a DriverKit service when a personality leaves it out: {@code IOUserService}. */
    public static final String kIOUserServiceClass = "IOUserService";
    /** The match category of a personality that names none: {@code IODefaultMatchCategory}. */
    public static final String kIODefaultMatchCategory = "IODefaultMatchCategory";

    /**
     * Checks the personality and copies its dictionary.
     *
     * @throws NullPointerException     if an argument is null.
     * @throws IllegalArgumentException if {@code IOProviderClass} or {@code IOUserClass} is missing or not a
     *                                  non-empty String, if {@code IOClass}, {@code IOUserServerName},
     *                                  {@code IOMatchCategory} or {@code IOResourceMatch} is present but not
     *                                  a String, if {@code IOProbeScore} is present but not an integer, or if
     *                                  {@code properties} holds a value that is not a property-list value.
     *                                  The message names the personality, the key and the rule, e.g.
     *                                  {@code personality "MyDriver" has no IOUserClass: …}.
     */
    public Personality {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(bundleIdentifier, "bundleIdentifier");
        properties = PlistValues.immutableCopy(Objects.requireNonNull(properties, "properties"));
        requireName(name, properties, kIOProviderClassKey,
                "every personality names the class of provider it attaches to"
                        + " (IOUserResources for a driver that needs no hardware)");
        requireName(name, properties, kIOUserClassKey,
                "every DriverKit personality names the Java class to instantiate");
        for (String key : new String[] {kIOClassKey, kIOUserServerNameKey, kIOMatchCategoryKey, kIOResourceMatchKey}) {
            Object value = properties.get(key);
            if (value != null && !(value instanceof String)) {
                throw new IllegalArgumentException(personality(name) + " has " + key + "=" + value + " ("
                        + PlistValues.kindOf(value) + "): " + key + " must be a string");
            }
        }
        Object score = properties.get(kIOProbeScoreKey);
        if (score != null && !isIntegral(score)) {
            throw new IllegalArgumentException(personality(name) + " has " + kIOProbeScoreKey + "=" + score + " ("
                    + PlistValues.kindOf(score) + "): " + kIOProbeScoreKey + " must be an integer");
        }
    }

    /** {@return {@code IOClass}, or {@value #kIOUserServiceClass} when the personality leaves it out} */
    public String ioClass() {
        return (String) properties.getOrDefault(kIOClassKey, kIOUserServiceClass);
    }

    /** {@return {@code IOUserClass}: the fully qualified name of the driver's Java class} */
    public String ioUserClass() {
        return (String) properties.get(kIOUserClassKey);
    }

    /** {@return {@code IOProviderClass}: the class of provider this driver attaches to} */
    public String ioProviderClass() {
        return (String) properties.get(kIOProviderClassKey);
    }

    /** {@return {@code IOUserServerName}, or the {@linkplain #bundleIdentifier() bundle identifier} when absent} */
    public String ioUserServerName() {
        return (String) properties.getOrDefault(kIOUserServerNameKey, bundleIdentifier);
    }

    /** {@return {@code IOMatchCategory}, or {@value #kIODefaultMatchCategory} when absent} */
    public String ioMatchCategory() {
        return (String) properties.getOrDefault(kIOMatchCategoryKey, kIODefaultMatchCategory);
    }

    /** {@return {@code IOResourceMatch}, or null when the driver waits for no resource} */
    public String ioResourceMatch() {
        return (String) properties.get(kIOResourceMatchKey);
    }

    /** {@return {@code IOProbeScore}, or 0 when absent} */
    public long ioProbeScore() {
        return properties.get(kIOProbeScoreKey) instanceof Number score ? score.longValue() : 0L;
    }

    private static void requireName(String name, Map<String, Object> properties, String key, String why) {
        Object value = properties.get(key);
        if (value == null) {
            throw new IllegalArgumentException(personality(name) + " has no " + key + ": " + why);
        }
        if (!(value instanceof String s) || s.isBlank()) {
            throw new IllegalArgumentException(personality(name) + " has " + key + "=" + value + " ("
                    + PlistValues.kindOf(value) + "): " + key + " must be a non-empty string, because " + why);
        }
    }

    private static boolean isIntegral(Object value) {
        return value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte;
    }

    private static String personality(String name) {
        return "personality \"" + name + "\"";
    }
}
