package org.iokit4j.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.constantpool.PoolEntry;
import java.lang.classfile.constantpool.Utf8Entry;
import java.lang.module.ModuleDescriptor;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The tools stand on the client side of the boundary (issue 9, deliverable 6: "they depend on the client side only,
 * not on the kernel's classes"). The module descriptor keeps the kernel and driver modules off the compile path;
 * this test checks the compiled result too, so a class that reached them another way (reflection strings aside) is
 * caught: no tools class names a type of {@code org.iokit4j.kernel} or {@code org.iokit4j.driverkit}.
 *
 * <p>{@code iokit4j kerneld} (issue 12, deliverable 3) runs the daemon in the tools' JVM, so {@code iokit4j-kerneld}
 * became a run-time dependency of the tools; the daemon module requires the kernel's transitively, so compiling
 * against it would bring the kernel onto the tools' compile path. The tools therefore reach the daemon by its class
 * name at run time ({@link Iokit4j#daemonCommand()}), as they reach the embedded kernel through a carrier, and this
 * test now also refuses any type of {@code org.iokit4j.kerneld} in a tools class.
 */
class ToolsBoundaryTest {
    private static final List<String> KERNEL_SIDE = List.of("org/iokit4j/kernel/", "org/iokit4j/driverkit/",
            "org/iokit4j/kerneld/");

    private static Path classes() throws URISyntaxException {
        return Path.of(Ioreg.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    @Test
    void shouldRequireOnlyTheClientSideModules() throws Exception {
        final ModuleDescriptor descriptor;
        try (InputStream in = Files.newInputStream(classes().resolve("module-info.class"))) {
            descriptor = ModuleDescriptor.read(in);
        }

        final Set<String> required = descriptor.requires().stream().map(ModuleDescriptor.Requires::name)
                .collect(Collectors.toSet());
        assertThat(required).containsExactlyInAnyOrder("java.base", "org.iokit4j.core", "org.iokit4j.iokitlib",
                "info.picocli");
        assertThat(descriptor.uses()).containsExactly("org.iokit4j.mig.KernelProvider");
    }

    @Test
    void shouldNameNoKernelOrDriverTypeInAnyToolsClass() throws Exception {
        final List<String> offenders = new ArrayList<>();
        final List<Path> files;
        try (Stream<Path> walk = Files.walk(classes())) {
            files = walk.filter(file -> file.toString().endsWith(".class")).toList();
        }
        for (Path file : files) {
            offenders.addAll(kernelSideNames(file));
        }

        assertThat(files).as("the tools' compiled classes").hasSizeGreaterThan(5);
        assertThat(offenders).isEmpty();
    }

    /** {@return "class: name" for every constant-pool string of {@code file} that names a kernel-side type} */
    private static List<String> kernelSideNames(Path file) throws IOException {
        final ClassModel model = ClassFile.of().parse(Files.readAllBytes(file));
        final List<String> found = new ArrayList<>();
        for (PoolEntry entry : model.constantPool()) {
            if (entry instanceof Utf8Entry utf8 && KERNEL_SIDE.stream().anyMatch(utf8.stringValue()::contains)) {
                found.add(model.thisClass().asInternalName() + ": " + utf8.stringValue());
            }
        }
        return found;
    }

    // issue 12 §3: the daemon is there at run time all the same, as the kerneld subcommand
    @Test
    void shouldReachTheDaemonByNameAtRunTime() {
        assertThat(Iokit4j.daemonCommand()).isPresent();
        assertThat(Iokit4j.commandLine().getSubcommands()).containsKeys("ioreg", "call", "kerneld",
                "generate-completion");
    }
}
