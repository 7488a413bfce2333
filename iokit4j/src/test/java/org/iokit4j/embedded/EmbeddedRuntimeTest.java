package org.iokit4j.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.iokit4j.client.Connection;
import org.iokit4j.client.IOKit;
import org.iokit4j.embedded.sum.SumUserClient;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, deliverable 1: an app that depends only on {@code org.iokit4j:iokit4j} boots the embedded kernel and
 * calls a dext, on the class path and on the module path; an app with only the client names the dependency to add;
 * and the BOM lists exactly the published artifacts.
 *
 * <p>The run-time path is the one Maven resolves for this module ({@code target/runtime-path.txt}, written by the
 * dependency plugin), so it is what a project with this one dependency gets; the child JVMs use it and nothing else.
 */
class EmbeddedRuntimeTest {
    /** What {@code org.iokit4j:iokit4j} brings of iokit4j's artifacts: the client, kernel, DriverKit runtime, core. */
    private static final Set<String> RUNTIME = Set.of("iokit4j-core", "iokit4j-iokitlib", "iokit4j-kernel",
            "iokit4j-driverkit");
    /** An iokit4j artifact in a path entry: a reactor module's classes, or its jar (in the reactor or a repository). */
    private static final Pattern ARTIFACT = Pattern.compile(
            "(iokit4j(?:-[a-z]+(?:-[a-z]+)*)?)(?:/target/(?:test-)?classes|-\\d[^/]*\\.jar)/?$");
    private static final Path BASEDIR = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
    private static final String AGRONA_EXPORTS = "--add-exports=java.base/jdk.internal.misc=";

    @Test
    void shouldBringExactlyTheClientTheKernelTheDriverKitRuntimeAndCore() throws IOException {
        // issue 12: "one dependency for the embedded runtime (org.iokit4j:iokit4j, bringing client, kernel and driver
        // runtime)", and dd-plist kept inside the kernel's jar, so not on anybody's path
        final List<Path> path = runtimePath();
        final Set<String> artifacts = path.stream().map(EmbeddedRuntimeTest::artifactOf).filter(a -> a != null)
                .collect(Collectors.toSet());
        assertThat(artifacts).isEqualTo(RUNTIME);
        assertThat(path).noneMatch(entry -> entry.toString().contains("dd-plist"));
    }

    @Test
    void shouldBootTheEmbeddedKernelInThisJvmWithOnlyTheOneDependency() throws Exception {
        // issue 12: surefire's class path is this module's: org.iokit4j:iokit4j's dependencies and the test's own
        final Set<String> onClassPath = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(entry -> artifactOf(Path.of(entry))).filter(a -> a != null && !a.equals("iokit4j"))
                .collect(Collectors.toSet());
        assertThat(onClassPath).isEqualTo(RUNTIME);

        try (Connection sum = IOKit.connect(SumApp.SERVICE)) {
            assertThat(sum.call(SumUserClient.SUM).scalars(1, 2).scalarOutputs(1).invoke().scalar(0)).isEqualTo(3);
        }
    }

