package org.iokit4j.kernel.bundle;

import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BundleLoaderTest {

    private final ClassLoader loader = getClass().getClassLoader();

    private BundleException failure(String resource) {
        try {
            BundleLoader.loadFrom(resource, loader);
        } catch (BundleException e) {
            return e;
        }
        throw new AssertionError(resource + " loaded, but it should not have");
    }

    @Test
    void shouldReadIdentifierPersonalitiesAndInfo() {
        // contract.md §4: a driver declares itself as a dext does, with IOKitPersonalities in Info.plist
        DriverBundle bundle = BundleLoader.loadFrom("bundles/echo/Info.plist", loader);

        assertThat(bundle.bundleIdentifier()).isEqualTo("org.iokit4j.test.echo");
        assertThat(bundle.location().toString()).endsWith("bundles/echo/Info.plist");
        assertThat(bundle.classLoader()).isSameAs(loader);
        assertThat(bundle.info()).containsEntry("CFBundlePackageType", "DEXT").containsKey("IOKitPersonalities");
        assertThat(bundle.personalities()).extracting(Personality::name).containsExactly("EchoDriver", "MinimalDriver");
        Personality echo = bundle.personalities().getFirst();
        assertThat(echo.bundleIdentifier()).isEqualTo("org.iokit4j.test.echo");
        assertThat(echo.ioClass()).isEqualTo("IOUserService");
        assertThat(echo.ioUserClass()).isEqualTo("org.iokit4j.test.EchoDriver");
        assertThat(echo.ioProviderClass()).isEqualTo("IOUserResources");
        assertThat(echo.ioResourceMatch()).isEqualTo("IOKit");
        assertThat(echo.ioUserServerName()).isEqualTo("org.iokit4j.test.echo.server");
        assertThat(echo.ioMatchCategory()).isEqualTo("EchoCategory");
        assertThat(echo.ioProbeScore()).isEqualTo(1000L);
        assertThat(echo.properties().get("UserClientProperties"))
                .isEqualTo(Map.of("IOClass", "IOUserUserClient", "IOUserClass", "org.iokit4j.test.EchoUserClient"));
        Personality minimal = bundle.personalities().get(1);
        assertThat(minimal.ioUserServerName()).isEqualTo("org.iokit4j.test.echo");
    }

    @Test
    void shouldReadEntitlementsBesideTheInfoPlist() {
        // contract.md §4: entitlements are a plist dictionary at Entitlements.plist beside the Info.plist
        DriverBundle bundle = BundleLoader.loadFrom("bundles/echo/Info.plist", loader);

        assertThat(bundle.entitlements())
                .containsEntry("com.apple.developer.driverkit.allow-any-userclient-access", true)
                .containsEntry("com.apple.developer.driverkit.userclient-access", List.of("org.iokit4j.test.client"));
    }

    @Test
    void shouldHaveNoEntitlementsAndNoPersonalitiesWhenTheBundleDeclaresNone() {
        // contract.md §4: a missing Entitlements.plist means no entitlements
        DriverBundle bundle = BundleLoader.loadFrom("bundles/no-personalities/Info.plist", loader);

        assertThat(bundle.entitlements()).isEmpty();
        assertThat(bundle.personalities()).isEmpty();
    }

    @Test
    void shouldLoadFromAUrlAndIgnoreALeadingSlash() {
        // contract.md §4: bundles outside the default path are loaded one at a time
        URL url = loader.getResource("bundles/echo/Info.plist");

        assertThat(BundleLoader.load(url, loader).bundleIdentifier()).isEqualTo("org.iokit4j.test.echo");
        assertThat(BundleLoader.loadFrom("/bundles/echo/Info.plist", loader).bundleIdentifier())
                .isEqualTo("org.iokit4j.test.echo");
    }

    @Test
    void shouldExplainAMissingResource() {
        // contract.md §5: every failure is explained
        BundleException e = failure("bundles/absent/Info.plist");

        assertThat(e.location()).isNull();
        assertThat(e.getMessage()).startsWith("bundles/absent/Info.plist: there is no such resource on the class path");
    }

    @Test
    void shouldExplainMalformedXml() {
        // contract.md §4: Info.plist is in Apple's XML property-list format
        BundleException e = failure("bundles/malformed/Info.plist");

        assertThat(e.location().toString()).endsWith("bundles/malformed/Info.plist");
        assertThat(e.getMessage())
                .startsWith("bundles/malformed/Info.plist at " + e.location() + ": the file is not a valid property list")
                .contains("(line 8, column 3: ")
                .contains("<plist version=\"1.0\">");
        assertThat(e.getCause()).isNotNull();
    }

    @Test
    void shouldExplainARootThatIsNotADictionary() {
        // contract.md §4: an Info.plist is a dictionary
        assertThat(failure("bundles/root-array/Info.plist").problem())
                .isEqualTo("the root is NSArray, not a dictionary: the file must hold a <dict> at the top");
    }

    @Test
    void shouldExplainAMissingBundleIdentifier() {
        // contract.md §4: CFBundleIdentifier is honoured; a bundle without one cannot be named
        BundleException e = failure("bundles/no-identifier/Info.plist");

        assertThat(e.getMessage()).contains("bundles/no-identifier/Info.plist at ")
                .endsWith(": there is no CFBundleIdentifier: every bundle names itself with a reverse-DNS"
                        + " identifier such as com.example.driver");
    }

    @Test
    void shouldExplainAPersonalityWithoutUserClassNamingTheBundleAndKey() {
        // contract.md §4: IOUserClass is the Java class the kernel instantiates
        BundleException e = failure("bundles/no-user-class/Info.plist");

        assertThat(e.getMessage()).isEqualTo("bundles/no-user-class/Info.plist at " + e.location()
                + ": personality \"MyDriver\" has no IOUserClass: every DriverKit personality names the Java class"
                + " to instantiate");
    }

    @Test
    void shouldExplainAPersonalityWithoutProviderClass() {
        // contract.md §4: IOProviderClass says what the driver attaches to
        assertThat(failure("bundles/no-provider-class/Info.plist").problem())
                .startsWith("personality \"MyDriver\" has no IOProviderClass");
    }

    @Test
    void shouldExplainPersonalitiesThatAreNotDictionaries() {
        // contract.md §4: IOKitPersonalities maps names to matching dictionaries
        assertThat(failure("bundles/personalities-array/Info.plist").problem())
                .isEqualTo("IOKitPersonalities is an array, not a dictionary: it maps each personality's name to its"
                        + " matching dictionary");
        assertThat(failure("bundles/personality-string/Info.plist").problem())
                .isEqualTo("personality \"MyDriver\" in IOKitPersonalities is a string, not a dictionary: each"
                        + " personality is a matching dictionary");
    }

    @Test
    void shouldExplainAProbeScoreThatIsNotAnInteger() {
        // contract.md §4: honoured keys have Apple's types
        assertThat(failure("bundles/bad-probe-score/Info.plist").problem())
                .isEqualTo("personality \"MyDriver\" has IOProbeScore=high (a string): IOProbeScore must be an integer");
    }

    @Test
    void shouldExplainEntitlementsThatAreNotADictionaryNamingThatFile() {
        // contract.md §4: entitlements are a plist dictionary
        BundleException e = failure("bundles/bad-entitlements/Info.plist");

        assertThat(e.location().toString()).endsWith("bundles/bad-entitlements/Entitlements.plist");
        assertThat(e.getMessage()).startsWith("bundles/bad-entitlements/Entitlements.plist at ")
                .endsWith("the root is NSArray, not a dictionary: the file must hold a <dict> at the top");
    }

    @Test
    void shouldRejectNullArguments() {
        // style.md: local misuse throws
        assertThatThrownBy(() -> BundleLoader.loadFrom(null, loader)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> BundleLoader.loadFrom("bundles/echo/Info.plist", null))
                .isInstanceOf(NullPointerException.class);
    }
}
