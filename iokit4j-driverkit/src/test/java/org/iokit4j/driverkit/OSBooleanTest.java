package org.iokit4j.driverkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.driverkit.OSBoolean.kOSBooleanFalse;
import static org.iokit4j.driverkit.OSBoolean.kOSBooleanTrue;

import org.junit.jupiter.api.Test;

/** OSBoolean: two singletons that retain and release do not touch (contract.md §7; libkern/c++/OSBoolean.cpp). */
class OSBooleanTest {

    @Test
    void shouldHaveTwoInstances() {
        // OSBoolean.cpp OSBoolean::withBoolean: returns kOSBooleanTrue or kOSBooleanFalse, never a new one
        assertThat(OSBoolean.withBoolean(true)).isSameAs(kOSBooleanTrue);
        assertThat(OSBoolean.withBoolean(false)).isSameAs(kOSBooleanFalse);
        // OSBoolean::isTrue / isFalse / getValue
        assertThat(kOSBooleanTrue.isTrue()).isTrue();
        assertThat(kOSBooleanTrue.getValue()).isTrue();
        assertThat(kOSBooleanTrue.isFalse()).isFalse();
        assertThat(kOSBooleanFalse.isTrue()).isFalse();
        assertThat(kOSBooleanFalse.getValue()).isFalse();
        assertThat(kOSBooleanFalse.isFalse()).isTrue();
    }

    @Test
    void shouldIgnoreRetainReleaseAndFree() {
        // OSBoolean.cpp taggedRetain/taggedRelease are empty, OSBoolean::free ignores an over-release;
        // DriverKit's OSBoolean.iig: "does not need to be retained or released (but it can be)"
        for (int i = 0; i < 5; i++) {
            kOSBooleanTrue.release();
        }
        kOSBooleanTrue.retain();
        kOSBooleanFalse.free();

        assertThat(kOSBooleanTrue.getRetainCount()).isEqualTo(1);
        assertThat(kOSBooleanTrue.isFreed()).isFalse();
        assertThat(kOSBooleanFalse.isFreed()).isFalse();
        assertThat(kOSBooleanTrue.tryRetain()).isTrue();
    }

    @Test
    void shouldOutliveTheCollectionsThatHeldIt() { // OSArray::free releases members; OSBoolean ignores it
        final OSArray array = OSArray.withCapacity(2);
        array.setObject(kOSBooleanTrue);
        array.setObject(kOSBooleanTrue);
        array.release();

        assertThat(kOSBooleanTrue.isFreed()).isFalse();
        assertThat(kOSBooleanTrue.isTrue()).isTrue();
    }

    @Test
    void shouldEqualOnlyItself() { // OSBoolean.cpp OSBoolean::isEqualTo: boolean == this
        assertThat(kOSBooleanTrue.isEqualTo(kOSBooleanTrue)).isTrue();
        assertThat(kOSBooleanTrue.isEqualTo(kOSBooleanFalse)).isFalse();
        assertThat(kOSBooleanTrue.isEqualTo(OSNumber.withNumber(1, 8))).isFalse();
        assertThat(kOSBooleanTrue.isEqualTo(null)).isFalse();
    }

    @Test
    void shouldPrintYesOrNo() { // contract.md §7: readable toString, as ioreg prints a boolean
        assertThat(kOSBooleanTrue).hasToString("Yes");
        assertThat(kOSBooleanFalse).hasToString("No");
    }
}
