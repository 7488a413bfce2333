package org.iokit4j.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Issue 10 §3: the waiting strategy is chosen per process by {@code iokit4j.wait} / {@code IOKIT4J_WAIT}. */
class WaitStrategyTest {
    @AfterEach
    void clear() {
        System.clearProperty(WaitStrategy.PROPERTY);
    }

    @ParameterizedTest
    @CsvSource({"spin,SPIN", "backoff,BACKOFF", "block,BLOCK", "' Block ',BLOCK"})
    void shouldReadTheStrategyFromTheSystemProperty(String value, WaitStrategy expected) { // issue 10 §3
        System.setProperty(WaitStrategy.PROPERTY, value);
        assertThat(WaitStrategy.configured()).isEqualTo(expected);
        assertThat(RingOptions.defaults().strategy()).isEqualTo(expected);
    }

    @Test
    void shouldDefaultToBackoff() { // issue 10 §3: the default must not burn a core (unless the CI sets the variable)
        assertThat(WaitStrategy.configured()).isEqualTo(System.getenv(WaitStrategy.ENVIRONMENT) == null
                ? WaitStrategy.BACKOFF : WaitStrategy.parse(WaitStrategy.ENVIRONMENT,
                System.getenv(WaitStrategy.ENVIRONMENT)));
    }

    @Test
    void shouldRefuseAnUnknownStrategyNamingTheAllowedOnes() { // issue 10 §3: an explained failure
        System.setProperty(WaitStrategy.PROPERTY, "yield");
        assertThatThrownBy(WaitStrategy::configured).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("iokit4j.wait=yield is not a waiting strategy; allowed: spin, backoff, block");
        assertThatThrownBy(RingOptions::defaults).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("iokit4j.wait=yield");
        assertThatThrownBy(() -> WaitStrategy.parse(WaitStrategy.ENVIRONMENT, ""))
                .hasMessage("IOKIT4J_WAIT= is not a waiting strategy; allowed: spin, backoff, block");
    }

    @Test
    void shouldRefuseACapacityAgronaCannotUse() { // issue 10 §3: a power of two, as Agrona requires
        final RingOptions options = RingTesting.options(WaitStrategy.SPIN);
        assertThatThrownBy(() -> options.withCapacity(3000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("capacity=3000 must be a power of two");
        assertThatThrownBy(() -> options.withCapacity(512)).hasMessageContaining("capacity=512");
        assertThatThrownBy(() -> options.withSendTimeout(java.time.Duration.ZERO))
                .hasMessageContaining("sendTimeout=PT0S must be positive");
    }
}
