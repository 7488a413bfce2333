package org.iokit4j.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.iokit4j.kernel.bundle.DriverBundle;
import org.iokit4j.kernel.bundle.Personality;
import org.iokit4j.kernel.catalogue.DriverCatalogue;
import org.iokit4j.kernel.registry.IORegistry;
import org.iokit4j.kernel.registry.NoDrivers;
import org.iokit4j.kernel.registry.RegistryEntry;
import org.iokit4j.mig.DextObject;
import org.iokit4j.mig.DextServer;
import org.junit.jupiter.api.Test;

/**
 * The classes {@code IOObjectCopySuperclassForClass} and {@code IOObjectCopyBundleIdentifierForClass} know (issue 11
 * deliverable 3; XNU iokit/Kernel/IOUserClient.cpp {@code is_io_object_get_superclass},
 * {@code is_io_object_get_bundle_identifier}; libkern/c++/OSKext.cpp {@code g_kernel_kmod_info}).
 */
class ClassTableTest {
    private static final String DRIVER = "org.example.test.MyDriver";
    private static final String USER_CLIENT = "org.example.test.MyUserClient";

    private final IORegistry registry = NoDrivers.registry();
    private final DriverCatalogue catalogue = new DriverCatalogue(registry, new DriverCatalogue.ServerLauncher() {
        @Override
        public DextServer server(DriverBundle bundle, String serverName) {
            throw new IllegalStateException("nothing is launched: IOUserResources is not registered");
        }

        @Override
        public void bind(RegistryEntry entry, DextServer server, DextObject object) {
        }

        @Override
        public void forget(RegistryEntry entry) {
        }
    }, problem -> { });
    private final ClassTable classes = new ClassTable(catalogue);

    ClassTableTest() {
        final Personality personality = new Personality("MyDriver", "org.example.test", Map.of(
                "IOProviderClass", "IOUserResources", "IOUserClass", DRIVER, "IOClass", "IOUserHIDEventService",
                "UserClientProperties", Map.of("IOClass", "IOUserUserClient", "IOUserClass", USER_CLIENT)));
        catalogue.addBundle(new DriverBundle(URI.create("test:/Info.plist"), "org.example.test", Map.of(),
                List.of(personality), Map.of(), ClassTableTest.class.getClassLoader()));
    }

    @Test
    void shouldWalkTheKernelClassesUpToOSObject() { // getSuperClass on the kernel's metaclasses
        assertThat(classes.superclass("IOUserUserClient")).isEqualTo("IOUserClient");
        assertThat(classes.superclass("IOUserClient")).isEqualTo("IOService");
        assertThat(classes.superclass("IOService")).isEqualTo("IORegistryEntry");
        assertThat(classes.superclass("IORegistryEntry")).isEqualTo("OSObject");
        assertThat(classes.superclass("OSObject")).as("the root class has none").isNull();
        assertThat(classes.isKnown("OSObject")).isTrue();
        assertThat(classes.superclass("IOServiceUserNotification")).isEqualTo("IOUserNotification");
        assertThat(classes.superclass("IOUserIterator")).isEqualTo("OSIterator");
    }

    @Test
    void shouldKnowAnIOClassOnlyAPersonalityNames() { // newEntry: an unlisted IOClass derives from IOService
        assertThat(classes.superclass("IOUserHIDEventService")).isEqualTo("IOService");
        assertThat(classes.bundleIdentifier("IOUserHIDEventService")).isEqualTo(ClassTable.KERNEL_BUNDLE);
    }

    @Test
    void shouldPutADriverClassUnderTheKernelClassThatStandsForIt() { // iokit4j's class chain: IOUserClass, IOClass
        assertThat(classes.superclass(DRIVER)).isEqualTo("IOUserHIDEventService");
        assertThat(classes.superclass("MyDriver")).as("the simple name too").isEqualTo("IOUserHIDEventService");
        assertThat(classes.superclass(USER_CLIENT)).as("a class IOService::Create makes").isEqualTo("IOUserUserClient");
    }

    @Test
    void shouldGiveKernelClassesTheKernelsBundleAndDriverClassesTheirs() { // kOSKextKernelIdentifier; CFBundleIdentifier
        assertThat(classes.bundleIdentifier("IOService")).isEqualTo("__kernel__");
        assertThat(classes.bundleIdentifier("OSObject")).isEqualTo("__kernel__");
        assertThat(classes.bundleIdentifier(DRIVER)).isEqualTo("org.example.test");
        assertThat(classes.bundleIdentifier("MyUserClient")).isEqualTo("org.example.test");
    }

    @Test
    void shouldKnowNothingOfOtherNames() { // copyMetaClassWithName finds none: kIOReturnNotFound
        assertThat(classes.superclass("NoSuchClass")).isNull();
        assertThat(classes.bundleIdentifier("NoSuchClass")).isNull();
        assertThat(classes.isKnown("NoSuchClass")).isFalse();
        assertThat(classes.bundleIdentifier("")).isNull();
    }
}
