package org.iokit4j.driverkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** OSArray: retain/release of members, counts, growth, iteration (contract.md §7; libkern/c++/OSArray.cpp). */
class OSArrayTest {

    @Test
    void shouldRetainWhatItStoresAndReleaseItWhenFreed() {
        // OSArray.cpp OSArray::setObject: array[index].reset(anObject, OSRetain); OSArray::free → flushCollection
        final FreeRecorder a = new FreeRecorder("a");
        final FreeRecorder b = new FreeRecorder("b");
        final OSArray array = OSArray.withCapacity(2);
        assertThat(array.setObject(a)).isTrue();
        assertThat(array.setObject(b)).isTrue();
        assertThat(a.getRetainCount()).isEqualTo(2);
        a.release();
        b.release();
        assertThat(a.frees).as("the array still holds it").hasValue(0);

        array.release();

        assertThat(a.frees).hasValue(1);
        assertThat(b.frees).hasValue(1);
        assertThat(array.isFreed()).isTrue();
    }

    @Test
    void shouldGetWithoutRetaining() { // OSArray.cpp OSArray::getObject returns array[index].get(): no retain
        final FreeRecorder a = new FreeRecorder("a");
        final OSArray array = OSArray.withCapacity(1);
        array.setObject(a);
        assertThat(array.getObject(0)).isSameAs(a);
        assertThat(array.getLastObject()).isSameAs(a);
        assertThat(a.getRetainCount()).isEqualTo(2);
        array.release();
        assertThat(a.getRetainCount()).isEqualTo(1);
    }

    @Test
    void shouldRetainTheReplacementAndReleaseTheReplaced() {
        // OSArray.cpp OSArray::replaceObject: reset(anObject, OSRetain) retains the new, releases the old
        final FreeRecorder old = new FreeRecorder("old");
        final FreeRecorder replacement = new FreeRecorder("new");
        final OSArray array = OSArray.withCapacity(1);
        array.setObject(old);
        old.release();

        assertThat(array.replaceObject(0, replacement)).isTrue();

        assertThat(old.frees).hasValue(1);
        assertThat(replacement.getRetainCount()).isEqualTo(2);
        assertThat(array.getObject(0)).isSameAs(replacement);
        assertThat(array.replaceObject(0, replacement)).as("replacing with itself keeps it alive").isTrue();
        assertThat(replacement.getRetainCount()).isEqualTo(2);
    }

    @Test
    void shouldReleaseWhatItRemovesAndCloseTheGap() {
        // OSArray.cpp OSArray::removeObject: moves the member out (released), shifts the rest down
        final OSArray array = OSArray.withCapacity(3);
        final List<FreeRecorder> members = new ArrayList<>();
        for (final String name : List.of("a", "b", "c")) {
            final FreeRecorder member = new FreeRecorder(name);
            array.setObject(member);
            member.release();
            members.add(member);
        }

        array.removeObject(1);

        assertThat(members.get(1).frees).hasValue(1);
        assertThat(array.getCount()).isEqualTo(2);
        assertThat(array.getObject(0)).isSameAs(members.get(0));
        assertThat(array.getObject(1)).isSameAs(members.get(2));
        assertThat(array.getObject(2)).isNull();
    }

    @Test
    void shouldInsertAtAnIndexUpToTheCount() { // OSArray.cpp OSArray::setObject(index, …): index > count → false
        final OSArray array = OSArray.withCapacity(0);
        final OSString a = OSString.withCString("a");
        final OSString b = OSString.withCString("b");
        final OSString c = OSString.withCString("c");
        assertThat(array.setObject(0, b)).isTrue();
        assertThat(array.setObject(0, a)).isTrue();
        assertThat(array.setObject(2, c)).isTrue();
        assertThat(array.setObject(4, c)).isFalse();
        assertThat(array.setObject(-1, c)).as("a huge unsigned index").isFalse();
        assertThat(array).hasToString("(\"a\",\"b\",\"c\")");
    }

    @Test
    void shouldRefuseNullAndOutOfRangeWithoutThrowing() {
        // OSArray.cpp: setObject/replaceObject refuse !anObject; getObject(index >= count) → NULL;
        // removeObject(index >= count) returns; replaceObject(index >= count) does not retain (DriverKit: bool false)
        final FreeRecorder kept = new FreeRecorder("kept");
        final FreeRecorder refused = new FreeRecorder("refused");
        final OSArray array = OSArray.withCapacity(1);
        array.setObject(kept);

        assertThat(array.setObject(null)).isFalse();
        assertThat(array.setObject(0, null)).isFalse();
        assertThat(array.replaceObject(0, null)).isFalse();
        assertThat(array.replaceObject(1, refused)).isFalse();
        assertThat(array.replaceObject(-1, refused)).isFalse();
        array.removeObject(1);
        array.removeObject(-1);
        assertThat(array.getObject(1)).isNull();
        assertThat(array.getObject(-1)).isNull();
        assertThat(array.getObject(Integer.MAX_VALUE)).isNull();

        assertThat(array.getCount()).isEqualTo(1);
        assertThat(array.getObject(0)).isSameAs(kept);
        assertThat(refused.getRetainCount()).as("a refused object is not retained").isEqualTo(1);
        assertThat(OSArray.withCapacity(0).getLastObject()).isNull(); // OSArray::getLastObject: count == 0 → NULL
    }

