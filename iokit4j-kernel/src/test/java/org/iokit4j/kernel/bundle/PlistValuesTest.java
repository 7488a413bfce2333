package org.iokit4j.kernel.bundle;

import org.iokit4j.kernel.internal.ddplist.NSArray;
import org.iokit4j.kernel.internal.ddplist.NSData;
import org.iokit4j.kernel.internal.ddplist.NSDate;
import org.iokit4j.kernel.internal.ddplist.NSDictionary;
import org.iokit4j.kernel.internal.ddplist.NSNumber;
import org.iokit4j.kernel.internal.ddplist.NSSet;
import org.iokit4j.kernel.internal.ddplist.NSString;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlistValuesTest {

    @Test
    void shouldConvertEveryPropertyListTypeReadFromXml() {
        // contract.md §4: Info.plist in Apple's XML format; each of the eight types becomes a plain Java value
        DriverBundle bundle = BundleLoader.loadFrom("bundles/types/Info.plist", getClass().getClassLoader());

        @SuppressWarnings("unchecked")
        Map<String, Object> all = (Map<String, Object>) bundle.info().get("AllTypes");
        assertThat(all.get("zString")).isEqualTo("café & more");
        assertThat(all.get("aInteger")).isEqualTo(-42L);
        assertThat(all.get("mLargeInteger")).isEqualTo(Long.MAX_VALUE);
        assertThat(all.get("bReal")).isEqualTo(2.5d);
        assertThat(all.get("yTrue")).isEqualTo(Boolean.TRUE);
        assertThat(all.get("cFalse")).isEqualTo(Boolean.FALSE);
        assertThat((byte[]) all.get("xData")).containsExactly(0, 1, 2, 0xFF);
        assertThat(all.get("dDate")).isEqualTo(Instant.parse("2024-02-29T12:34:56Z"));
        assertThat(all.get("wArray")).isEqualTo(List.of(1L, "two", List.of(3.0d)));
        assertThat(all.get("eDictionary")).isEqualTo(Map.of("inner", "value"));
    }

    @Test
    void shouldKeepTheFileOrderOfDictionaryKeys() {
        // contract.md §4: a personality's keys become service properties; order is kept so listings read like the file
        DriverBundle bundle = BundleLoader.loadFrom("bundles/types/Info.plist", getClass().getClassLoader());

        @SuppressWarnings("unchecked")
        Map<String, Object> all = (Map<String, Object>) bundle.info().get("AllTypes");
        assertThat(all.keySet()).containsExactly("zString", "aInteger", "mLargeInteger", "bReal", "yTrue", "cFalse",
                "xData", "dDate", "wArray", "eDictionary");
    }

    @Test
    void shouldReturnMutableCollectionsFromToMap() {
        // contract.md §1: a matching dictionary is a mutable Map<String, Object>
        NSDictionary dictionary = new NSDictionary();
        dictionary.put("list", new NSArray(new NSString("a")));
        dictionary.put("number", new NSNumber(7));

        Map<String, Object> map = PlistValues.toMap(dictionary);

        assertThat(map).isInstanceOf(LinkedHashMap.class);
        assertThat(map.get("list")).isInstanceOf(ArrayList.class);
        assertThat(map.get("number")).isEqualTo(7L);
        map.put("added", true);
        assertThat(map).containsKey("added");
    }

    @Test
    void shouldConvertSingleValues() {
        // contract.md §4: the type table of PlistValues
        Date date = new Date(1_700_000_000_000L);

        assertThat(PlistValues.toJava(new NSNumber(true))).isEqualTo(true);
        assertThat(PlistValues.toJava(new NSNumber(3L))).isEqualTo(3L);
        assertThat(PlistValues.toJava(new NSNumber(0.5d))).isEqualTo(0.5d);
        assertThat(PlistValues.toJava(new NSDate(date))).isEqualTo(date.toInstant());
        assertThat((byte[]) PlistValues.toJava(new NSData(new byte[] {9, 8}))).containsExactly(9, 8);
    }

    @Test
    void shouldCopyDataSoTheParsedObjectStaysUntouched() {
        // contract.md §4: converted values are owned by the caller
        byte[] original = {1, 2, 3};
        NSData data = new NSData(original);

        byte[] converted = (byte[]) PlistValues.toJava(data);
        converted[0] = 99;

        assertThat(data.bytes()).containsExactly(1, 2, 3);
    }

    @Test
    void shouldRefuseTypesIOKitDoesNotKeepAndNameWhereTheyAre() {
        // contract.md §4: only property-list types become properties
        NSDictionary dictionary = new NSDictionary();
        dictionary.put("set", new NSSet(new NSString("a")));

        assertThatThrownBy(() -> PlistValues.toMap(dictionary))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("value[\"set\"] is a NSSet")
                .hasMessageContaining("not a property-list type");
    }

    @Test
    void shouldMakeDeepUnmodifiableCopies() {
        // contract.md §4: a personality's dictionary is kept as an immutable deep copy
        List<Object> list = new ArrayList<>(List.of("a"));
        Map<String, Object> inner = new LinkedHashMap<>(Map.of("k", 1L));
        byte[] bytes = {1, 2};
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("list", list);
        map.put("inner", inner);
        map.put("bytes", bytes);

        Map<String, Object> copy = PlistValues.immutableCopy(map);
        list.add("b");
        inner.put("k2", 2L);
        bytes[0] = 9;

        assertThat(copy.get("list")).isEqualTo(List.of("a"));
        assertThat(copy.get("inner")).isEqualTo(Map.of("k", 1L));
        assertThat((byte[]) copy.get("bytes")).containsExactly(1, 2);
        assertThatThrownBy(() -> copy.put("x", 1L)).isInstanceOf(UnsupportedOperationException.class);
        @SuppressWarnings("unchecked")
        List<Object> copiedList = (List<Object>) copy.get("list");
        assertThatThrownBy(() -> copiedList.add("c")).isInstanceOf(UnsupportedOperationException.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> copiedInner = (Map<String, Object>) copy.get("inner");
        assertThatThrownBy(() -> copiedInner.clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void shouldRefuseNullsAndForeignObjectsInCopies() {
        // contract.md §4: property tables hold property-list values only
        Map<String, Object> withNull = new LinkedHashMap<>();
        withNull.put("IOName", null);
        Map<String, Object> withThread = Map.of("outer", List.of(Thread.currentThread()));

        assertThatThrownBy(() -> PlistValues.immutableCopy(withNull))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("map[\"IOName\"] is null");
        assertThatThrownBy(() -> PlistValues.immutableCopy(withThread))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("map[\"outer\"][0] is a java.lang.Thread");
    }
}
