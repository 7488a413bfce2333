package org.iokit4j.kerneld;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The daemon's entitlements file (issue 9, deliverable 3; contract.md §6: granted by the daemon for the peer's user,
 * never claimed by the client): its format, and every refusal explained with the path and what was wrong.
 */
class EntitlementsFileTest {
    private static final String ACCESS = "com.apple.developer.driverkit.userclient-access";
    private static final String COMMUNICATES = "com.apple.developer.driverkit.communicates-with-drivers";

    @TempDir
    Path directory;

    @Test
    void shouldGrantAUserTheEntitlementsTheFileListsForThem() throws Exception {
        final EntitlementsFile file = EntitlementsFile.read(write("""
                <key>alice</key>
                <dict>
                    <key>%s</key><array><string>com.example.Driver</string></array>
                    <key>%s</key><true/>
                    <key>com.example.level</key><integer>3</integer>
                </dict>
                """.formatted(ACCESS, COMMUNICATES)));

        assertThat(file.grantedTo("alice")).containsExactly(Map.entry(ACCESS, List.of("com.example.Driver")),
                Map.entry(COMMUNICATES, true), Map.entry("com.example.level", 3L));
        assertThat(file.grantedTo("bob")).isEmpty();
        assertThat(file.describe()).isEqualTo("from its --entitlements file " + directory.resolve("e.plist"));
    }

    @Test
    void shouldGrantEveryUserTheStarEntitlementsUnderTheirOwn() throws Exception {
        final EntitlementsFile file = EntitlementsFile.read(write("""
                <key>*</key>
                <dict>
                    <key>%s</key><array><string>com.example.Shared</string></array>
                    <key>com.example.everyone</key><true/>
                </dict>
                <key>alice</key>
                <dict>
                    <key>%s</key><array><string>com.example.Mine</string></array>
                </dict>
                """.formatted(ACCESS, ACCESS)));

        assertThat(file.grantedTo("alice")).containsEntry(ACCESS, List.of("com.example.Mine"))
                .containsEntry("com.example.everyone", true);
        assertThat(file.grantedTo("bob")).containsEntry(ACCESS, List.of("com.example.Shared"))
                .containsEntry("com.example.everyone", true);
    }

    @Test
    void shouldGrantNothingWithoutAFile() {
        final EntitlementsFile none = EntitlementsFile.none();

        assertThat(none.grantedTo("alice")).isEmpty();
        assertThat(none.describe()).contains("started without --entitlements");
    }

    @Test
    void shouldGiveGrantsNobodyCanChange() throws Exception {
        final Map<String, Object> granted = EntitlementsFile.read(write("""
                <key>alice</key><dict><key>%s</key><array><string>a</string></array></dict>
                """.formatted(ACCESS))).grantedTo("alice");

        assertThatThrownBy(() -> granted.put("x", true)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ((List<?>) granted.get(ACCESS)).clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void shouldRefuseAMissingFileNamingIt() {
        final Path missing = directory.resolve("absent.plist");

        assertThatThrownBy(() -> EntitlementsFile.read(missing)).isInstanceOf(StartRefused.class)
                .hasMessage("--entitlements " + missing + ": there is no such file");
    }

    @Test
    void shouldRefuseAnUnreadableFile() throws Exception {
        final Path file = Files.writeString(directory.resolve("secret.plist"), "");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("-w-------"));

        // root reads anything: then the file is read, and refused as empty instead
        assertThatThrownBy(() -> EntitlementsFile.read(file)).isInstanceOf(StartRefused.class)
                .hasMessageStartingWith("--entitlements " + file + ": ")
                .hasMessageMatching(".*(permission denied|not an XML property list).*");
    }

    @Test
    void shouldRefuseMalformedXmlWithTheLineAndColumn() throws Exception {
        final Path file = directory.resolve("broken.plist");
        Files.writeString(file, "<?xml version=\"1.0\"?>\n<plist version=\"1.0\">\n<dict>\n<key>alice</dict>\n");

        assertThatThrownBy(() -> EntitlementsFile.read(file)).isInstanceOf(StartRefused.class)
                .hasMessageStartingWith("--entitlements " + file + ": it is not an XML property list (line 4");
    }

    @Test
    void shouldRefuseAFileThatIsNotXml() throws Exception {
        final Path file = directory.resolve("text.plist");
        Files.writeString(file, "alice = everything\n");

        assertThatThrownBy(() -> EntitlementsFile.read(file)).isInstanceOf(StartRefused.class)
                .hasMessageContaining("it is not an XML property list");
    }

    @Test
    void shouldRefuseARootThatIsNotADictionary() throws Exception {
        final Path file = directory.resolve("array.plist");
        Files.writeString(file, "<?xml version=\"1.0\"?><plist version=\"1.0\"><array/></plist>");

        assertThatThrownBy(() -> EntitlementsFile.read(file)).isInstanceOf(StartRefused.class)
                .hasMessageContaining("the root is an array, not a dictionary");
    }

    @Test
    void shouldRefuseAUserWhoseGrantIsNotADictionary() throws Exception {
        final Path file = write("<key>alice</key><array><string>" + ACCESS + "</string></array>");

        assertThatThrownBy(() -> EntitlementsFile.read(file)).isInstanceOf(StartRefused.class)
                .hasMessageContaining("user \"alice\" maps to an array, not a dictionary");
    }

    @Test
    void shouldRefuseAnEmptyUserName() throws Exception {
        final Path file = write("<key></key><dict/>");

        assertThatThrownBy(() -> EntitlementsFile.read(file)).isInstanceOf(StartRefused.class)
                .hasMessageContaining("a key is the empty string");
    }

    @ParameterizedTest(name = "{0} as {1}")
    @CsvSource(delimiter = '|', textBlock = """
            com.apple.developer.driverkit.userclient-access         | <string>com.example.Driver</string>       | is a string, not an array of strings
            com.apple.developer.driverkit.userclient-access         | <array><integer>1</integer></array>       | is an array holding a non-string, not an array of strings
            com.apple.developer.driverkit.userclient-access         | <dict/>                                   | is a dictionary, not an array of strings
            com.apple.developer.driverkit.communicates-with-drivers | <string>yes</string>                      | is a string, not a boolean
            com.apple.developer.driverkit.communicates-with-drivers | <integer>1</integer>                      | is an integer, not a boolean
            """)
    void shouldRefuseAnEntitlementOfTheWrongType(String key, String value, String problem) throws Exception {
        final Path file = write("<key>alice</key><dict><key>" + key + "</key>" + value + "</dict>");

        assertThatThrownBy(() -> EntitlementsFile.read(file)).isInstanceOf(StartRefused.class)
                .hasMessage("--entitlements " + file + ": user \"alice\": " + key + " " + problem
                        + (key.endsWith("access") ? ": it lists the bundle identifiers (CFBundleIdentifier) of the"
                        + " dexts the user's apps may open" : " (<true/> or <false/>)"));
    }

    private Path write(String entries) throws IOException {
        final Path file = directory.resolve("e.plist");
        Files.writeString(file, """
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
                <plist version="1.0">
                <dict>
                %s</dict>
                </plist>
                """.formatted(entries));
        return file;
    }
}
