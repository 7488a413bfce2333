package org.iokit4j.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import org.iokit4j.kernel.Kernel;
import org.iokit4j.kernel.registry.RegistryEntry;
import org.junit.jupiter.api.Test;

/** Which drivers attach to a provider: one per IOMatchCategory, the highest IOProbeScore first (contract.md §4). */
class MatchCategoryTest {

    @Test
    void shouldStartEveryIOUserResourcesDriverThatNamesNoCategory() { // contract.md §4: IOUserResources matches unconditionally
        try (Kernel kernel = Kernel.builder().name("categories").discoverClassPath(false)
                .bundle("bundles/echo/Info.plist").bundle("bundles/async/Info.plist").boot()) {
            assertThat(registered(kernel, "org.iokit4j.systemtests.echo.EchoDriver")).isTrue();
            assertThat(registered(kernel, "org.iokit4j.systemtests.async.AsyncDriver")).isTrue();
            assertThat(kernel.problems()).isEmpty();
        }
    }

    @Test
    void shouldStartOnlyTheHighestProbeScoreInOneCategory() { // apple-semantics.md §9: IOMatchCategory, IOProbeScore
        try (Kernel kernel = Kernel.builder().name("compete").discoverClassPath(false)
                .bundle("bundles/compete/Info.plist").boot()) {
            assertThat(registered(kernel, "org.iokit4j.systemtests.memory.MemoryDriver")).as("score 20").isTrue();
            assertThat(registered(kernel, "org.iokit4j.systemtests.async.AsyncDriver")).as("score 10").isFalse();
        }
    }

    private static boolean registered(Kernel kernel, String name) {
        return kernel.registryEntries().stream().anyMatch(e -> e.name().equals(name) && e.isRegistered());
    }
}
