package org.iokit4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Explanations that name a caller's value without running its code (issue 8: a toString that throws). */
class ValueTextTest {

    /** A value whose toString must never be called. */
    static final class Hostile {
        @Override
        public String toString() {
            throw new IllegalStateException("toString called");
        }
    }

    @Test
    void shouldPrintTheJdksOwnValues() {
        final Map<String, Object> map = new LinkedHashMap<>();
        map.put("IONameMatch", List.of("a", 2L));
        map.put("Blob", new byte[3]);
        map.put("flag", true);
        assertThat(ValueText.of(map)).isEqualTo("{IONameMatch=[a, 2], Blob=byte[3], flag=true}");
        assertThat(ValueText.of(null)).isEqualTo("null");
    }

    @Test
    void shouldNameOtherValuesByTheirClassWithoutCallingToString() {
        assertThat(ValueText.of(new Hostile())).isEqualTo("(a Hostile)");
        assertThat(ValueText.of(List.of(new Hostile()))).isEqualTo("[(a Hostile)]");
        final List<Object> custom = new AbstractList<>() {
            @Override
            public Object get(int index) {
                throw new IllegalStateException("iterated");
            }

            @Override
            public int size() {
                return 1;
            }
        };
        assertThat(ValueText.of(custom)).startsWith("(a ").endsWith(")");
        assertThat(ValueText.kind(42)).isEqualTo("an Integer");
    }

    @Test
    void shouldStopAtCyclesDepthAndLength() {
        final List<Object> cyclic = new ArrayList<>();
        cyclic.add(cyclic);
        assertThat(ValueText.of(cyclic)).isEqualTo("[(cycle)]");
        Object deep = "leaf";
        for (int i = 0; i < 20; i++) {
            deep = List.of(deep);
        }
        assertThat(ValueText.of(deep)).contains("[…]");
        assertThat(ValueText.of(Collections.nCopies(1000, "word")))
                .hasSize(ValueText.MAX_LENGTH + 1).endsWith("…");
    }

    @Test
    void shouldSayWhenAWrappedCollectionCannotBeRead() {
        final List<Object> broken = Collections.unmodifiableList(new AbstractList<>() {
            @Override
            public Object get(int index) {
                throw new IllegalStateException("broken");
            }

            @Override
            public int size() {
                return 1;
            }
        });
        assertThat(ValueText.of(broken)).isEqualTo("[…(unreadable: java.lang.IllegalStateException)");
    }
}
