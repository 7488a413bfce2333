package org.iokit4j.kernel.matching;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random property tables, seeded so a failure names the seed that reproduces it: a candidate always matches
 * an {@code IOPropertyMatch} built from its own properties, and never once one value is changed.
 */
class PropertyMatchPropertyTest {

    private static final long SEED = 0x10C17_4A11L;
    private static final int CASES = 200;

    static LongStream seeds() {
        SplittableRandom root = new SplittableRandom(SEED);
        return LongStream.generate(root::nextLong).limit(CASES);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void shouldMatchItsOwnPropertiesAndNeverAChangedValue(long seed) {
        // apple-semantics.md §9 / contract.md §4: IOPropertyMatch, every key equal (deeply) to the candidate's property
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, Object> properties = table(random, 0, 1 + random.nextInt(8));
        TestCandidate candidate = TestCandidate.echo(properties);
        Map<String, Object> wanted = subset(random, properties);
        String victim = new ArrayList<>(wanted.keySet()).get(random.nextInt(wanted.size()));
        Map<String, Object> changed = new LinkedHashMap<>(wanted);
        changed.put(victim, changedValue(random, wanted.get(victim)));

        assertThat(Matching.validate(Map.of("IOPropertyMatch", wanted))).isNull();
        assertThat(Matching.matches(Map.of("IOPropertyMatch", wanted), candidate, name -> false))
                .as("a table of the candidate's own properties %s", wanted).isTrue();
        assertThat(Matching.matches(Map.of("IOPropertyMatch", changed), candidate, name -> false))
                .as("%s changed from %s to %s", victim, wanted.get(victim), changed.get(victim)).isFalse();
        assertThat(Matching.matches(Map.of("IOPropertyMatch", List.of(changed, wanted)), candidate, name -> false))
                .as("an array holding one matching table").isTrue();
        assertThat(Matching.matches(Map.of("IOPropertyMatch", List.of(changed)), candidate, name -> false))
                .as("an array holding no matching table").isFalse();
    }

    /** A non-empty random subset of {@code properties}, each value a fresh (equal, not identical) copy. */
    private static Map<String, Object> subset(SplittableRandom random, Map<String, Object> properties) {
        Map<String, Object> subset = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : properties.entrySet()) {
            if (subset.isEmpty() || random.nextBoolean()) {
                subset.put(entry.getKey(), copy(random, entry.getValue()));
            }
        }
        return subset;
    }

    private static Map<String, Object> table(SplittableRandom random, int depth, int size) {
        Map<String, Object> table = new LinkedHashMap<>();
        while (table.size() < size) {
            table.put("key" + random.nextInt(100), value(random, depth));
        }
        return table;
    }

    private static Object value(SplittableRandom random, int depth) {
        int kinds = depth < 2 ? 8 : 6;
        return switch (random.nextInt(kinds)) {
            case 0 -> "s" + random.nextInt(1000);
            case 1 -> random.nextLong(-1_000_000, 1_000_000);
            case 2 -> random.nextDouble(-1e6, 1e6);
            case 3 -> random.nextBoolean();
            case 4 -> bytes(random);
            case 5 -> Instant.ofEpochSecond(random.nextLong(0, 4_000_000_000L));
            case 6 -> {
                List<Object> list = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    list.add(value(random, depth + 1));
                }
                yield list;
            }
            default -> table(random, depth + 1, random.nextInt(4));
        };
    }

    private static byte[] bytes(SplittableRandom random) {
        byte[] bytes = new byte[random.nextInt(6)];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        return bytes;
    }

    /** An equal value that shares nothing mutable with {@code value}; small Longs may become Integers. */
    private static Object copy(SplittableRandom random, Object value) {
        return switch (value) {
            case Long l when random.nextBoolean() && l == (int) (long) l -> (int) (long) l;
            case byte[] bytes -> bytes.clone();
            case List<?> list -> {
                List<Object> copy = new ArrayList<>();
                list.forEach(element -> copy.add(copy(random, element)));
                yield copy;
            }
            case Map<?, ?> map -> {
                Map<String, Object> copy = new LinkedHashMap<>();
                map.forEach((k, v) -> copy.put((String) k, copy(random, v)));
                yield copy;
            }
            default -> value;
        };
    }

    /** A value of the same shape that is certainly not equal to {@code value}. */
    private static Object changedValue(SplittableRandom random, Object value) {
        return switch (value) {
            case String s -> s + "'";
            case Integer i -> i + 1;
            case Long l -> l + 1;
            case Double d -> Math.nextUp(d);
            case Boolean b -> !b;
            case Instant instant -> instant.plusSeconds(1);
            case byte[] bytes when bytes.length == 0 -> new byte[] {0};
            case byte[] bytes -> {
                byte[] changed = bytes.clone();
                changed[random.nextInt(changed.length)] ^= 1;
                yield changed;
            }
            case List<?> list when list.isEmpty() -> List.of("added");
            case List<?> list -> {
                List<Object> changed = new ArrayList<>(list);
                int at = random.nextInt(changed.size());
                changed.set(at, changedValue(random, changed.get(at)));
                yield changed;
            }
            case Map<?, ?> map when map.isEmpty() -> Map.of("added", 1L);
            case Map<?, ?> map -> {
                Map<String, Object> changed = new LinkedHashMap<>();
                map.forEach((k, v) -> changed.put((String) k, v));
                String key = new ArrayList<>(changed.keySet()).get(random.nextInt(changed.size()));
                changed.put(key, changedValue(random, changed.get(key)));
                yield changed;
            }
            default -> throw new AssertionError("no change defined for " + value.getClass());
        };
    }
}
