package org.iokit4j.kernel.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzz targets for the bundle loader: {@code Info.plist} and {@code Entitlements.plist} read from disk, in any of
 * the formats dd-plist parses (XML, binary, ASCII), through {@link BundleLoader#load(URL, ClassLoader)} (issue 8:
 * fuzzing).
 *
 * <p>The declared failure is {@link BundleException} naming the file; anything else thrown, or a bundle loaded
 * from bytes that break a rule of {@link BundleLoader#load(URL, ClassLoader)}, is a finding. Each input is written
 * to a file under {@code target/fuzz-bundles/} and loaded from there, as a class-path directory would be.
 *
 * <p>The XML tokens below steer the mutator towards well-formed property lists; the seeds are the test bundles
 * in XML and the same dictionaries written by dd-plist in its binary and ASCII formats ({@link PlistSeeds}).
 */
class BundlePlistFuzzTest {
    private static final Path BUNDLES = Path.of("target", "fuzz-bundles");
    private static final Path INFO_ONLY = BUNDLES.resolve("info");
    private static final Path WITH_ENTITLEMENTS = BUNDLES.resolve("entitlements");
    private static final ClassLoader LOADER = BundlePlistFuzzTest.class.getClassLoader();

    static {
        try {
            Files.createDirectories(INFO_ONLY);
            Files.createDirectories(WITH_ENTITLEMENTS);
            Files.deleteIfExists(INFO_ONLY.resolve(BundleLoader.ENTITLEMENTS_PLIST));
            Files.write(WITH_ENTITLEMENTS.resolve("Info.plist"), PlistSeeds.resource("bundles/echo/Info.plist"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @MethodSource("infoSeeds")
    @DictionaryEntries({"<dict>", "</dict>", "<key>", "</key>", "<array>", "</array>", "<string>", "</string>",
        "<integer>", "</integer>", "<real>", "</real>", "<data>", "</data>", "<date>", "</date>", "<true/>",
        "<false/>", "<dict/>", "<array/>", "<plist version=\"1.0\">", "</plist>", "<?xml version=\"1.0\"?>",
        "<!DOCTYPE plist SYSTEM \"x\">", "<!ENTITY", "&amp;", "&#", "]]>", "<![CDATA[", "bplist00", "{", "}", "(",
        ")", "=", ";", "<*I", "<*D", "CFBundleIdentifier", "IOKitPersonalities", "IOProviderClass", "IOUserClass",
        "IOProbeScore", "IOClass", "IOMatchCategory", "IOResourceMatch", "IOUserServerName"})
    @FuzzTest
    void infoPlist(byte[] bytes) {
        load(INFO_ONLY, "Info.plist", bytes);
    }

    @MethodSource("entitlementsSeeds")
    @DictionaryEntries({"<dict>", "</dict>", "<key>", "</key>", "<array>", "</array>", "<string>", "</string>",
        "<integer>", "</integer>", "<real>", "</real>", "<data>", "</data>", "<date>", "</date>", "<true/>",
        "<false/>", "<plist version=\"1.0\">", "</plist>", "bplist00", "{", "}", "(", ")", "=", ";",
        "com.apple.developer.driverkit.userclient-access"})
    @FuzzTest
    void entitlementsPlist(byte[] bytes) {
        load(WITH_ENTITLEMENTS, BundleLoader.ENTITLEMENTS_PLIST, bytes);
    }

    private static void load(Path directory, String fileName, byte[] bytes) {
        final URL info;
        try {
            overwrite(directory.resolve(fileName), bytes);
            info = directory.resolve("Info.plist").toUri().toURL();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        final DriverBundle bundle;
        try {
            bundle = BundleLoader.load(info, LOADER);
        } catch (BundleException declared) {
            assertThat(declared.getMessage()).as("names the file").startsWith(fileName + " at file:");
            assertThat(declared.problem()).isNotBlank();
            return;
        }
        assertThat(bundle.bundleIdentifier()).isNotBlank();
        assertThat(bundle.info()).containsEntry("CFBundleIdentifier", bundle.bundleIdentifier());
        for (Personality personality : bundle.personalities()) {
            assertThat(personality.ioProviderClass()).isNotBlank();
            assertThat(personality.ioUserClass()).isNotBlank();
            personality.ioClass();
            personality.ioMatchCategory();
            personality.ioUserServerName();
            personality.ioResourceMatch();
            personality.ioProbeScore();
        }
    }

    /**
     * Writes {@code bytes} over the file without truncating it to zero first: on ext4 mounted with {@code discard}
     * each truncation to zero costs about a millisecond, longer than the load itself.
     */
    private static void overwrite(Path file, byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(bytes));
            channel.truncate(bytes.length);
        }
    }

    static Stream<Arguments> infoSeeds() {
        return Stream.concat(
                PlistSeeds.inEveryFormat("bundles/echo/Info.plist", "bundles/types/Info.plist",
                        "bundles/personalities-array/Info.plist", "bundles/bad-probe-score/Info.plist"),
                PlistSeeds.asIs("bundles/malformed/Info.plist"));
    }

    static Stream<Arguments> entitlementsSeeds() {
        return PlistSeeds.inEveryFormat("bundles/echo/Entitlements.plist",
                "bundles/bad-entitlements/Entitlements.plist");
    }
}
