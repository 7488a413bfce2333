package org.iokit4j.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/iokit4j.sh} builds the runnable jar only when it is missing or older than a pom or a main source of
 * a module it holds (issue 12, deliverable 3: "does not rebuild when the jar is current"). The script runs in a copy
 * of the repository's layout whose {@code ./mvnw} only records that it ran and puts a jar in place; the command
 * itself comes from this JVM's class path, given as {@code IOKIT4J_CLASSPATH}.
 */
class LauncherScriptTest {
    private static final String JAR = "iokit4j-tools/target/iokit4j-tools-0.1.0-SNAPSHOT-all.jar";
    private static final Instant OLD = Instant.now().minusSeconds(3600);

    @TempDir
    Path root;

    @BeforeEach
    void copyTheLayout() throws IOException {
        final Path repository = Path.of("").toAbsolutePath().getParent();
        Files.createDirectories(root.resolve("scripts"));
        for (String script : List.of("scripts/iokit4j.sh", "scripts/java25.sh")) {
            Files.copy(repository.resolve(script), root.resolve(script));
        }
        for (String source : List.of("pom.xml", "iokit4j-core/src/main/java/A.java",
                "iokit4j-kerneld/src/main/java/B.java", "iokit4j-tools/src/main/java/C.java",
                "iokit4j-tools/src/test/java/CTest.java")) {
            final Path file = root.resolve(source);
            Files.createDirectories(file.getParent());
            Files.writeString(file, "// " + source + "\n");
            Files.setLastModifiedTime(file, FileTime.from(OLD));
        }
        try (OutputStream out = Files.newOutputStream(root.resolve("built.jar"))) {
            final Manifest manifest = new Manifest();
            manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
            new JarOutputStream(out, manifest).close();
        }
        final Path mvnw = root.resolve("mvnw");
        Files.writeString(mvnw, """
                #!/usr/bin/env bash
                echo "mvnw $*" >> mvnw.log
                mkdir -p iokit4j-tools/target
                cp built.jar %s
                """.formatted(JAR));
        mvnw.toFile().setExecutable(true);
    }

    /** {@return the lines the fake ./mvnw logged: one per build} */
    private List<String> builds() throws IOException {
        final Path log = root.resolve("mvnw.log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    /** Runs {@code bash scripts/iokit4j.sh --version} in the copy. {@return standard output and error} */
    private String[] run() throws Exception {
        final ProcessBuilder script = new ProcessBuilder("bash", root.resolve("scripts/iokit4j.sh").toString(),
                "--version").redirectError(root.resolve("err.txt").toFile())
                .redirectOutput(root.resolve("out.txt").toFile());
        script.environment().put("IOKIT4J_CLASSPATH", System.getProperty("java.class.path"));
        script.environment().put("JAVA_HOME", System.getProperty("java.home")); // the JDK 25 running the tests
        final Process process = script.start();
        process.getOutputStream().close();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the script ended").isTrue();
        final String out = Files.readString(root.resolve("out.txt"));
        final String err = Files.readString(root.resolve("err.txt"));
        assertThat(process.exitValue()).as(out + err).isZero();
        return new String[] {out, err};
    }

    @Test
    void shouldBuildOnlyWhenTheJarIsMissingOrOlderThanAMainSource() throws Exception {
        final String[] first = run();
        assertThat(first[1]).startsWith("iokit4j.sh: building iokit4j-core iokit4j-iokitlib");
        assertThat(first[0]).startsWith("iokit4j ");
        assertThat(builds()).containsExactly("mvnw -B -q -ntp -DskipTests -Dmaven.javadoc.skip -Dmaven.source.skip"
                + " package -pl iokit4j-tools -am");

        final String[] second = run();
        assertThat(second[1]).doesNotContain("building");
        assertThat(second[0]).isEqualTo(first[0]);
        assertThat(builds()).as("no build while the jar is current").hasSize(1);

        touchAfterTheJar("iokit4j-tools/src/test/java/CTest.java");
        run();
        assertThat(builds()).as("a test source is not in the jar").hasSize(1);

        touchAfterTheJar("iokit4j-kerneld/src/main/java/B.java");
        assertThat(run()[1]).startsWith("iokit4j.sh: building");
        assertThat(builds()).as("a main source of a module in the jar changed").hasSize(2);

        Files.delete(root.resolve(JAR));
        run();
        assertThat(builds()).as("the jar is missing").hasSize(3);
    }

    private void touchAfterTheJar(String source) throws IOException {
        final Instant jar = Files.getLastModifiedTime(root.resolve(JAR)).toInstant();
        Files.setLastModifiedTime(root.resolve(source), FileTime.from(jar.plusSeconds(5)));
    }
}
