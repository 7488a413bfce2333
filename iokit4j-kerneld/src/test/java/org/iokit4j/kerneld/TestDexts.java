package org.iokit4j.kerneld;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Builds the daemon tests' dexts and class-path pieces out of this module's test classes: a dext directory (or jar)
 * holding {@code META-INF/driverkit/Info.plist} and the class files of {@code org.iokit4j.kerneld.testdext}, and a
 * directory holding only the echo protocol ({@code org.iokit4j.kerneld.testecho} and its service declaration), so a
 * child daemon's class path can leave the driver out and find it only through {@code --dext}.
 */
final class TestDexts {
    static final String INFO_PLIST = "META-INF/driverkit/Info.plist";
    private static final String SERVICES = "META-INF/services/org.iokit4j.kerneld.ConnectionHandlerFactory";

    private TestDexts() {
    }

    /** {@return the directory this module's test classes were loaded from} */
    static Path testClasses() {
        try {
            return Path.of(TestDexts.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** {@return a dext directory {@code parent/stopper}: the StopperDriver's Info.plist and classes} */
    static Path stopper(Path parent) throws IOException {
        final Path dext = parent.resolve("stopper");
        copy(testClasses().resolve("dexts/stopper/Info.plist"), dext.resolve(INFO_PLIST));
        copyPackage("org/iokit4j/kerneld/testdext", dext);
        return dext;
    }

    /** {@return the stopper dext as a jar, {@code parent/stopper.jar}} */
    static Path stopperJar(Path parent) throws IOException {
        final Path directory = stopper(Files.createTempDirectory(parent, "jar"));
        final Path jar = parent.resolve("stopper.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files =
                Files.walk(directory)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(directory.relativize(file).toString().replace('\\', '/')));
                try (InputStream in = Files.newInputStream(file)) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        }
        return jar;
    }

    /** {@return a dext directory {@code parent/malformed} whose Info.plist is not a property list} */
    static Path malformed(Path parent) throws IOException {
        final Path dext = parent.resolve("malformed");
        copy(testClasses().resolve("dexts/malformed/Info.plist"), dext.resolve(INFO_PLIST));
        return dext;
    }

    /** {@return a directory {@code parent/echo} with the echo protocol and its service declaration, nothing else} */
    static Path echoProtocol(Path parent) throws IOException {
        final Path directory = parent.resolve("echo");
        copyPackage("org/iokit4j/kerneld/testecho", directory);
        copy(testClasses().resolve(SERVICES), directory.resolve(SERVICES));
        return directory;
    }

    /**
     * {@return this JVM's class path, with the test classes replaced by {@code replacements}}
     *
     * @throws IllegalStateException if {@code java.class.path} does not list the test classes (a manifest-only jar):
     *                                then the child could still load the driver from its class path.
     */
    static String classPathWithoutTestClasses(List<Path> replacements) {
        final Path tests = testClasses();
        final List<String> entries = new ArrayList<>();
        boolean found = false;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isEmpty() && Path.of(entry).toAbsolutePath().equals(tests)) {
                found = true;
            } else if (!entry.isEmpty()) {
                entries.add(entry);
            }
        }
        if (!found) {
            throw new IllegalStateException("java.class.path does not list " + tests + ": "
                    + System.getProperty("java.class.path"));
        }
        replacements.forEach(path -> entries.add(path.toString()));
        return String.join(File.pathSeparator, entries);
    }

    private static void copyPackage(String packagePath, Path target) throws IOException {
        final Path source = testClasses().resolve(packagePath);
        try (Stream<Path> files = Files.list(source)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".class")).toList()) {
                copy(file, target.resolve(packagePath).resolve(file.getFileName().toString()));
            }
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        try (InputStream in = Files.newInputStream(from); OutputStream out = Files.newOutputStream(to)) {
            in.transferTo(out);
        }
    }
}
