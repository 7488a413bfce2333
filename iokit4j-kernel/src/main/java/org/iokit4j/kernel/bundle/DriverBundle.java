package org.iokit4j.kernel.bundle;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A driver bundle as read from the class path: its {@code Info.plist}, personalities and entitlements,
 * and the class loader its driver classes come from (contract.md §4).
 *
 * <p>All maps and lists are deep unmodifiable copies (see {@link PlistValues#immutableCopy(Map)}).
 *
 * @param location         where the {@code Info.plist} was read from, e.g.
 *                         {@code jar:file:/app/echo.jar!/META-INF/driverkit/Info.plist}.
 * @param bundleIdentifier the bundle's {@code CFBundleIdentifier}, e.g. {@code com.example.echo}.
 * @param info             the whole {@code Info.plist} dictionary.
 * @param personalities    one entry per key of {@code IOKitPersonalities}, in file order; empty when the
 *                         bundle declares none.
 * @param entitlements     the dictionary in {@code Entitlements.plist} beside the {@code Info.plist}, or
 *                         empty when there is no such file.
 * @param classLoader      the loader that found the bundle, to load its {@code IOUserClass} classes with.
 */
public record DriverBundle(URI location, String bundleIdentifier, Map<String, Object> info,
                           List<Personality> personalities, Map<String, Object> entitlements,
                           ClassLoader classLoader) {

    /**
     * Copies the collections.
     *
     * @throws NullPointerException     if an argument is null or {@code personalities} holds a null.
     * @throws IllegalArgumentException if {@code info} or {@code entitlements} holds a value that is not a
     *                                  property-list value.
     */
    public DriverBundle {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(bundleIdentifier, "bundleIdentifier");
        info = PlistValues.immutableCopy(info);
        personalities = List.copyOf(personalities);
        entitlements = PlistValues.immutableCopy(entitlements);
        Objects.requireNonNull(classLoader, "classLoader");
    }
}
