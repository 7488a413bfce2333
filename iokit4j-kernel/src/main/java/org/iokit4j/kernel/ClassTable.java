package org.iokit4j.kernel;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.iokit4j.kernel.bundle.DriverBundle;
import org.iokit4j.kernel.bundle.Personality;
import org.iokit4j.kernel.catalogue.DriverCatalogue;
import org.iokit4j.kernel.registry.IORegistry;
import org.iokit4j.kernel.registry.KernelIterator;

/**
 * The kernel's classes by name: what {@code io_object_get_superclass} and {@code io_object_get_bundle_identifier}
 * look up ({@code OSMetaClass::copyMetaClassWithName}, then {@code getSuperClass} or {@code getKmodName},
 * iokit/Kernel/IOUserClient.cpp).
 *
 * <p>Two kinds of class are known:
 * <ul>
 *   <li><em>kernel classes</em>: the registry's ({@link IORegistry#kernelClassChains()}), the iterators'
 *       ({@link KernelIterator#classChain()}), and every {@code IOClass} a loaded personality names (a class the
 *       registry does not list derives from {@code IOService}, as {@link IORegistry#newEntry} takes it). Their bundle
 *       is the kernel's, {@value #KERNEL_BUNDLE}: XNU gives the classes built into the kernel to the fake kext
 *       {@code sKernelKext} made from {@code g_kernel_kmod_info}, whose name is {@code kOSKextKernelIdentifier}
 *       (libkern/c++/OSKext.cpp, libkern/libkern/OSKextLib.h). {@code OSObject} has no superclass.</li>
 *   <li><em>driver classes</em>: each {@code IOUserClass} of a loaded bundle (a personality's, or a dictionary in it
 *       that {@code IOService::Create} makes, such as {@code UserClientProperties}), by its fully qualified name and
 *       by its simple name, the two names the registry's class chains give it. Its superclass is the kernel class that
 *       stands for it (the dictionary's {@code IOClass}); its bundle is the bundle's {@code CFBundleIdentifier}.
 *       XNU does not know a dext's classes here (they are {@code OSUserMetaClass}es of the dext's
 *       {@code IOUserServer}, not in {@code OSMetaClass}'s dictionary) and answers {@code kIOReturnNotFound}; iokit4j
 *       answers what its class chains already say, since {@code IOServiceMatching} and {@code IOObjectConformsTo} take
 *       a driver's class as a class.</li>
 * </ul>
 *
 * <p><b>Concurrency.</b> Thread-safe: every look-up reads the catalogue afresh (bundles loaded later are seen).
 */
final class ClassTable {
    /** {@code kOSKextKernelIdentifier}: the bundle of the classes built into the kernel. */
    static final String KERNEL_BUNDLE = "__kernel__";

    /** The kernel classes that are no registry entries: the iterators a client gets. */
    private static final List<List<String>> ITERATOR_CLASSES = List.of(
            List.of("IOUserIterator", "OSIterator", "OSObject"),
            List.of("IOServiceUserNotification", "IOUserNotification", "IOUserIterator", "OSIterator", "OSObject"),
            List.of("IOServiceMessageUserNotification", "IOUserNotification", "IOUserIterator", "OSIterator",
                    "OSObject"));

    private final DriverCatalogue catalogue;

    ClassTable(DriverCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    /** {@return the superclass of {@code className}, or {@code null} for an unknown class and for {@code OSObject}} */
    String superclass(String className) {
        final Map<String, String> kernel = kernelSuperclasses();
        if (kernel.containsKey(className)) {
            return kernel.get(className);
        }
        final DriverClass driver = driverClass(className);
        return driver == null ? null : driver.ioClass();
    }

    /** {@return whether {@code className} is a class the kernel knows} */
    boolean isKnown(String className) {
        return kernelSuperclasses().containsKey(className) || driverClass(className) != null;
    }

    /** {@return the identifier of the bundle that defines {@code className}, or {@code null} for an unknown class} */
    String bundleIdentifier(String className) {
        if (kernelSuperclasses().containsKey(className)) {
            return KERNEL_BUNDLE;
        }
        final DriverClass driver = driverClass(className);
        return driver == null ? null : driver.bundleIdentifier();
    }

    /** Every kernel class to its superclass ({@code null} for {@code OSObject}). */
    private Map<String, String> kernelSuperclasses() {
        final Map<String, String> supers = new HashMap<>();
        for (List<String> chain : IORegistry.kernelClassChains()) {
            link(supers, chain);
        }
        for (List<String> chain : ITERATOR_CLASSES) {
            link(supers, chain);
        }
        for (DriverBundle bundle : catalogue.bundles()) {
            for (Personality personality : bundle.personalities()) {
                supers.putIfAbsent(personality.ioClass(), "IOService");
                for (Object value : personality.properties().values()) {
                    if (value instanceof Map<?, ?> made && made.get(Personality.kIOUserClassKey) instanceof String
                            && made.get(Personality.kIOClassKey) instanceof String ioClass) {
                        supers.putIfAbsent(ioClass, "IOService");
                    }
                }
            }
        }
        return supers;
    }

    private static void link(Map<String, String> supers, List<String> chain) {
        for (int i = 0; i < chain.size(); i++) {
            supers.putIfAbsent(chain.get(i), i + 1 < chain.size() ? chain.get(i + 1) : null);
        }
    }

    /** {@return the driver class named {@code className} (fully qualified or simple), or {@code null}} */
    private DriverClass driverClass(String className) {
        for (DriverBundle bundle : catalogue.bundles()) {
            for (Personality personality : bundle.personalities()) {
                if (names(personality.ioUserClass(), className)) {
                    return new DriverClass(personality.ioClass(), bundle.bundleIdentifier());
                }
                for (Object value : personality.properties().values()) {
                    if (value instanceof Map<?, ?> made && made.get(Personality.kIOUserClassKey) instanceof String user
                            && names(user, className)) {
                        return new DriverClass(made.get(Personality.kIOClassKey) instanceof String ioClass ? ioClass
                                : Personality.kIOUserServiceClass, bundle.bundleIdentifier());
                    }
                }
            }
        }
        return null;
    }

    /** Whether {@code className} is {@code userClass} or its simple name (as {@link IORegistry#newEntry} chains it). */
    private static boolean names(String userClass, String className) {
        return userClass.equals(className) || userClass.substring(userClass.lastIndexOf('.') + 1).equals(className);
    }

    private record DriverClass(String ioClass, String bundleIdentifier) {
    }
}
