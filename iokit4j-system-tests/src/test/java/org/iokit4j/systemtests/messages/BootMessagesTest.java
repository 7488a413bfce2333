package org.iokit4j.systemtests.messages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.iokit4j.iokitlib.IOKitLib.*;

import java.util.List;
import java.util.Map;
import org.iokit4j.Diagnostics;
import org.iokit4j.Failure;
import org.iokit4j.IOReturnException;
import org.iokit4j.client.IOKit;
import org.iokit4j.kernel.Kernel;
import org.iokit4j.systemtests.support.TestKernel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Personalities that would fail silently are boot problems, and "not found" says why (issue 12 §6, "Messages";
 * docs/kernel-and-bundles.md, "Boot problems").
 */
class BootMessagesTest {
    private static final String BUNDLE = "bundles/messages/Info.plist";
    private static final String PACKAGE = "org.iokit4j.systemtests.messages.";

    private TestKernel kernel;

    @BeforeEach
    void boot() {
        kernel = new TestKernel(Kernel.builder().name("messages").discoverClassPath(false).bundle(BUNDLE).boot(),
                PACKAGE + "PlainService", Map.of());
    }

    @AfterEach
    void close() {
        kernel.close();
    }

    private List<String> problems() {
        return kernel.kernel.problems().stream().map(Failure::toString).toList();
    }

    @Test
    void shouldReportAPersonalityWithoutIOUserServerName() { // issue 12 §6: a missing IOUserServerName
        assertThat(problems()).filteredOn(p -> p.contains("\"NoServerName\"")).singleElement().satisfies(p ->
                assertThat(p).contains("has no IOUserServerName", BUNDLE, "org.iokit4j.test.messages",
                        "<key>IOUserServerName</key>", "Check the personality"));
    }

    @Test
    void shouldReportAnIOProviderClassNoClassHasAndListItWhenTheAppFindsNothing() { // issue 12 §6: a typo
        assertThat(problems()).filteredOn(p -> p.contains("\"Typo\"")).singleElement().satisfies(p ->
                assertThat(p).contains("IOProviderClass \"IOUserResorces\"", "a class the kernel does not know",
                        BUNDLE, PACKAGE + "TypoDriver", "Check the spelling of IOProviderClass"));
        kernel.run(() -> {
            assertThat(IOServiceGetMatchingService(kIOMainPortDefault, IOServiceNameMatching(PACKAGE + "TypoDriver")))
                    .isZero();
            assertThat(Diagnostics.lastFailure().code()).isEqualTo(kIOReturnNotFound);
            assertThat(Diagnostics.lastFailure().explanation()).contains("no registered service matches",
                    "The kernel's problems about " + PACKAGE + "TypoDriver", "IOProviderClass \"IOUserResorces\"");
        });
        assertThatThrownBy(() -> kernel.iokit().open(IOKit.nameMatching(PACKAGE + "TypoDriver")))
                .isInstanceOf(IOReturnException.class)
                .hasMessageContaining("IOProviderClass \"IOUserResorces\"");
    }

    @Test
    void shouldReportAPersonalityIOUserResourcesCanNeverMatch() { // issue 12 §6: a personality that never matches
        assertThat(problems()).filteredOn(p -> p.contains("\"NeverMatches\"")).singleElement().satisfies(p ->
                assertThat(p).contains("its other matching keys refuse IOUserResources", BUNDLE,
                        PACKAGE + "NeverDriver", "Check its matching keys"));
    }

    @Test
    void shouldReportTheSameProblemsForABundleLoadedAfterBoot() { // issue 12 §6: Kernel.loadBundle
        try (Kernel later = Kernel.builder().name("later").discoverClassPath(false).boot()) {
            assertThat(later.problems()).isEmpty();
            later.loadBundle(BUNDLE, BootMessagesTest.class.getClassLoader());
            assertThat(later.problems()).map(Failure::toString)
                    .anyMatch(p -> p.contains("\"NoServerName\"") && p.contains("has no IOUserServerName"))
                    .anyMatch(p -> p.contains("\"Typo\"") && p.contains("IOProviderClass \"IOUserResorces\""))
                    .anyMatch(p -> p.contains("\"NeverMatches\"") && p.contains("refuse IOUserResources"))
                    .noneMatch(p -> p.contains("\"Late\""));
        }
    }

    @Test
    void shouldNotReportPersonalitiesThatWaitForWhatMayComeLater() { // issue 12 §6: only where we can be sure
        assertThat(problems()).noneMatch(p -> p.contains("\"Late\"") || p.contains("\"LateNubDeclared\""));
    }

    @Test
    void shouldLeadAMissingIOUserClassWithItsCauseAndListItWhenTheAppFindsNothing() { // issue 12 §6: IOUserClass
        assertThat(problems()).filteredOn(p -> p.contains("\"MissingClass\"")).singleElement().satisfies(p -> {
            assertThat(p).contains("IOUserClass '" + PACKAGE + "NoSuchDriver' is not found by driver server",
                    "check its spelling in Info.plist");
            assertThat(p).doesNotContain("no-argument constructor");
        });
        kernel.run(() -> {
            assertThat(IOServiceGetMatchingService(kIOMainPortDefault, IOServiceNameMatching("NoSuchDriver"))).isZero();
            assertThat(Diagnostics.lastFailure().explanation()).contains("The kernel's problems about NoSuchDriver",
                    "is not found by driver server").doesNotContain("RegisterService");
        });
    }

    @Test
    void shouldSayWhatToCheckWhenNoProblemConcernsTheName() { // issue 12 §6: "not found" with no boot problem
        kernel.run(() -> {
            assertThat(IOServiceGetMatchingService(kIOMainPortDefault, IOServiceNameMatching("NobodyAtAll"))).isZero();
            assertThat(Diagnostics.lastFailure().explanation()).contains("The kernel reports no problem about"
                    + " NobodyAtAll", "RegisterService()", "docs/kernel-and-bundles.md");
        });
    }

    @Test
    void shouldRefuseAUserClientClassThatIsNoIOUserClientLeavingTheRegistryUnchanged() { // issue 12 §6: Create
        final int entries = kernel.kernel.registryEntries().size();
        final int names = kernel.names();
        kernel.run(() -> {
            final int service = IOServiceGetMatchingService(kIOMainPortDefault,
                    IOServiceNameMatching("org.iokit4j.systemtests.broken.FakeUserClientDriver"));
            assertThat(service).isNotZero();
            final int[] connect = {0};
            assertThat(IOServiceOpen(service, mach_task_self(), 0, connect)).isEqualTo(kIOReturnBadArgument);
            assertThat(Diagnostics.lastFailure().explanation()).contains("IOService::Create",
                    "IOUserClass " + PACKAGE + "PlainService does not extend org.iokit4j.driverkit.IOUserClient",
                    "IOClass IOUserUserClient", "Nothing was made").doesNotContain("ClassCastException");
            assertThat(connect[0]).isZero();
            IOObjectRelease(service);
        });
        assertThat(kernel.kernel.registryEntries()).as("no orphan entry").hasSize(entries);
        assertThat(kernel.names()).isEqualTo(names);
    }
}
