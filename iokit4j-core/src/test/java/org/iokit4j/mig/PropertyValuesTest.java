package org.iokit4j.mig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.iokit4j.IOReturn;
import org.iokit4j.IOReturnException;
import org.junit.jupiter.api.Test;

/**
 * A value as IOKitLib's {@code IOCFSerialize} hands it to the kernel (IOKitUser IOCFSerialize.c; contract.md §7), and
 * the length of its binary form, against which XNU's {@code is_io_registry_entry_set_properties} checks its 4 MiB.
 */
class PropertyValuesTest {

    @Test
    void shouldCopyDeeplySoTheCallerCanChangeItsValueAfterwards() { // IOCFSerialize: the kernel gets bytes, not objects
        final byte[] bytes = {1, 2, 3};
        final List<Object> list = new ArrayList<>(List.of("a"));
        final Map<String, Object> map = new LinkedHashMap<>();
        map.put("bytes", bytes);
        map.put("list", list);
        @SuppressWarnings("unchecked")
        final Map<String, Object> copy = (Map<String, Object>) PropertyValues.serialized(map, "properties");
        bytes[0] = 9;
        list.add("b");
        map.put("late", true);
        assertThat((byte[]) copy.get("bytes")).containsExactly(1, 2, 3);
        assertThat(copy.get("list")).isEqualTo(List.of("a"));
        assertThat(copy).containsOnlyKeys("bytes", "list");
    }

    @Test
    void shouldMakeEveryIntegerALongAsACFNumberReadsBack() { // contract.md §7: CFNumber → Long
        final Object copy = PropertyValues.serialized(List.of(1, (short) 2, (byte) 3, 4L), "properties");
        assertThat(copy).isEqualTo(List.of(1L, 2L, 3L, 4L));
    }

    @Test
    void shouldSendASetAsAnArray() { // §7 maps no set: it travels as an array
        assertThat(PropertyValues.serialized(new LinkedHashSet<>(List.of("x", "y")), "p")).isEqualTo(List.of("x", "y"));
    }

    @Test
    void shouldWriteAnUnserializableValueAsIOCFSerializeDoes() { // IOCFSerialize.c DoCFSerialize: "typeID … not serializable"
        assertThat(PropertyValues.serialized(Map.of("k", new Object()), "p"))
                .isEqualTo(Map.of("k", "typeID java.lang.Object not serializable"));
    }

    @Test
    void shouldRefuseANullValueNamingWhereItIs() { // a CF container holds no NULL: C would crash
        final Map<String, Object> map = new HashMap<>();
        map.put("inner", new ArrayList<>(java.util.Arrays.asList("a", null)));
        assertThatThrownBy(() -> PropertyValues.serialized(map, "properties")).isInstanceOf(IOReturnException.class)
                .satisfies(e -> assertThat(((IOReturnException) e).code()).isEqualTo(IOReturn.kIOReturnBadArgument))
                .hasMessageContaining("properties[\"inner\"][1] is null");
    }

    @Test
    void shouldRefuseANullOrNonStringKey() { // the kernel's dictionaries are keyed by symbols
        final Map<Object, Object> nullKey = new HashMap<>();
        nullKey.put(null, 1);
        assertThatThrownBy(() -> PropertyValues.serialized(nullKey, "p")).hasMessageContaining("has a null key");
        assertThatThrownBy(() -> PropertyValues.serialized(Map.of(7, 1), "p")).hasMessageContaining("has the key 7");
    }

    @Test
    void shouldRefuseACycleAndTooDeepANesting() { // IOCFSerialize would not finish; the carriers stop at 64 levels
        final List<Object> cycle = new ArrayList<>();
        cycle.add(cycle);
        assertThatThrownBy(() -> PropertyValues.serialized(cycle, "p")).hasMessageContaining("contains itself");
        Object deep = "leaf";
        for (int i = 0; i <= PropertyValues.MAX_DEPTH; i++) { // 65 containers around a leaf
            deep = List.of(deep);
        }
        final Object tooDeep = deep;
        assertThatThrownBy(() -> PropertyValues.serialized(tooDeep, "p")).hasMessageContaining("65 levels deep");
        assertThat(PropertyValues.serialized(((List<?>) deep).getFirst(), "p")).isNotNull();
    }

    @Test
    void shouldMeasureTheBinaryFormAsIOCFSerializeBinaryWritesIt() { // IOCFSerialize.c IOCFSerializeBinary
        // signature 4; dictionary key 4; symbol "ab" 4 + pad(3) = 8; number 4 + 8; symbol "c" 4 + 4; string "xyz" 4 + 4;
        // symbol "d" 8; data of 5 bytes 4 + 8; symbol "e" 8; boolean 4
        final Map<String, Object> map = new LinkedHashMap<>();
        map.put("ab", 1L);
        map.put("c", "xyz");
        map.put("d", new byte[5]);
        map.put("e", true);
        assertThat(PropertyValues.binarySize(map)).isEqualTo(4 + 4 + 8 + 12 + 8 + 8 + 8 + 12 + 8 + 4);
    }

    @Test
    void shouldCountUtf8BytesOfStrings() { // IOCFSerializeBinary writes strings in UTF-8
        assertThat(PropertyValues.binarySize("é")).isEqualTo(4 + 4 + 4);
        assertThat(PropertyValues.binarySize("abcde")).isEqualTo(4 + 4 + 8);
    }
}
