package org.iokit4j;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The catch policy's explanations (issue 8: whatever untrusted code throws becomes a code and an explanation; issue 12
 * §6: the explanation says what to do where the cause is known).
 */
class UntrustedTest {

    @Test
    void shouldKeepTheCodeAndSayWhatWasThrown() {
        final Failure failure = Untrusted.caught("ExternalMethod(selector=1)", IOReturn.kIOReturnError,
                new IllegalStateException("driver bug"));

        assertThat(failure.code()).isEqualTo(IOReturn.kIOReturnError);
        assertThat(failure.explanation()).startsWith("ExternalMethod(selector=1) threw java.lang.IllegalStateException:"
                + " driver bug").endsWith("; the runtime caught it and goes on").doesNotContain("Arena");
    }

    // docs/large-buffers.md "Three kinds of memory": a confined arena's buffer reaches the driver's queue thread
    @Test
    void shouldNameTheConfinedArenaWhenDriverCodeTouchesAnotherThreadsMemory() {
        final Failure failure = Untrusted.caught("ExternalMethod(selector=2)", IOReturn.kIOReturnError,
                new WrongThreadException("Attempted access outside owning thread"));

        assertThat(failure.code()).as("the code is unchanged: only the words say more").isEqualTo(
                IOReturn.kIOReturnError);
        assertThat(failure.explanation()).contains("java.lang.WrongThreadException")
                .contains("Arena.ofConfined() is reachable from its own thread only")
                .contains("Arena.ofShared()").contains("docs/large-buffers.md, \"Three kinds of memory\"");
    }

    @Test
    void shouldKeepAFailureOnPurposeAsTheDriverGaveIt() {
        final Failure failure = Untrusted.caught("Start", IOReturn.kIOReturnError,
                new IOReturnException(IOReturn.kIOReturnNoResources, "no more rings"));

        assertThat(failure.code()).isEqualTo(IOReturn.kIOReturnNoResources);
        assertThat(failure.explanation()).isEqualTo("Start threw: no more rings");
    }
}
