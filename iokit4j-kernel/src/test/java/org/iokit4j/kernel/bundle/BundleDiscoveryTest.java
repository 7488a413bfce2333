package org.iokit4j.kernel.bundle;

import org.iokit4j.kernel.internal.ddplist.NSObject;
import org.iokit4j.kernel.internal.ddplist.PropertyListParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

class BundleDiscoveryTest {

    @TempDir
    Path temp;

    private static String plist(String body) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
                <plist version="1.0">
                %s
                </plist>
                """.formatted(body);
    }

    private static String info(String identifier) {
        return plist("""
                <dict>
                    <key>CFBundleIdentifier</key><string>%s</string>
                    <key>IOKitPersonalities</key>
                    <dict>
                        <key>Driver</key>
                        <dict>
                            <key>IOProviderClass</key><string>IOUserResources</string>
                            <key>IOUserClass</key><string>com.example.Driver</string>
                        </dict>
                    </dict>
                </dict>""".formatted(identifier));
    }

    private static final String ENTITLEMENTS = plist("""
            <dict>
                <key>com.apple.developer.driverkit.allow-any-userclient-access</key><true/>
            </dict>""");

    private Path directory(String name, String infoPlist) throws IOException {
        Path root = temp.resolve(name);
        Path file = root.resolve(BundleLoader.INFO_PLIST);
        Files.createDirectories(file.getParent());
        Files.writeString(file, infoPlist);
        return root;
    }

    private Path jar(String name, String infoPlist, String entitlements) throws IOException {
        Path jar = temp.resolve(name + ".jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream entries = new JarOutputStream(out)) {
            entries.putNextEntry(new JarEntry(BundleLoader.INFO_PLIST));
            entries.write(infoPlist.getBytes(StandardCharsets.UTF_8));
            entries.putNextEntry(new JarEntry("META-INF/driverkit/" + BundleLoader.ENTITLEMENTS_PLIST));
            entries.write(entitlements.getBytes(StandardCharsets.UTF_8));
        }
        return jar;
    }

    private static String url(Path root) throws IOException {
        return root.toUri().toURL().toExternalForm(); // the form a URLClassLoader's resource URLs start with
    }

    private static URLClassLoader isolated(Path... roots) throws IOException {
        URL[] urls = new URL[roots.length];
        for (int i = 0; i < roots.length; i++) {
            urls[i] = roots[i].toUri().toURL();
        }
        return new URLClassLoader(urls, null); // no parent: only these entries are searched
    }

    @Test
    void shouldFindTheBundleAtTheDefaultPathOnTheClassPath() {
        // contract.md §4: every class-path entry may carry a bundle at META-INF/driverkit/Info.plist
        assertThat(BundleLoader.discover(getClass().getClassLoader()))
                .extracting(DriverBundle::bundleIdentifier)
                .contains("org.iokit4j.test.discovery")
                .doesNotContain("org.iokit4j.test.echo");
    }

    @Test
    void shouldReadABundleAndItsEntitlementsFromAJar() throws IOException {
        // contract.md §4: Entitlements.plist beside its Info.plist, here inside a jar
        try (URLClassLoader loader = isolated(jar("echo", info("com.example.jar"), ENTITLEMENTS))) {
            DriverBundle bundle = BundleLoader.discover(loader).getFirst();

            assertThat(bundle.location().toString()).startsWith("jar:file:").endsWith("!/" + BundleLoader.INFO_PLIST);
            assertThat(bundle.entitlements()).containsEntry("com.apple.developer.driverkit.allow-any-userclient-access", true);
            assertThat(bundle.classLoader()).isSameAs(loader);
        }
    }

    @Test
    void shouldKeepLoadingOtherBundlesWhenOneIsBroken() throws IOException {
        // contract.md §5: a broken bundle is explained and does not stop the kernel from loading the rest
        Path first = directory("first", info("com.example.first"));
        Path broken = directory("broken", plist("<dict><key>IOKitPersonalities</key><dict/></dict>"));
        Path malformed = directory("malformed", "<?xml version=\"1.0\"?><plist><dict><key>x</dict></plist>");
        Path second = directory("second with space", info("com.example.second"));

        try (URLClassLoader loader = isolated(first, broken, malformed, second)) {
            Discovery discovery = BundleLoader.discoverAll(loader);

            assertThat(discovery.bundles()).extracting(DriverBundle::bundleIdentifier)
                    .containsExactly("com.example.first", "com.example.second");
            assertThat(discovery.problems()).hasSize(2);
            assertThat(discovery.problems().get(0).getMessage())
                    .startsWith(BundleLoader.INFO_PLIST + " at " + url(broken))
                    .contains("there is no CFBundleIdentifier");
            assertThat(discovery.problems().get(1).getMessage())
                    .startsWith(BundleLoader.INFO_PLIST + " at " + url(malformed))
                    .contains("not a valid property list");
            assertThat(BundleLoader.discover(loader)).extracting(DriverBundle::bundleIdentifier)
                    .containsExactly("com.example.first", "com.example.second");
        }
    }

    @Test
    void shouldReportASecondBundleWithTheSameIdentifier() throws IOException {
        // contract.md §4: CFBundleIdentifier names one bundle; the first on the class path wins
        Path first = directory("first", info("com.example.same"));
        Path again = directory("again", info("com.example.same"));

        try (URLClassLoader loader = isolated(first, again)) {
            Discovery discovery = BundleLoader.discoverAll(loader);

            String firstUrl = url(first);
            assertThat(discovery.bundles()).singleElement()
                    .satisfies(bundle -> assertThat(bundle.location().toString()).startsWith(firstUrl));
            assertThat(discovery.problems()).singleElement().satisfies(problem -> assertThat(problem.problem())
                    .startsWith("CFBundleIdentifier=com.example.same is already used by the bundle at " + firstUrl));
        }
    }

    @Test
    void shouldReadBinaryPropertyListsToo() throws Exception {
        // contract.md §4: Apple's XML format is the documented one; plutil's binary form reads the same
        Path root = directory("binary", info("com.example.binary"));
        Path file = root.resolve(BundleLoader.INFO_PLIST);
        NSObject parsed = PropertyListParser.parse(file);
        Files.delete(file);
        PropertyListParser.saveAsBinary(parsed, file.toFile());

        try (URLClassLoader loader = isolated(root)) {
            DriverBundle bundle = BundleLoader.discover(loader).getFirst();

            assertThat(bundle.bundleIdentifier()).isEqualTo("com.example.binary");
            assertThat(bundle.personalities().getFirst().ioUserClass()).isEqualTo("com.example.Driver");
        }
    }

    @Test
    void shouldFindNothingOnAClassPathWithoutBundles() throws IOException {
        // contract.md §4: bundles are optional per class-path entry
        try (URLClassLoader loader = isolated(Files.createDirectories(temp.resolve("empty")))) {
            Discovery discovery = BundleLoader.discoverAll(loader);

            assertThat(discovery.bundles()).isEmpty();
            assertThat(discovery.problems()).isEmpty();
        }
    }
}
