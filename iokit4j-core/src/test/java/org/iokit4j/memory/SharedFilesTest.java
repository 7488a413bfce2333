package org.iokit4j.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.iokit4j.IOReturn.kIOReturnBadArgument;
import static org.iokit4j.IOReturn.kIOReturnNotPrivileged;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.iokit4j.IOReturnException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 9 §2: the per-user directory {@code <iokit4j.shm.dir>/iokit4j-<user.name>} is made {@code 0700}, and one
 * that is not private to this user is refused, never repaired, naming its path, owner and mode.
 */
class SharedFilesTest {
    private static final String USER = System.getProperty("user.name");

    @TempDir
    Path base;

    private Path directory;

    @BeforeEach
    void inTemporaryBase() {
        System.setProperty("iokit4j.shm.dir", base.toString());
        directory = base.resolve("iokit4j-" + USER);
    }

    @AfterEach
    void restore() {
        System.clearProperty("iokit4j.shm.dir");
        System.setProperty("user.name", USER);
        assertThat(SharedMemory.liveCount()).isZero();
    }

    @Test
    void shouldMakeTheDirectoryOwnerOnlyWhenAbsent() throws IOException { // issue 9 §2: 0700
        assertThat(SharedMemory.userDirectory()).isEqualTo(directory);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory))).isEqualTo("rwx------");
        assertThat(SharedMemory.userDirectory()).as("present and private: used as it is").isEqualTo(directory);
        assertThat(base.toFile().list()).as("the probe of this user's uid is gone")
                .containsExactly(directory.getFileName().toString());
    }

    @ParameterizedTest
    @CsvSource({"rwxr-x---, 0750", "rwx---r-x, 0705", "rwxrwxrwx, 0777", "rwx-----x, 0701", "rwx-w----, 0720"})
    void shouldRefuseADirectoryWithGroupOrOtherBits(String mode, String octal) throws IOException { // issue 9 §2
        Files.createDirectory(directory);
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString(mode));
        refused(kIOReturnNotPrivileged).hasMessageContaining("per-user shared memory directory " + directory)
                .hasMessageContaining("owner=" + Files.getOwner(directory).getName())
                .hasMessageContaining("mode=" + octal);
        assertThatThrownBy(() -> SharedMemory.createShareable(4096)).isInstanceOf(IOReturnException.class)
                .hasMessageContaining("mode=" + octal);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory))).as("never repaired")
                .isEqualTo(mode);
        assertThat(directory.toFile().list()).as("nothing made in it").isEmpty();
    }

    @Test
    void shouldRefuseASymbolicLinkInPlaceOfTheDirectory() throws IOException { // issue 9 §2: never followed
        final Path elsewhere = Files.createDirectory(base.resolve("elsewhere"),
                PosixFilePermissions.asFileAttribute(SharedFiles.OWNER_ONLY_DIRECTORY));
        Files.createSymbolicLink(directory, elsewhere);
        refused(kIOReturnNotPrivileged).hasMessageContaining(directory + " must be a directory of this user's")
                .hasMessageContaining("not a symbolic link");
    }

    @Test
    void shouldRefuseADirectoryOfAnotherUser() throws IOException { // issue 9 §2: owned by this user
        // Only root can give a directory away, so the check userDirectory() runs is fed another user's uid.
        final Path made = SharedMemory.userDirectory();
        final int self = SharedFiles.ownUid(base);
        final Map<String, Object> attributes = SharedFiles.attributes(made, kIOReturnNotPrivileged);
        assertThatThrownBy(() -> SharedFiles.checkPrivate(made, attributes, self + 1, "directory", "0700"))
                .isInstanceOf(IOReturnException.class)
                .satisfies(e -> assertThat(((IOReturnException) e).code()).isEqualTo(kIOReturnNotPrivileged))
                .hasMessageContaining("directory " + made + " must belong to this user (uid=" + (self + 1) + ")")
                .hasMessageContaining("owner=" + Files.getOwner(made).getName() + " (uid=" + self + "), mode=0700");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "../x", "a/b"})
    void shouldRefuseAUserNameThatIsNotOneFileName(String user) { // issue 9 §2: iokit4j-<user.name>
        System.setProperty("user.name", user);
        refused(kIOReturnBadArgument).hasMessageContaining("user.name=\"" + user + "\"");
        assertThat(base.toFile().list()).isEmpty();
    }

    private static org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> refused(int code) {
        return assertThatThrownBy(SharedMemory::userDirectory).isInstanceOf(IOReturnException.class)
                .satisfies(e -> assertThat(((IOReturnException) e).code()).as("code").isEqualTo(code));
    }
}