    @Test
    void shouldRefuseAFreedObjectAndStayAsItWas() { // OSObject.retain() refuses a freed object (contract.md §3)
        final FreeRecorder freed = new FreeRecorder("freed");
        freed.release();
        final OSArray array = OSArray.withCapacity(1);

        assertThatThrownBy(() -> array.setObject(freed)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("after the object was freed");
        assertThat(array.getCount()).isZero();
    }

    @Test
    void shouldGrowByItsCapacityIncrement() {
        // OSArray.cpp initWithCapacity: capacityIncrement = inCapacity ? inCapacity : 16;
        // ensureCapacity rounds up to a multiple of it
        final OSArray empty = OSArray.withCapacity(0);
        assertThat(empty.getCapacity()).isZero();
        assertThat(empty.getCapacityIncrement()).isEqualTo(16);
        empty.setObject(OSBoolean.kOSBooleanTrue);
        assertThat(empty.getCapacity()).isEqualTo(16);

        final OSArray five = OSArray.withCapacity(5);
        for (int i = 0; i < 6; i++) {
            assertThat(five.setObject(OSNumber.withNumber(i, 32))).isTrue();
        }
        assertThat(five.getCapacity()).isEqualTo(10);
        assertThat(five.getCount()).isEqualTo(6);
        assertThat(five.ensureCapacity(11)).isEqualTo(15);
        assertThat(five.ensureCapacity(3)).as("never shrinks").isEqualTo(15);
        assertThat(five.setCapacityIncrement(0)).as("setCapacityIncrement(0) → 16").isEqualTo(16);
        assertThat(five.ensureCapacity(17)).isEqualTo(32);
    }

    @Test
    void shouldRefuseANegativeCapacity() { // initWithCapacity: inCapacity > UINT_MAX / sizeof → false
        assertThat(OSArray.withCapacity(-1)).isNull();
        assertThat(OSArray.withCapacity(Integer.MIN_VALUE)).isNull();
    }

    @Test
    void shouldVisitEveryMemberInOrderWhileTheBlockReturnsFalse() {
        // OSCollection.cpp OSCollection::iterateObjects: do { done = callback(...) } while (!done && same stamp)
        final OSArray array = numbers(5);
        final List<Integer> seen = new ArrayList<>();
        assertThat(array.iterateObjects(object -> seen.add(((OSNumber) object).unsigned32BitValue()) && false))
                .isTrue();
        assertThat(seen).containsExactly(0, 1, 2, 3, 4);
        assertThat(OSArray.withCapacity(0).iterateObjects(object -> true)).as("empty: true").isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2, 4})
    void shouldStopWhenTheBlockReturnsTrue(int stopAt) { // OSCollection::iterateObjects: done = true ends it
        final OSArray array = numbers(5);
        final List<Integer> seen = new ArrayList<>();
        final boolean unchanged = array.iterateObjects(object -> {
            final int value = ((OSNumber) object).unsigned32BitValue();
            seen.add(value);
            return value == stopAt;
        });
        assertThat(unchanged).isTrue();
        assertThat(seen).hasSize(stopAt + 1).last().isEqualTo(stopAt);
    }

    @Test
    void shouldStopAndAnswerFalseWhenTheBlockChangesTheArray() {
        // OSCollection::iterateObjects: loop while initialUpdateStamp == updateStamp; return that comparison
        final OSArray array = numbers(5);
        final List<Integer> seen = new ArrayList<>();
        final boolean unchanged = array.iterateObjects(object -> {
            seen.add(((OSNumber) object).unsigned32BitValue());
            array.removeObject(0);
            return false;
        });
        assertThat(unchanged).isFalse();
        assertThat(seen).containsExactly(0);
        assertThat(array.iterateObjects(null)).isFalse();
    }

    @Test
    void shouldFlushReleasingEveryMember() { // OSArray.cpp OSArray::flushCollection: array[i].reset() for each
        final FreeRecorder a = new FreeRecorder("a");
        final OSArray array = OSArray.withCapacity(1);
        array.setObject(a);
        a.release();
        final int capacity = array.getCapacity();

        array.flushCollection();

        assertThat(a.frees).hasValue(1);
        assertThat(array.getCount()).isZero();
        assertThat(array.getCapacity()).isEqualTo(capacity);
        assertThat(array.isFreed()).isFalse();
    }

    @Test
    void shouldReleaseEveryMemberEvenIfOneWasOverReleased() { // a driver's bug must not leak the other members
        final FreeRecorder overReleased = new FreeRecorder("over");
        final FreeRecorder fine = new FreeRecorder("fine");
        final OSArray array = OSArray.withCapacity(2);
        array.setObject(overReleased);
        array.setObject(fine);
        fine.release();
        overReleased.release();
        overReleased.release(); // the driver dropped the array's reference too

        assertThatThrownBy(array::flushCollection).isInstanceOf(IllegalStateException.class);
        assertThat(fine.frees).hasValue(1);
        assertThat(array.getCount()).isZero();
    }

