package org.iokit4j.kerneld;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The socket's directory (issue 9, deliverable 3: "the socket lives in a 0700 per-user directory"): created 0700,
 * and an existing one refused, with its path, owner and mode, unless it is the daemon user's and closed to others.
 */
class SocketDirectoryTest {
    private static final String USER = KernelDaemon.processUser();

    @TempDir
    Path parent;

    @Test
    void shouldCreateAMissingDirectoryAndItsParentsWithMode0700ForTheSocket() throws Exception {
        final Path directory = parent.resolve("a/b/run");

        SocketDirectory.prepare(directory, USER);

        assertThat(Files.getPosixFilePermissions(directory)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.getOwner(directory).getName()).isEqualTo(USER);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rwx------", "r-x------", "-wx------"})
    void shouldAcceptAnExistingDirectoryOfTheUserClosedToOthers(String mode) throws Exception {
        final Path directory = Files.createDirectory(parent.resolve("run"));
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString(mode));

        SocketDirectory.prepare(directory, USER);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rwxr-xr-x", "rwx--x---", "rwx-----x", "rwxrwxrwx", "rwx---r--"})
    void shouldRefuseADirectoryOpenToGroupOrOthersNamingPathOwnerAndMode(String mode) throws Exception {
        final Path directory = Files.createDirectory(parent.resolve("run"));
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString(mode));

        assertThatThrownBy(() -> SocketDirectory.prepare(directory, USER)).isInstanceOf(StartRefused.class)
                .hasMessageContaining("the socket directory " + directory + " (owner " + USER + ", mode ")
                .hasMessageContaining("(" + mode + "))")
                .hasMessageContaining("lets group or others in; kerneld needs 0700")
                .hasMessageContaining("chmod 700 " + directory);
    }

    @Test
    void shouldRefuseADirectoryOfAnotherUser() throws Exception {
        final Path directory = Files.createDirectory(parent.resolve("run"));
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));

        // the directory is USER's; the daemon here runs as "mallory" (a user name no file of this test has)
        assertThatThrownBy(() -> SocketDirectory.prepare(directory, "mallory")).isInstanceOf(StartRefused.class)
                .hasMessage("the socket directory " + directory + " (owner " + USER + ", mode 0700 (rwx------)) is"
                        + " owned by another user than the daemon's (mallory), who could replace the socket: remove"
                        + " it, or choose another --socket");
    }

    @Test
    void shouldRefuseASymbolicLinkEvenToAGoodDirectory() throws Exception {
        final Path real = Files.createDirectory(parent.resolve("real"));
        Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rwx------"));
        final Path link = Files.createSymbolicLink(parent.resolve("run"), real);

        assertThatThrownBy(() -> SocketDirectory.prepare(link, USER)).isInstanceOf(StartRefused.class)
                .hasMessageContaining("the socket directory " + link).hasMessageContaining("is a symbolic link");
    }

    @Test
    void shouldRefuseAFileWhereTheDirectoryShouldBe() throws Exception {
        final Path file = Files.writeString(parent.resolve("run"), "");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

        assertThatThrownBy(() -> SocketDirectory.prepare(file, USER)).isInstanceOf(StartRefused.class)
                .hasMessageContaining("is not a directory");
    }

    @Test
    void shouldDescribeModesInOctalAndLetters() {
        assertThat(SocketDirectory.describe(PosixFilePermissions.fromString("rwxr-x--x"))).isEqualTo("0751 (rwxr-x--x)");
        assertThat(SocketDirectory.describe(PosixFilePermissions.fromString("rw-------"))).isEqualTo("0600 (rw-------)");
    }
}
