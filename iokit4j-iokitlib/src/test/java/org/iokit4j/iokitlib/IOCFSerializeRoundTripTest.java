package org.iokit4j.iokitlib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.iokitlib.IOKitLib.IOCFSerialize;
import static org.iokit4j.iokitlib.IOKitLib.IOCFUnserialize;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code IOCFUnserialize(IOCFSerialize(v))} gives {@code v} back for seeded random nested values (issue 11
 * deliverable 3, contract.md §7), objects met twice included (they travel as ID/IDREF).
 */
class IOCFSerializeRoundTripTest {
    private static final String CHARACTERS = "abcXYZ019 <>&\"'=;/\t\n\u00a9\u00e9\u4e2d\uD83D\uDE00-_";

    static List<Long> seeds() {
        final List<Long> seeds = new ArrayList<>();
        for (long seed = 1; seed <= 40; seed++) {
            seeds.add(seed * 0x9E3779B97F4A7C15L);
        }
        return seeds;
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void shouldGiveBackWhatItWrote(long seed) { // IOCFSerialize.c ↔ IOCFUnserialize.yacc
        final Random random = new Random(seed);
        final List<Object> pool = new ArrayList<>();
        final Object value = value(random, 0, pool);
        final byte[] bytes = IOCFSerialize(value, 0);
        assertThat(bytes).isNotNull();

        final String[] error = new String[1];
        final Object back = IOCFUnserialize(new String(bytes, StandardCharsets.UTF_8), null, 0, error);

        assertThat(error[0]).isNull();
        assertThat(deepEquals(back, value)).as("seed %d: %s", seed, new String(bytes, StandardCharsets.UTF_8))
                .isTrue();
    }

    /** A random property value, sometimes one made before (the same object again: an IDREF). */
    private static Object value(Random random, int depth, List<Object> pool) {
        if (!pool.isEmpty() && random.nextInt(8) == 0) {
            return pool.get(random.nextInt(pool.size()));
        }
        final int kind = random.nextInt(depth >= 4 ? 4 : 8);
        final Object made = switch (kind) {
            case 0 -> text(random);
            case 1 -> random.nextInt(3) == 0 ? (long) random.nextInt(256) - 128 : random.nextLong();
            case 2 -> random.nextBoolean();
            case 3 -> {
                final byte[] bytes = new byte[random.nextInt(40)];
                random.nextBytes(bytes);
                yield bytes;
            }
            case 4, 5 -> {
                final List<Object> list = new ArrayList<>();
                for (int i = random.nextInt(5); i > 0; i--) {
                    list.add(value(random, depth + 1, pool));
                }
                yield list;
            }
            case 6 -> {
                final Map<String, Object> map = new LinkedHashMap<>();
                for (int i = random.nextInt(5); i > 0; i--) {
                    map.put(text(random), value(random, depth + 1, pool));
                }
                yield map;
            }
            default -> {
                final Set<Object> set = new LinkedHashSet<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    set.add(text(random));
                }
                yield set;
            }
        };
        pool.add(made);
        return made;
    }

    private static String text(Random random) {
        final StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(12); i > 0; i--) {
            final int at = random.nextInt(CHARACTERS.length());
            final char c = CHARACTERS.charAt(at);
            text.append(Character.isHighSurrogate(c) ? CHARACTERS.substring(at, at + 2) : Character.isLowSurrogate(c)
                    ? "" : String.valueOf(c));
        }
        return text.toString();
    }

    /** {@code equals}, comparing {@code byte[]} by content at any depth. */
    private static boolean deepEquals(Object a, Object b) {
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return Arrays.equals(x, y);
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!deepEquals(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            return x.keySet().equals(y.keySet()) && x.keySet().stream().allMatch(k -> deepEquals(x.get(k), y.get(k)));
        }
        return a.equals(b);
    }
}