    @Test
    void shouldBootTheEmbeddedKernelWithTheRuntimeOnTheClassPath() throws Exception {
        // issue 12: a class-path app with the one dependency; the kernel is found by ServiceLoader on the class path
        final ChildRun run = ChildRun.java(List.of(AGRONA_EXPORTS + "ALL-UNNAMED", "-cp",
                join(testClasses(), runtimePath()), SumApp.class.getName()));

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).as(run.toString()).startsWith("sum=3 kernel=class-path ");
    }

    @Test
    void shouldBootTheEmbeddedKernelWithTheRuntimeOnTheModulePath() throws Exception {
        // issue 12: the same jars as modules (the app on the class path): they resolve with no automatic module but
        // Agrona's (named by its manifest), since dd-plist is inside org.iokit4j.kernel; org.iokit4j.embedded is the
        // root that brings the kernel and the DriverKit runtime
        final List<Path> modules = new ArrayList<>(runtimePath());
        modules.add(BASEDIR.resolve("target/classes"));
        final ChildRun run = ChildRun.java(List.of(AGRONA_EXPORTS + "org.agrona", "--module-path", join(modules),
                "--add-modules", "org.iokit4j.embedded", "-cp", testClasses().toString(), SumApp.class.getName()));

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).as(run.toString()).isEqualTo("sum=3 kernel=org.iokit4j.kernel automatic=org.agrona\n");
        assertThat(run.err()).as(run.toString()).doesNotContain("WARNING");
    }

    @Test
    void shouldNameTheOneDependencyWhenAnAppHasOnlyTheClient() throws Exception {
        // issue 12: "an app with only iokit4j-iokitlib fails ... 'no iokit4j kernel on the class path'": the
        // explanation now names the artifact to add
        final List<Path> clientOnly = runtimePath().stream()
                .filter(entry -> !"iokit4j-kernel".equals(artifactOf(entry))
                        && !"iokit4j-driverkit".equals(artifactOf(entry)))
                .toList();
        final ChildRun run = ChildRun.java(List.of(AGRONA_EXPORTS + "ALL-UNNAMED", "-cp",
                join(testClasses(), clientOnly), SumApp.class.getName()));

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).as(run.toString()).startsWith("failed: kIOReturnNotReady")
                .contains("no carrier on the class path serves the kernel 'embedded'")
                .contains("add the dependency org.iokit4j:iokit4j");
    }

    @Test
    void shouldListInTheBomEveryPublishedArtifactAtTheProjectVersionAndNothingElse() throws IOException {
        // issue 12: "org.iokit4j:iokit4j-bom ... Test-only fixtures do not leak into the BOM"; importing it must change
        // no other version, so it has no parent and imports nothing
        final String bom = Files.readString(BASEDIR.resolve("../iokit4j-bom/pom.xml"));
        assertThat(bom).doesNotContain("<parent>").doesNotContain("<scope>import</scope>");
        assertThat(tag(bom, "version")).isEqualTo(System.getProperty("iokit4j.version"));

        final String managed = bom.substring(bom.indexOf("<dependencyManagement>"),
                bom.indexOf("</dependencyManagement>"));
        final Set<String> listed = new TreeSet<>();
        final Matcher dependency = Pattern.compile("<dependency>(.*?)</dependency>", Pattern.DOTALL).matcher(managed);
        while (dependency.find()) {
            assertThat(tag(dependency.group(1), "groupId")).isEqualTo("org.iokit4j");
            assertThat(tag(dependency.group(1), "version")).isEqualTo("${project.version}");
            listed.add(tag(dependency.group(1), "artifactId"));
        }
        assertThat(listed).isEqualTo(publishedModules())
                .doesNotContain("iokit4j-test-support", "iokit4j-system-tests", "iokit4j-benchmarks");
    }

    /** {@return the reactor's modules that are deployed: all but the BOM itself and those setting maven.deploy.skip} */
    private static Set<String> publishedModules() throws IOException {
        final String root = Files.readString(BASEDIR.resolve("../pom.xml"));
        final Set<String> published = new TreeSet<>();
        final Matcher module = Pattern.compile("<module>([^<]+)</module>").matcher(root);
        while (module.find()) {
            final String pom = Files.readString(BASEDIR.resolve("..").resolve(module.group(1)).resolve("pom.xml"));
            final String own = pom.substring(pom.indexOf("</parent>") + "</parent>".length());
            final String artifactId = tag(own, "artifactId");
            if (!artifactId.equals("iokit4j-bom") && !pom.contains("<maven.deploy.skip>true</maven.deploy.skip>")) {
                published.add(artifactId);
            }
        }
        return published;
    }

    private static String tag(String xml, String name) {
        final Matcher matcher = Pattern.compile("<" + name + ">([^<]*)</" + name + ">").matcher(xml);
        assertThat(matcher.find()).as("<%s> in %s", name, xml).isTrue();
        return matcher.group(1).trim();
    }

    /** {@return the iokit4j artifact a path entry holds, e.g. iokit4j-kernel, or null for anything else} */
    private static String artifactOf(Path entry) {
        final Matcher matcher = ARTIFACT.matcher(entry.toString().replace(File.separatorChar, '/'));
        return matcher.find() ? matcher.group(1) : null;
    }

    private static List<Path> runtimePath() throws IOException {
        final String path = Files.readString(BASEDIR.resolve("target/runtime-path.txt")).trim();
        return Stream.of(path.split(File.pathSeparator)).map(Path::of).toList();
    }

    private static Path testClasses() {
        return BASEDIR.resolve("target/test-classes");
    }

    private static String join(Path first, List<Path> rest) {
        final List<Path> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return join(all);
    }

    private static String join(List<Path> entries) {
        return entries.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    }
}
