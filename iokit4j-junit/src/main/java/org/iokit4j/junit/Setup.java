package org.iokit4j.junit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.iokit4j.kernel.bundle.BundleException;
import org.iokit4j.kernel.bundle.BundleLoader;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * What an {@link IOKitTest} asks for, read once per test class: the kernel's name, its bundles, the test task's
 * entitlements, the lifecycle and the clock.
 *
 * @param name         the kernel's name.
 * @param bundles      the bundles' {@code Info.plist} resources; empty: discover them on the class path.
 * @param entitlements the test task's entitlements.
 * @param lifecycle    when kernels boot and close.
 * @param manualClock  whether the driver servers read a {@link ManualClock}.
 * @param loader       the test class's loader: where bundles, entitlements and driver classes are found.
 */
record Setup(String name, List<String> bundles, Map<String, Object> entitlements, IOKitTest.Lifecycle lifecycle,
             boolean manualClock, ClassLoader loader) {

    /**
     * Reads {@code annotation} on {@code testClass}.
     *
     * @throws ExtensionConfigurationException naming the file, for an entitlements file that is missing or malformed.
     */
    static Setup of(Class<?> testClass, IOKitTest annotation) {
        final ClassLoader loader = testClass.getClassLoader() != null ? testClass.getClassLoader()
                : ClassLoader.getSystemClassLoader();
        final String name = annotation.name().isEmpty() ? testClass.getSimpleName() : annotation.name();
        return new Setup(name, List.of(annotation.bundles()), entitlements(testClass, annotation, loader),
                annotation.lifecycle(), annotation.manualClock(), loader);
    }

    private static Map<String, Object> entitlements(Class<?> testClass, IOKitTest annotation, ClassLoader loader) {
        final Map<String, Object> entitlements = new LinkedHashMap<>();
        try {
            if (!annotation.entitlements().isEmpty()) {
                entitlements.putAll(BundleLoader.loadDictionary(annotation.entitlements(), loader));
            } else if (annotation.entitlement().length == 0) {
                entitlements.putAll(BundleLoader.appEntitlements(loader));
            }
        } catch (BundleException unreadable) {
            throw new ExtensionConfigurationException("@IOKitTest(entitlements = \"" + annotation.entitlements()
                    + "\") on " + testClass.getName() + ": the test task's entitlements cannot be read: "
                    + unreadable.getMessage(), unreadable);
        }
        for (Entitlement one : annotation.entitlement()) {
            entitlements.put(one.key(), one.values().length == 0 ? Boolean.TRUE
                    : new ArrayList<>(Arrays.asList(one.values())));
        }
        return Map.copyOf(entitlements);
    }
}
