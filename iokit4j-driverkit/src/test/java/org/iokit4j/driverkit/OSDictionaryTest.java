package org.iokit4j.driverkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** OSDictionary: string keys, retained values, order, iteration (contract.md §7; libkern/c++/OSDictionary.cpp). */
class OSDictionaryTest {

    @Test
    void shouldRetainValuesAndReleaseThemWhenFreed() {
        // OSDictionary.cpp OSDictionary::setObject: value.reset(anObject, OSRetain); OSDictionary::free flushes
        final FreeRecorder value = new FreeRecorder("v");
        final OSDictionary dictionary = OSDictionary.withCapacity(1);
        assertThat(dictionary.setObject("key", value)).isTrue();
        assertThat(value.getRetainCount()).isEqualTo(2);
        value.release();

        dictionary.release();

        assertThat(value.frees).hasValue(1);
    }

    @Test
    void shouldGetWithoutRetainingAndAnswerNullForAMissingKey() {
        // OSDictionary.cpp OSDictionary::getObject: returns value.get() (no retain), NULL when not found or !aKey
        final FreeRecorder value = new FreeRecorder("v");
        final OSDictionary dictionary = OSDictionary.withCapacity(0);
        dictionary.setObject("key", value);
        assertThat(dictionary.getObject("key")).isSameAs(value);
        assertThat(dictionary.getObject(OSString.withCString("key"))).isSameAs(value);
        assertThat(value.getRetainCount()).isEqualTo(2);
        assertThat(dictionary.getObject("other")).isNull();
        assertThat(dictionary.getObject((String) null)).isNull();
        assertThat(dictionary.getObject((OSString) null)).isNull();
    }

    @Test
    void shouldReplaceInPlaceReleasingTheOldValue() {
        // OSDictionary.cpp setObject: if the key exists, dictionary[i].value.reset(anObject, OSRetain)
        final FreeRecorder old = new FreeRecorder("old");
        final FreeRecorder replacement = new FreeRecorder("new");
        final OSDictionary dictionary = OSDictionary.withCapacity(3);
        dictionary.setObject("a", old);
        dictionary.setObject("b", OSNumber.withNumber(2, 32));
        old.release();

        assertThat(dictionary.setObject("a", replacement)).isTrue();

        assertThat(old.frees).hasValue(1);
        assertThat(replacement.getRetainCount()).isEqualTo(2);
        assertThat(dictionary.getCount()).isEqualTo(2);
        assertThat(keys(dictionary)).as("the entry keeps its place").containsExactly("a", "b");
        assertThat(dictionary.setObject(OSString.withCString("a"), replacement)).as("same value again").isTrue();
        assertThat(replacement.getRetainCount()).isEqualTo(2);
    }

    @Test
    void shouldRemoveReleasingTheValueAndKeepTheOrderOfTheRest() {
        // OSDictionary.cpp removeObject: count--, bcopy the rest down, release key and value
        final FreeRecorder removed = new FreeRecorder("b");
        final OSDictionary dictionary = OSDictionary.withCapacity(3);
        dictionary.setObject("a", OSBoolean.kOSBooleanTrue);
        dictionary.setObject("b", removed);
        dictionary.setObject("c", OSBoolean.kOSBooleanFalse);
        removed.release();

        dictionary.removeObject("b");
        dictionary.removeObject("missing");
        dictionary.removeObject((String) null);
        dictionary.removeObject((OSString) null);

        assertThat(removed.frees).hasValue(1);
        assertThat(keys(dictionary)).containsExactly("a", "c");
        dictionary.removeObject(OSString.withCString("a"));
        assertThat(keys(dictionary)).containsExactly("c");
    }

    @Test
    void shouldRefuseNullKeysAndValues() { // OSDictionary.cpp setObject: if (!anObject || !aKey) return false
        final FreeRecorder value = new FreeRecorder("v");
        final OSDictionary dictionary = OSDictionary.withCapacity(1);
        assertThat(dictionary.setObject((String) null, value)).isFalse();
        assertThat(dictionary.setObject((OSString) null, value)).isFalse();
        assertThat(dictionary.setObject("key", null)).isFalse();
        assertThat(dictionary.getCount()).isZero();
        assertThat(value.getRetainCount()).isEqualTo(1);
        assertThat(OSDictionary.withCapacity(-1)).as("a huge unsigned capacity").isNull();
    }

