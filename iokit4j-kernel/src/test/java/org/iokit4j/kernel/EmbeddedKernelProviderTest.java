package org.iokit4j.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ServiceLoader;
import org.iokit4j.mig.KernelProvider;
import org.iokit4j.remote.UnixKernelProvider;
import org.junit.jupiter.api.Test;

/** Kernel selection (contract.md §5, §6; issue 9 deliverable 1): each carrier serves its own names only. */
class EmbeddedKernelProviderTest {

    @Test
    void shouldServeOnlyEmbedded() { // contract.md §5: embedded is the default
        final EmbeddedKernelProvider embedded = new EmbeddedKernelProvider();
        assertThat(embedded.serves("embedded")).isTrue();
        assertThat(embedded.serves("unix:/tmp/k")).isFalse();
        assertThat(embedded.serves("Embedded")).isFalse();
    }

    @Test
    void shouldLeaveUnixSocketsToTheDaemonCarrier() { // contract.md §6: unix:PATH reaches a kernel daemon
        final UnixKernelProvider unix = new UnixKernelProvider();
        assertThat(unix.serves("unix:/tmp/k")).isTrue();
        assertThat(unix.serves("unix:")).as("a path is needed").isFalse();
        assertThat(unix.serves("embedded")).isFalse();
    }

    @Test
    void shouldFindBothCarriersOnTheClassPath() { // issue 9 deliverable 1: the transport SPI
        assertThat(ServiceLoader.load(KernelProvider.class).stream().map(ServiceLoader.Provider::type))
                .contains(EmbeddedKernelProvider.class, UnixKernelProvider.class);
    }

    @Test
    void shouldAskForEmbeddedWhenNothingIsSet() { // contract.md §5: neither set → embedded
        final String before = System.getProperty(KernelProvider.KERNEL_PROPERTY);
        try {
            System.setProperty(KernelProvider.KERNEL_PROPERTY, " ");
            assertThat(KernelProvider.requested()).isIn("embedded", System.getenv(KernelProvider.KERNEL_ENV));
            System.setProperty(KernelProvider.KERNEL_PROPERTY, "unix:/tmp/k");
            assertThat(KernelProvider.requested()).as("the property wins").isEqualTo("unix:/tmp/k");
        } finally {
            if (before == null) {
                System.clearProperty(KernelProvider.KERNEL_PROPERTY);
            } else {
                System.setProperty(KernelProvider.KERNEL_PROPERTY, before);
            }
        }
    }
}