    @Test
    void shouldMergeCopyAndFindMembers() {
        // OSArray.cpp merge (each retained), withArray / withObjects (initWithObjects), getNextIndexOfObject
        final FreeRecorder a = new FreeRecorder("a");
        final OSArray first = OSArray.withObjects(new OSObject[] {a, a}, 2, 0);
        assertThat(first.getCount()).isEqualTo(2);
        assertThat(first.getCapacity()).isEqualTo(2);
        assertThat(a.getRetainCount()).isEqualTo(3);

        final OSArray copy = OSArray.withArray(first, 8);
        assertThat(copy.getCapacity()).isEqualTo(8);
        assertThat(copy.merge(first)).isTrue();
        assertThat(copy.getCount()).isEqualTo(4);
        assertThat(a.getRetainCount()).isEqualTo(7);
        assertThat(copy.getNextIndexOfObject(a, 1)).isEqualTo(1);
        assertThat(copy.getNextIndexOfObject(new FreeRecorder("b"), 0)).isEqualTo(-1);
        assertThat(copy.getNextIndexOfObject(a, 4)).isEqualTo(-1);

        assertThat(copy.merge(null)).isFalse();
        assertThat(OSArray.withArray(null, 0)).isNull();
        assertThat(OSArray.withArray(first, 1)).as("capacity below the count").isNull();
        assertThat(OSArray.withObjects(new OSObject[] {a, null}, 2, 0)).as("a null member").isNull();
        assertThat(OSArray.withObjects(null, 0, 0)).isNull();
        copy.release();
        first.release();
        assertThat(a.getRetainCount()).isEqualTo(1);
    }

    @Test
    void shouldCompareMembersInOrder() {
        // OSArray.cpp OSArray::isEqualTo(const OSArray *): same count, array[i]->isEqualTo(anArray->getObject(i))
        final OSArray one = strings("a", "b");
        assertThat(one.isEqualTo(strings("a", "b"))).isTrue();
        assertThat(one.isEqualTo(strings("b", "a"))).isFalse();
        assertThat(one.isEqualTo(strings("a"))).isFalse();
        assertThat(one.isEqualTo((OSArray) null)).isFalse();
        assertThat(one.isEqualTo((OSObject) OSString.withCString("a"))).isFalse();
        assertThat(one.isEqualTo((OSObject) strings("a", "b"))).isTrue();
    }

    @Test
    void shouldCopyNestedCollectionsAndShareLeaves() {
        // OSArray.cpp OSArray::copyCollection: withArray(this), then each member collection copied via cycleDict
        final OSString leaf = OSString.withCString("leaf");
        final OSArray inner = OSArray.withCapacity(1);
        inner.setObject(leaf);
        final OSArray outer = OSArray.withCapacity(1);
        outer.setObject(inner);

        final OSArray copy = (OSArray) outer.copyCollection();

        assertThat(copy).isNotSameAs(outer);
        assertThat(copy.getObject(0)).isNotSameAs(inner).isInstanceOf(OSArray.class);
        assertThat(((OSArray) copy.getObject(0)).getObject(0)).isSameAs(leaf);
        assertThat(copy.isEqualTo(outer)).isTrue();
        assertThat(leaf.getRetainCount()).as("creator, inner, inner's copy").isEqualTo(3);
        inner.setObject(OSString.withCString("later"));
        assertThat(((OSArray) copy.getObject(0)).getCount()).as("the copy is apart").isEqualTo(1);
        copy.release();
        assertThat(leaf.getRetainCount()).isEqualTo(2);
    }

    @Test
    void shouldCopyACycleIntoACycle() { // OSArray::copyCollection: cycleDict maps a collection to its copy
        final OSArray array = OSArray.withCapacity(2);
        array.setObject(OSString.withCString("x"));
        array.setObject(array);

        final OSArray copy = (OSArray) array.copyCollection();

        assertThat(copy).isNotSameAs(array);
        assertThat(copy.getObject(1)).isSameAs(copy);
        assertThat(copy).hasToString("(\"x\",<cycle>)");
    }

    @Test
    void shouldPrintItsMembers() { // contract.md §7: readable toString, as ioreg prints an array
        final OSArray array = OSArray.withCapacity(4);
        array.setObject(OSNumber.withNumber(1, 32));
        array.setObject(OSString.withCString("a"));
        array.setObject(OSBoolean.kOSBooleanFalse);
        array.setObject(OSData.withBytes(new byte[] {1, (byte) 0xAB}));
        array.setObject(new FreeRecorder("plain"));
        assertThat(array).hasToString("(1,\"a\",No,<01ab>,FreeRecorder(plain))");
    }

    private static OSArray numbers(int count) {
        final OSArray array = OSArray.withCapacity(count);
        for (int i = 0; i < count; i++) {
            array.setObject(OSNumber.withNumber(i, 32));
        }
        return array;
    }

    private static OSArray strings(String... texts) {
        final OSArray array = OSArray.withCapacity(texts.length);
        for (final String text : texts) {
            array.setObject(OSString.withCString(text));
        }
        return array;
    }
}