    @Test
    void shouldKeepInsertionOrderAndGrowByItsIncrement() {
        // OSDictionary.cpp setObject: a new key goes at the end (unsorted); ensureCapacity rounds up to the increment
        final OSDictionary dictionary = OSDictionary.withCapacity(0);
        assertThat(dictionary.getCapacityIncrement()).isEqualTo(16);
        for (int i = 20; i > 0; i--) {
            dictionary.setObject("k" + i, OSNumber.withNumber(i, 32));
        }
        assertThat(dictionary.getCount()).isEqualTo(20);
        assertThat(dictionary.getCapacity()).isEqualTo(32);
        assertThat(keys(dictionary)).first().isEqualTo("k20");
        assertThat(keys(dictionary)).last().isEqualTo("k1");
        assertThat(OSDictionary.withCapacity(3).ensureCapacity(4)).isEqualTo(6);
        assertThat(dictionary.setCapacityIncrement(-5)).isEqualTo(16);
    }

    @Test
    void shouldIterateKeysAndValuesAndStopWhenTheBlockReturnsTrue() {
        // OSDictionary.cpp iterateObjects(block): done = callback(key, value); if (done) break
        final OSDictionary dictionary = sample();
        final List<String> seen = new ArrayList<>();
        assertThat(dictionary.iterateObjects((key, value) -> {
            seen.add(key.getCStringNoCopy() + "=" + value);
            return false;
        })).isTrue();
        assertThat(seen).containsExactly("a=1", "b=\"two\"", "c=Yes");

        seen.clear();
        assertThat(dictionary.iterateObjects((key, value) -> seen.add(key.getCStringNoCopy()) && key.isEqualTo("b")))
                .isTrue();
        assertThat(seen).containsExactly("a", "b");
    }

    @Test
    void shouldIterateKeysAsACollection() {
        // OSDictionary.cpp getNextObjectForIterator: *ret = dictionary[index].key — the plain form yields the keys
        final List<String> keys = new ArrayList<>();
        assertThat(sample().iterateObjects(object -> keys.add(((OSString) object).getCStringNoCopy()) && false))
                .isTrue();
        assertThat(keys).containsExactly("a", "b", "c");
    }

    @Test
    void shouldStopAndAnswerFalseWhenTheBlockChangesTheDictionary() {
        // OSDictionary.cpp iterateObjects: if (initialUpdateStamp != updateStamp) break; return the comparison
        final OSDictionary dictionary = sample();
        final List<String> seen = new ArrayList<>();
        final boolean unchanged = dictionary.iterateObjects((key, value) -> {
            seen.add(key.getCStringNoCopy());
            dictionary.setObject("added", OSBoolean.kOSBooleanTrue);
            return false;
        });
        assertThat(unchanged).isFalse();
        assertThat(seen).containsExactly("a");
        assertThat(dictionary.iterateObjects((OSDictionaryIterateObjectsBlock) null)).isFalse();
        assertThat(dictionary.iterateObjects((OSCollectionIterateObjectsBlock) null)).isFalse();
    }

    @Test
    void shouldFlushReleasingKeysAndValues() { // OSDictionary.cpp flushCollection: key.reset(), value.reset()
        final FreeRecorder value = new FreeRecorder("v");
        final OSDictionary dictionary = OSDictionary.withCapacity(1);
        dictionary.setObject("k", value);
        value.release();
        final OSString[] key = new OSString[1];
        dictionary.iterateObjects((k, v) -> {
            key[0] = k;
            k.retain(); // the block keeps the key past the flush, as a driver would
            return true;
        });

        dictionary.flushCollection();

        assertThat(value.frees).hasValue(1);
        assertThat(dictionary.getCount()).isZero();
        assertThat(key[0].getRetainCount()).as("only the block's reference is left").isEqualTo(1);
    }

