package org.iokit4j.driverkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** OSContainers: the one conversion between containers and the client's values (contract.md §7 type mapping). */
class OSContainersTest {

    static LongStream seeds() {
        return LongStream.range(0xC0_0000L, 0xC0_0000L + 25);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void shouldRoundTripClientValues(long seed) { // contract.md §7: String, Long, Boolean, byte[], List, Map
        final Object value = randomValue(new SplittableRandom(seed), 0);

        final OSContainer container = OSContainers.fromValue(value);
        final Object back = OSContainers.toValue(container);

        assertThat(comparable(back)).isEqualTo(comparable(value));
        assertThat(container.getRetainCount()).as("the caller's one reference").isEqualTo(1);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void shouldRoundTripContainers(long seed) { // containers → client values → containers, deep isEqualTo
        final OSContainer container = randomContainer(new SplittableRandom(seed), 0);

        final OSContainer back = OSContainers.fromValue(OSContainers.toValue(container));

        assertThat(back.isEqualTo(container)).as("%s vs %s", back, container).isTrue();
        assertThat(back).hasToString(container.toString());
    }

    @Test
    void shouldMakeFreshCopiesBothWays() { // contract.md §7: "every value … is a fresh copy the caller owns"
        final byte[] bytes = {1, 2};
        final List<Object> list = new ArrayList<>(List.of("a"));
        final Map<String, Object> map = new LinkedHashMap<>(Map.of("bytes", bytes, "list", list));
        final OSDictionary dictionary = OSContainers.fromMap(map);
        bytes[0] = 9;
        list.add("b");

        assertThat(((OSData) dictionary.getObject("bytes")).toByteArray()).containsExactly(1, 2);
        assertThat(((OSArray) dictionary.getObject("list")).getCount()).isEqualTo(1);

        final Map<String, Object> first = OSContainers.toMap(dictionary);
        final Map<String, Object> second = OSContainers.toMap(dictionary);
        ((byte[]) first.get("bytes"))[1] = 7;
        ((List<?>) first.get("list")).clear();
        first.put("new", true);
        assertThat((byte[]) second.get("bytes")).containsExactly(1, 2);
        assertThat(second.get("list")).isEqualTo(List.of("a"));
        assertThat(((OSData) dictionary.getObject("bytes")).toByteArray()).containsExactly(1, 2);
        assertThat(dictionary.getCount()).isEqualTo(2);
    }

    @Test
    void shouldHoldMembersOnlyThroughTheirCollections() { // OSArray/OSDictionary retain members: freeing the root
        final OSDictionary root = OSContainers.fromMap(Map.of("inner", List.of(Map.of("k", "v"))));
        final OSArray inner = (OSArray) root.getObject("inner");
        final OSDictionary innermost = (OSDictionary) inner.getObject(0);
        final OSString leaf = (OSString) innermost.getObject("k");
        assertThat(inner.getRetainCount()).isEqualTo(1);
        assertThat(leaf.getRetainCount()).isEqualTo(1);

        root.release();

        assertThat(inner.isFreed()).isTrue();
        assertThat(innermost.isFreed()).isTrue();
        assertThat(leaf.isFreed()).isTrue();
    }

    @ParameterizedTest(name = "{0} {1} → {2} bits, back {3}")
    @CsvSource({
        "Long, -1, 64, -1", "Long, 4294967295, 64, 4294967295", "Long, -9223372036854775808, 64, -9223372036854775808",
        "Integer, -1, 32, -1", "Integer, 2147483647, 32, 2147483647", "Integer, -2147483648, 32, -2147483648",
        "Short, -1, 16, 65535", "Short, 32767, 16, 32767",
        "Byte, -1, 8, 255", "Byte, 127, 8, 127"
    })
    void shouldSizeNumbersAsIoCfSerializeAndReadThemAsIoCfUnserialize(String type, long value, int bits, long back) {
        // IOCFSerialize.c DoCFSerializeNumber: SInt8/16/32/64 → size 8/16/32/64, value masked by the kernel;
        // IOCFUnserialize.yacc buildNumber: size <= 32 → kCFNumberSInt32Type of the low bits, else SInt64
        final Object boxed = switch (type) {
            case "Long" -> value;
            case "Integer" -> (int) value;
            case "Short" -> (short) value;
            default -> (byte) value;
        };
        final OSNumber number = (OSNumber) OSContainers.fromValue(boxed);

        assertThat(number.numberOfBits()).isEqualTo(bits);
        assertThat(OSContainers.toValue(number)).isEqualTo(back);
    }

    @ParameterizedTest(name = "{0} bits")
    @CsvSource({"1, 1", "31, 2147483647", "32, -1", "33, 8589934591", "63, 9223372036854775807", "0, -1"})
    void shouldReadOddSizesByTheSameRule(int bits, long back) { // IOCFUnserialize.yacc buildNumber: o->size <= 32
        assertThat(OSContainers.toValue(OSNumber.withNumber(-1, bits))).isEqualTo(back);
    }

    @Test
    void shouldMapBooleansToTheSingletons() { // contract.md §7 CFBoolean ↔ OSBoolean
        assertThat(OSContainers.fromValue(true)).isSameAs(OSBoolean.kOSBooleanTrue);
        assertThat(OSContainers.fromValue(false)).isSameAs(OSBoolean.kOSBooleanFalse);
        assertThat(OSContainers.toValue(OSBoolean.kOSBooleanTrue)).isEqualTo(Boolean.TRUE);
    }

    @Test
    void shouldNameTheTypeAndPathOfAnUnsupportedValue() { // contract.md §7: only the six mapped types
        final Map<String, Object> map = new LinkedHashMap<>();
        map.put("ok", 1L);
        map.put("list", List.of("x", 1.5));
        assertThatThrownBy(() -> OSContainers.fromValue(map)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unsupported type java.lang.Double")
                .hasMessageContaining("at $[\"list\"][1]");
        assertThatThrownBy(() -> OSContainers.fromValue(new int[] {1})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unsupported type [I at $ ");
    }

    @Test
    void shouldRefuseNullValuesAndBadKeys() { // DriverKit collections store no NULL; dictionary keys are strings
        final List<Object> withNull = new ArrayList<>();
        withNull.add(null);
        assertThatThrownBy(() -> OSContainers.fromValue(withNull)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a null value").hasMessageContaining("at $[0]");
        assertThatThrownBy(() -> OSContainers.fromValue(null)).hasMessageContaining("at $ ");
        final Map<Object, Object> numberKey = new HashMap<>(Map.of(7, "v"));
        assertThatThrownBy(() -> OSContainers.fromValue(Map.of("m", numberKey)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a key of type java.lang.Integer").hasMessageContaining("at $[\"m\"]");
        final Map<String, Object> nullKey = new HashMap<>();
        nullKey.put(null, "v");
        assertThatThrownBy(() -> OSContainers.fromValue(nullKey)).hasMessageContaining("a key of type null");
        assertThatThrownBy(() -> OSContainers.fromMap(null)).hasMessageContaining("a null map");
        assertThatThrownBy(() -> OSContainers.toMap(null)).hasMessageContaining("a null dictionary");
        assertThatThrownBy(() -> OSContainers.fromValue("x".repeat(OSString.kMaxStringLength)))
                .hasMessageContaining("kMaxStringLength=262142");
    }

    @Test
    void shouldRefuseCyclesButCopySharedValuesTwice() { // contract.md §7 via this class: cycles cannot be values
        final List<Object> cyclic = new ArrayList<>();
        cyclic.add("a");
        cyclic.add(List.of(cyclic));
        assertThatThrownBy(() -> OSContainers.fromValue(cyclic)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a cycle").hasMessageContaining("at $[1][0]");
        final Map<String, Object> cyclicMap = new HashMap<>();
        cyclicMap.put("self", cyclicMap);
        assertThatThrownBy(() -> OSContainers.fromValue(cyclicMap)).hasMessageContaining("at $[\"self\"]");

        final List<Object> shared = List.of("s");
        final OSArray twice = (OSArray) OSContainers.fromValue(List.of(shared, shared));
        assertThat(twice.getObject(0)).isNotSameAs(twice.getObject(1));
        assertThat(twice.getObject(0).isEqualTo(twice.getObject(1))).isTrue();
    }

    @Test
    void shouldRefuseContainerCyclesAndForeignObjectsGoingBack() {
        final OSArray array = OSArray.withCapacity(2);
        array.setObject(OSString.withCString("a"));
        array.setObject(array);
        assertThatThrownBy(() -> OSContainers.toValue(array)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a cycle: this OSArray contains itself at $[1]");

        final OSDictionary dictionary = OSDictionary.withCapacity(1);
        dictionary.setObject("plain", new FreeRecorder("p"));
        assertThatThrownBy(() -> OSContainers.toValue(dictionary)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("class org.iokit4j.driverkit.FreeRecorder, not a container")
                .hasMessageContaining("at $[\"plain\"]");
        assertThatThrownBy(() -> OSContainers.toValue(null)).hasMessageContaining("a null object at $ ");
    }

    @Test
    void shouldKeepTheOrderOfMapsAndDictionaries() { // OSDictionary keeps first-set order; LinkedHashMap back
        final Map<String, Object> map = new LinkedHashMap<>();
        for (final String key : List.of("z", "a", "m", "b")) {
            map.put(key, key);
        }
        assertThat(OSContainers.toMap(OSContainers.fromMap(map)).keySet()).containsExactly("z", "a", "m", "b");
    }

    /** A random client value: the mapped leaf types, and lists and maps up to three deep. */
    static Object randomValue(SplittableRandom random, int depth) {
        final int kind = random.nextInt(depth >= 3 ? 4 : 6);
        return switch (kind) {
            case 0 -> randomText(random);
            case 1 -> random.nextLong();
            case 2 -> random.nextBoolean();
            case 3 -> {
                final byte[] bytes = new byte[random.nextInt(12)];
                random.nextBytes(bytes);
                yield bytes;
            }
            case 4 -> {
                final List<Object> list = new ArrayList<>();
                for (int i = random.nextInt(5); i > 0; i--) {
                    list.add(randomValue(random, depth + 1));
                }
                yield list;
            }
            default -> {
                final Map<String, Object> map = new LinkedHashMap<>();
                for (int i = random.nextInt(5); i > 0; i--) {
                    map.put(randomText(random), randomValue(random, depth + 1));
                }
                yield map;
            }
        };
    }

    /** A random container: 64-bit numbers (their value survives the client's Long exactly), collections nested. */
    static OSContainer randomContainer(SplittableRandom random, int depth) {
        final int kind = random.nextInt(depth >= 3 ? 4 : 6);
        return switch (kind) {
            case 0 -> OSString.withCString(randomText(random));
            case 1 -> OSNumber.withNumber(random.nextLong(), 64);
            case 2 -> OSBoolean.withBoolean(random.nextBoolean());
            case 3 -> {
                final byte[] bytes = new byte[random.nextInt(12)];
                random.nextBytes(bytes);
                yield OSData.withBytes(bytes);
            }
            case 4 -> {
                final OSArray array = OSArray.withCapacity(0);
                for (int i = random.nextInt(5); i > 0; i--) {
                    final OSContainer member = randomContainer(random, depth + 1);
                    array.setObject(member);
                    member.release();
                }
                yield array;
            }
            default -> {
                final OSDictionary dictionary = OSDictionary.withCapacity(0);
                for (int i = random.nextInt(5); i > 0; i--) {
                    final OSContainer member = randomContainer(random, depth + 1);
                    dictionary.setObject(randomText(random), member);
                    member.release();
                }
                yield dictionary;
            }
        };
    }

    /** Text with ASCII, accents, CJK and a NUL now and then (no lone surrogates: UTF-8 cannot carry them). */
    private static String randomText(SplittableRandom random) {
        final StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(10); i > 0; i--) {
            text.appendCodePoint(switch (random.nextInt(4)) {
                case 0 -> 'a' + random.nextInt(26);
                case 1 -> 0xC0 + random.nextInt(0x40);
                case 2 -> 0x4E00 + random.nextInt(0x100);
                default -> random.nextInt(0x20);
            });
        }
        return text.toString();
    }

    /** The value with byte arrays replaced by buffers (which compare by content) and map order made visible. */
    private static Object comparable(Object value) {
        return switch (value) {
            case byte[] bytes -> ByteBuffer.wrap(bytes);
            case List<?> list -> list.stream().map(OSContainersTest::comparable).toList();
            case Map<?, ?> map -> {
                final List<Object> entries = new ArrayList<>();
                map.forEach((key, member) -> entries.add(List.of(key, comparable(member))));
                yield entries;
            }
            default -> value;
        };
    }
}
