package org.iokit4j.driverkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.spi.ToolProvider;
import org.iokit4j.Failure;
import org.iokit4j.IOReturn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A wrong {@code IOUserClass} is explained by its real cause first, not by "needs a public no-argument constructor"
 * (issue 12 §6; docs/kernel-and-bundles.md, "JPMS pitfalls").
 */
class UserClassProblemsTest {

    @Test
    void shouldLeadWithTheUnexportedPackage() throws Exception { // issue 12 §6: a non-exported package under JPMS
        final Class<?> hidden = Class.forName("sun.nio.ch.Net"); // java.base does not export sun.nio.ch
        final Failure failure = UserClassProblems.notConstructible("sun.nio.ch.Net", hidden,
                new IllegalAccessException("cannot access"));
        assertThat(failure.code()).isEqualTo(IOReturn.kIOReturnNotPermitted);
        assertThat(failure.explanation()).startsWith("IOUserClass 'sun.nio.ch.Net' cannot be made: its package"
                + " sun.nio.ch is not exported by module java.base").contains("exports sun.nio.ch;",
                "exports sun.nio.ch to org.iokit4j.driverkit;").doesNotContain("no-argument constructor");
    }

    @Test
    void shouldNameAConstructorOnlyWhenThatIsTheCause() { // issue 12 §6: the constructor is the last cause
        final Failure failure = UserClassProblems.notConstructible(NoDefaultConstructor.class.getName(),
                NoDefaultConstructor.class, new NoSuchMethodException("<init>()"));
        assertThat(failure.explanation()).contains("has no public no-argument constructor");
        assertThat(UserClassProblems.notConstructible(Abstract.class.getName(), Abstract.class,
                new InstantiationException()).explanation()).contains("it is abstract");
    }

    @Test
    void shouldSayAModuleOnTheModulePathWasNeverResolved(@TempDir Path dir) throws Exception { // issue 12 §6
        final Path sources = Files.createDirectories(dir.resolve("src/com/example/thermo"));
        Files.writeString(dir.resolve("src/module-info.java"), "module com.example.thermo { exports com.example.thermo; }");
        Files.writeString(sources.resolve("ThermoDriver.java"), "package com.example.thermo; public class ThermoDriver {}");
        final Path module = dir.resolve("mods/com.example.thermo");
        final ToolProvider javac = ToolProvider.findFirst("javac").orElseThrow();
        assertThat(javac.run(System.out, System.err, "-d", module.toString(),
                dir.resolve("src/module-info.java").toString(), sources.resolve("ThermoDriver.java").toString()))
                .isZero();
        final String before = System.getProperty("jdk.module.path");
        System.setProperty("jdk.module.path", dir.resolve("mods").toString());
        try {
            final Failure failure = UserClassProblems.notLoaded("com.example.thermo.ThermoDriver", "thermo",
                    new ClassNotFoundException("com.example.thermo.ThermoDriver"));
            assertThat(failure.code()).isEqualTo(IOReturn.kIOReturnNotFound);
            assertThat(failure.explanation()).contains("is in module com.example.thermo, which is on the module path"
                    + " but was never resolved", "requires com.example.thermo;", "--add-modules com.example.thermo");
        } finally {
            if (before == null) {
                System.clearProperty("jdk.module.path");
            } else {
                System.setProperty("jdk.module.path", before);
            }
        }
    }

    @Test
    void shouldSuspectATypoWhenNoModuleHoldsTheClass() { // issue 12 §6: a class missing
        final Failure failure = UserClassProblems.notLoaded("com.example.Nope", "srv", new ClassNotFoundException());
        assertThat(failure.explanation()).startsWith("IOUserClass 'com.example.Nope' is not found by driver server"
                + " 'srv'").contains("check its spelling");
        assertThat(UserClassProblems.notAService(List.class.getName(), List.class).explanation())
                .contains("is not an IOService");
    }

    /** A service without a no-argument constructor. */
    public static class NoDefaultConstructor extends IOService {
        /** The only constructor. */
        public NoDefaultConstructor(int unused) {
        }
    }

    /** An abstract service. */
    public abstract static class Abstract extends IOService {
    }
}