    @Test
    void shouldMergeAndCopy() { // OSDictionary.cpp merge (setObject for each), withDictionary (initWithDictionary)
        final OSDictionary target = OSDictionary.withCapacity(0);
        target.setObject("a", OSNumber.withNumber(100, 32));
        target.setObject("z", OSNumber.withNumber(26, 32));
        assertThat(target.merge(sample())).isTrue();
        assertThat(keys(target)).containsExactly("a", "z", "b", "c");
        assertThat(((OSNumber) target.getObject("a")).unsigned32BitValue()).as("merge replaces").isEqualTo(1);
        assertThat(target.merge(null)).isFalse();

        final OSDictionary copy = OSDictionary.withDictionary(target, 0);
        assertThat(copy.getCapacity()).isEqualTo(4);
        assertThat(copy.getObject("b")).isSameAs(target.getObject("b"));
        assertThat(OSDictionary.withDictionary(target, 2)).as("capacity below the count").isNull();
        assertThat(OSDictionary.withDictionary(null, 0)).isNull();
    }

    @Test
    void shouldCompareEntriesWhateverTheirOrder() {
        // OSDictionary.cpp isEqualTo(const OSDictionary *): same count, each value isEqualTo the other's for its key
        final OSDictionary reordered = OSDictionary.withCapacity(3);
        reordered.setObject("c", OSBoolean.kOSBooleanTrue);
        reordered.setObject("b", OSString.withCString("two"));
        reordered.setObject("a", OSNumber.withNumber(1, 64));
        assertThat(sample().isEqualTo(reordered)).isTrue();
        reordered.setObject("c", OSBoolean.kOSBooleanFalse);
        assertThat(sample().isEqualTo(reordered)).isFalse();
        reordered.removeObject("c");
        assertThat(sample().isEqualTo(reordered)).isFalse();
        assertThat(sample().isEqualTo((OSDictionary) null)).isFalse();
        assertThat(sample().isEqualTo((OSObject) sample())).isTrue();
        assertThat(sample().isEqualTo((OSObject) OSArray.withCapacity(0))).isFalse();
    }

    @Test
    void shouldCopyNestedCollectionsDeep() { // OSDictionary.cpp copyCollection: each collection value copied
        final OSDictionary outer = OSDictionary.withCapacity(1);
        final OSDictionary inner = sample();
        outer.setObject("inner", inner);
        outer.setObject("self", outer);

        final OSDictionary copy = (OSDictionary) outer.copyCollection();

        assertThat(copy.getObject("inner")).isNotSameAs(inner).isInstanceOf(OSDictionary.class);
        assertThat(((OSDictionary) copy.getObject("inner")).getObject("b")).isSameAs(inner.getObject("b"));
        assertThat(copy.getObject("self")).as("the cycle maps to the copy").isSameAs(copy);
        inner.removeObject("a");
        assertThat(((OSDictionary) copy.getObject("inner")).getCount()).isEqualTo(3);
    }

    @Test
    void shouldPrintItsEntries() { // contract.md §7: readable toString, as ioreg prints a dictionary
        final OSDictionary dictionary = sample();
        dictionary.setObject("d", dictionary);
        assertThat(dictionary).hasToString("{\"a\"=1,\"b\"=\"two\",\"c\"=Yes,\"d\"=<cycle>}");
    }

    private static OSDictionary sample() {
        final OSDictionary dictionary = OSDictionary.withCapacity(3);
        dictionary.setObject("a", OSNumber.withNumber(1, 32));
        dictionary.setObject("b", OSString.withCString("two"));
        dictionary.setObject("c", OSBoolean.kOSBooleanTrue);
        return dictionary;
    }

    private static List<String> keys(OSDictionary dictionary) {
        final List<String> keys = new ArrayList<>();
        dictionary.iterateObjects((key, value) -> keys.add(key.getCStringNoCopy()) && false);
        return keys;
    }
}
