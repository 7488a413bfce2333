package org.iokit4j.kernel.bundle;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PersonalityTest {

    private static Map<String, Object> minimal() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("IOProviderClass", "IOUserResources");
        properties.put("IOUserClass", "com.example.Driver");
        return properties;
    }

    @Test
    void shouldApplyAppleDefaultsForKeysLeftOut() {
        // contract.md §4: IOClass, IOUserServerName, IOMatchCategory, IOResourceMatch, IOProbeScore may be left out
        Personality personality = new Personality("Driver", "com.example.bundle", minimal());

        assertThat(personality.ioClass()).isEqualTo("IOUserService");
        assertThat(personality.ioUserClass()).isEqualTo("com.example.Driver");
        assertThat(personality.ioProviderClass()).isEqualTo("IOUserResources");
        assertThat(personality.ioUserServerName()).isEqualTo("com.example.bundle");
        assertThat(personality.ioMatchCategory()).isEqualTo("IODefaultMatchCategory");
        assertThat(personality.ioResourceMatch()).isNull();
        assertThat(personality.ioProbeScore()).isZero();
    }

    @Test
    void shouldReadEveryHonouredKey() {
        // contract.md §4: keys honoured at least
        Map<String, Object> properties = minimal();
        properties.put("IOClass", "IOUserService");
        properties.put("IOUserServerName", "com.example.server");
        properties.put("IOMatchCategory", "Mine");
        properties.put("IOResourceMatch", "IOKit");
        properties.put("IOProbeScore", 5000);

        Personality personality = new Personality("Driver", "com.example.bundle", properties);

        assertThat(personality.ioUserServerName()).isEqualTo("com.example.server");
        assertThat(personality.ioMatchCategory()).isEqualTo("Mine");
        assertThat(personality.ioResourceMatch()).isEqualTo("IOKit");
        assertThat(personality.ioProbeScore()).isEqualTo(5000L);
    }

    @Test
    void shouldKeepAnImmutableCopyOfTheDictionary() {
        // contract.md §4: the personality's keys become the service's properties, so they must not change later
        Map<String, Object> properties = minimal();
        properties.put("UserClientProperties", new LinkedHashMap<>(Map.of("IOClass", "IOUserUserClient")));

        Personality personality = new Personality("Driver", "com.example.bundle", properties);
        properties.put("IOUserClass", "changed");

        assertThat(personality.ioUserClass()).isEqualTo("com.example.Driver");
        assertThatThrownBy(() -> personality.properties().put("x", 1L))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void shouldExplainAMissingUserClass() {
        // contract.md §4: IOUserClass names the Java class to instantiate
        Map<String, Object> properties = minimal();
        properties.remove("IOUserClass");

        assertThatThrownBy(() -> new Personality("MyDriver", "com.example.bundle", properties))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("personality \"MyDriver\" has no IOUserClass:"
                        + " every DriverKit personality names the Java class to instantiate");
    }

    @Test
    void shouldExplainAMissingOrEmptyProviderClass() {
        // contract.md §4: IOProviderClass (IOUserResources matches unconditionally)
        Map<String, Object> missing = minimal();
        missing.remove("IOProviderClass");
        Map<String, Object> empty = minimal();
        empty.put("IOProviderClass", " ");

        assertThatThrownBy(() -> new Personality("MyDriver", "b", missing))
                .hasMessageContaining("personality \"MyDriver\" has no IOProviderClass")
                .hasMessageContaining("IOUserResources");
        assertThatThrownBy(() -> new Personality("MyDriver", "b", empty))
                .hasMessageContaining("IOProviderClass=  (a string): IOProviderClass must be a non-empty string");
    }

    @Test
    void shouldRefuseHonouredKeysOfTheWrongType() {
        // contract.md §4: the honoured keys are strings, IOProbeScore an integer
        Map<String, Object> badCategory = minimal();
        badCategory.put("IOMatchCategory", List.of("a"));
        Map<String, Object> badScore = minimal();
        badScore.put("IOProbeScore", 1.5d);

        assertThatThrownBy(() -> new Personality("P", "b", badCategory))
                .hasMessage("personality \"P\" has IOMatchCategory=[a] (an array): IOMatchCategory must be a string");
        assertThatThrownBy(() -> new Personality("P", "b", badScore))
                .hasMessage("personality \"P\" has IOProbeScore=1.5 (a real): IOProbeScore must be an integer");
    }
}
