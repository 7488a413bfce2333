package org.iokit4j.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Kernel selection (contract.md §5): a daemon request is refused with an explanation, never ignored. */
class EmbeddedKernelProviderTest {

    @Test
    void shouldNameTheSettingThatAsksForADaemon() { // contract.md §5: iokit4j.kernel / IOKIT4J_KERNEL
        assertThat(EmbeddedKernelProvider.requestedDaemon("unix:/tmp/k", null)).isEqualTo("iokit4j.kernel=unix:/tmp/k");
        assertThat(EmbeddedKernelProvider.requestedDaemon(null, "unix:/tmp/k")).isEqualTo("IOKIT4J_KERNEL=unix:/tmp/k");
        assertThat(EmbeddedKernelProvider.requestedDaemon("a", "b")).as("the property wins").startsWith("iokit4j.kernel");
    }

    @Test
    void shouldBootEmbeddedWhenNothingAsksForADaemon() { // contract.md §5: embedded is the default
        assertThat(EmbeddedKernelProvider.requestedDaemon(null, null)).isNull();
        assertThat(EmbeddedKernelProvider.requestedDaemon(" ", "")).isNull();
    }
}
