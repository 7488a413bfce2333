package org.iokit4j.examples.thermometer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.iokit4j.kernel.bundle.BundleLoader;
import org.iokit4j.kernel.bundle.DriverBundle;
import org.iokit4j.kernel.bundle.Personality;
import org.junit.jupiter.api.Test;

/**
 * The thermometer's bundle on its own (the annotated {@code Info.plist} docs/guide-first-dext.md shows) and its
 * personality in the examples' discovered bundle (what {@code scripts/thermometer.sh} and the daemon's {@code --dext}
 * load) say the same thing (docs/kernel-and-bundles.md "Info.plist").
 */
class ThermometerBundleTest {

    @Test
    void shouldDeclareTheSamePersonalityInBothBundles() {
        final ClassLoader loader = ThermometerBundleTest.class.getClassLoader();
        final DriverBundle alone = BundleLoader.loadFrom(ThermometerKernel.BUNDLE, loader);
        assertThat(alone.bundleIdentifier()).isEqualTo(ThermometerShared.kThermometerBundleIdentifier);
        assertThat(alone.personalities()).hasSize(1);
        final Personality own = alone.personalities().getFirst();

        final List<Personality> discovered = BundleLoader.discover(loader).stream()
                .filter(bundle -> bundle.location().toString().contains("iokit4j-examples"))
                .flatMap(bundle -> bundle.personalities().stream())
                .filter(personality -> personality.name().equals("Thermometer")).toList();
        assertThat(discovered).hasSize(1);
        assertThat(discovered.getFirst().properties()).isEqualTo(own.properties());
        assertThat(own.ioUserClass()).isEqualTo(ThermometerShared.kThermometerServiceName)
                .isEqualTo(Thermometer.class.getName());
        assertThat(own.properties().get("UserClientProperties")).asInstanceOf(
                org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("IOUserClass", ThermometerUserClient.class.getName());
    }
}
