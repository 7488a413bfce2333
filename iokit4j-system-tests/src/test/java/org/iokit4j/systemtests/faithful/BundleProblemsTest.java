package org.iokit4j.systemtests.faithful;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.iokit4j.iokitlib.IOKitLib.*;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.Map;
import org.iokit4j.Diagnostics;
import org.iokit4j.Failure;
import org.iokit4j.kernel.Kernel;
import org.iokit4j.kernel.bundle.BundleException;
import org.iokit4j.systemtests.EchoKernel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Drivers and bundles that are broken: each is explained in {@link Kernel#problems()} (or, for a bundle named
 * explicitly, a {@link BundleException} naming the file), and the other drivers start all the same
 * (issue 2 "Bad input"; contract.md §4, §5).
 */
class BundleProblemsTest {
    private static final String FAKE = "org.iokit4j.systemtests.broken.FakeUserClientDriver";

    private EchoKernel echo;

    @BeforeEach
    void boot() {
        echo = new EchoKernel(Kernel.builder().name("broken").discoverClassPath(false).bundle(EchoKernel.BUNDLE)
                .bundle("bundles/broken/Info.plist").boot(), Map.of());
    }

    @AfterEach
    void close() {
        echo.close();
    }

    @Test
    void shouldExplainEveryDriverThatCouldNotStartAndStartTheOthers() { // issue 2 "a driver whose Start fails"
        final List<String> problems = echo.kernel.problems().stream().map(Failure::toString).toList();
        assertThat(problems).hasSize(4);
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("FailStart", "kIOReturnNoDevice",
                "Start failed, the service was removed"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("ThrowStart", "IllegalStateException",
                "Start bug on purpose"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("MissingClass",
                "IOUserClass 'org.iokit4j.systemtests.broken.NoSuchDriver' is not found by driver server"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("NotAService", "is not an IOService"));
        echo.assertServes(echo.open(0));
        echo.run(() -> {
            for (String gone : new String[] {"FailingStartDriver", "ThrowingStartDriver", "NotAService"}) {
                assertThat(IOServiceGetMatchingService(kIOMainPortDefault, IOServiceMatching(gone))).as(gone).isZero();
            }
        });
    }

    @Test
    void shouldRefuseAUserClientWhoseClassIsNotAnIOService() { // issue 2 "an IOUserClass ... not an IOService"
        final int names = echo.names();
        echo.run(() -> {
            final int service = IOServiceGetMatchingService(kIOMainPortDefault, IOServiceNameMatching(FAKE));
            final int[] connect = {0};
            assertThat(IOServiceOpen(service, mach_task_self(), 0, connect)).isEqualTo(kIOReturnBadArgument);
            assertThat(Diagnostics.lastFailure().explanation()).contains("NewUserClient(type=0)",
                    "IOUserClass 'org.iokit4j.systemtests.broken.NotAService' is not an IOService");
            assertThat(connect[0]).isZero();
            IOObjectRelease(service);
        });
        assertThat(echo.names()).isEqualTo(names);
        assertThat(echo.kernel.registryEntries()).noneMatch(e -> e.name().endsWith("NotAService"));
    }

    @Test
    void shouldRefuseAUserClientTheDriverMadeWithNew() { // apple-semantics.md §9 step 2: not an IOUserUserClient
        echo.run(() -> {
            final int service = IOServiceGetMatchingService(kIOMainPortDefault, IOServiceNameMatching(FAKE));
            assertThat(IOServiceOpen(service, mach_task_self(), 1, new int[1])).isEqualTo(kIOReturnUnsupported);
            assertThat(Diagnostics.lastFailure().explanation()).contains("not with new");
            IOObjectRelease(service);
        });
    }

    @Test
    void shouldThrowABundleExceptionNamingAMissingInfoPlist() { // contract.md §4; issue 2 "a missing Info.plist"
        assertThatThrownBy(() -> Kernel.builder().discoverClassPath(false).bundle("bundles/nope/Info.plist").boot())
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("bundles/nope/Info.plist")
                .hasMessageContaining("no such resource");
    }

    @Test
    void shouldThrowABundleExceptionNamingAMalformedInfoPlist() { // contract.md §4; issue 2 "malformed Info.plist"
        assertThatThrownBy(() -> Kernel.builder().discoverClassPath(false).bundle("bundles/malformed/Info.plist")
                .boot())
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("bundles/malformed/Info.plist");
    }

    @Test
    void shouldRecordAMalformedBundleFoundOnTheClassPathAndGoOn() throws Exception { // contract.md §4, §5
        try (URLClassLoader loader = new URLClassLoader(new URL[] {resource("classpath/bad/"),
                resource("classpath/good/")}, getClass().getClassLoader());
             Kernel kernel = Kernel.builder().name("discovery").classLoader(loader).boot()) {
            assertThat(kernel.problems()).singleElement().satisfies(p -> assertThat(p.explanation())
                    .contains("META-INF/driverkit/Info.plist", "classpath/bad"));
            final EchoKernel echo = new EchoKernel(kernel, Map.of());
            echo.assertServes(echo.open(0));
        }
    }

    private static URL resource(String path) {
        return BundleProblemsTest.class.getClassLoader().getResource(path);
    }
}
