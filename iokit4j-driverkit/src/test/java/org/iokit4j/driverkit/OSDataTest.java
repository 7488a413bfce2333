package org.iokit4j.driverkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** OSData: owned and no-copy bytes, appends, ranges, equality (contract.md §3, §7; libkern/c++/OSData.cpp). */
class OSDataTest {

    @Test
    void shouldGrowByAppendsInMultiplesOfItsIncrement() {
        // OSData.cpp initWithCapacity: capacityIncrement = MAX(16, inCapacity); appendBytes → ensureCapacity rounds up
        final OSData data = OSData.withCapacity(0);
        assertThat(data.getLength()).isZero();
        assertThat(data.getCapacity()).isZero();
        assertThat(data.appendBytes(new byte[] {1, 2, 3})).isTrue();
        assertThat(data.getCapacity()).isEqualTo(16);
        assertThat(data.appendBytes(new byte[14])).isTrue();
        assertThat(data.getLength()).isEqualTo(17);
        assertThat(data.getCapacity()).isEqualTo(32);
        assertThat(data.toByteArray()).startsWith(1, 2, 3).hasSize(17);

        final OSData forty = OSData.withCapacity(40);
        forty.appendBytes(new byte[41]);
        assertThat(forty.getCapacity()).isEqualTo(80);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11, 12, 13})
    void shouldHoldExactlyWhatWasAppended(long seed) { // OSData.cpp appendBytes: bcopy at data[length]
        final SplittableRandom random = new SplittableRandom(seed);
        final OSData data = OSData.withCapacity(random.nextInt(8));
        final java.io.ByteArrayOutputStream expected = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < 50; i++) {
            final byte[] chunk = new byte[random.nextInt(40)];
            random.nextBytes(chunk);
            switch (random.nextInt(3)) {
                case 0 -> assertThat(data.appendBytes(chunk)).isTrue();
                case 1 -> assertThat(data.appendBytes(MemorySegment.ofArray(chunk))).isTrue();
                default -> assertThat(data.appendBytes(OSData.withBytes(chunk))).isTrue();
            }
            expected.writeBytes(chunk);
        }
        assertThat(data.toByteArray()).isEqualTo(expected.toByteArray());
        assertThat(data.getLength()).isEqualTo(expected.size());
        assertThat(data.bytes()).as("what a structure output sends").isEqualTo(expected.toByteArray());
    }

    @Test
    void shouldAppendItselfAndFill() {
        // OSData.cpp appendBytes(const OSData *) → appendBytes(other->data, other->length); appendByte memsets;
        // appendBytes(NULL, n) zero-fills (here appendByte(0, n))
        final OSData data = OSData.withBytes(new byte[] {1, 2});
        assertThat(data.appendBytes(data)).isTrue();
        assertThat(data.appendByte((byte) 7, 3)).isTrue();
        assertThat(data.appendByte((byte) 0, 2)).isTrue();
        assertThat(data.toByteArray()).containsExactly(1, 2, 1, 2, 7, 7, 7, 0, 0);
        assertThat(data.appendByte((byte) 1, -1)).as("a huge unsigned count").isFalse();
    }

    @Test
    void shouldRefuseBadInputWithFalseOrNull() {
        // OSData.cpp: withCapacity fails past UINT_MAX-ish sizes, initWithBytes refuses NULL with a length
        assertThat(OSData.withCapacity(-1)).isNull();
        assertThat(OSData.withBytes((byte[]) null)).isNull();
        assertThat(OSData.withBytes((MemorySegment) null)).isNull();
        assertThat(OSData.withBytesNoCopy(null)).isNull();
        assertThat(OSData.withData(null)).isNull();
        final OSData data = OSData.withCapacity(4);
        assertThat(data.appendBytes((byte[]) null)).isFalse();
        assertThat(data.appendBytes((MemorySegment) null)).isFalse();
        assertThat(data.appendBytes((OSData) null)).isFalse();
        assertThat(data.getLength()).isZero();
        assertThatThrownBy(() -> OSData.withBytes(new byte[2], 1, 2)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void shouldViewNoCopyBytesAndRefuseToGrowThem() {
        // OSData.cpp initWithBytesNoCopy: capacity = EXTERNAL; appendBytes: if (!inLength) return true;
        // if (capacity == EXTERNAL) return false
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment memory = arena.allocate(4);
            final OSData data = OSData.withBytesNoCopy(memory);
            memory.set(ValueLayout.JAVA_BYTE, 2, (byte) 9);

            assertThat(data.toByteArray()).as("no copy: later writes show").containsExactly(0, 0, 9, 0);
            assertThat(data.getCapacity()).isEqualTo(OSData.kOSDataCapacityExternal);
            assertThat(data.appendBytes(new byte[] {1})).isFalse();
            assertThat(data.appendByte((byte) 1, 1)).isFalse();
            assertThat(data.appendBytes(new byte[0])).as("empty: true before the EXTERNAL check").isTrue();
            assertThat(data.getLength()).isEqualTo(4);
            assertThat(data.bytes()).containsExactly(0, 0, 9, 0);

            final OSData copy = OSData.withData(data);
            assertThat(copy.appendBytes(new byte[] {5})).as("a copy is owned and grows").isTrue();
            assertThat(copy.toByteArray()).containsExactly(0, 0, 9, 0, 5);
        }
    }

    @Test
    void shouldLeaveTheRuntimesStructureInputAsItArrived() {
        // decided (OSData Javadoc): the runtime's structureInput is no-copy, as the kernel's is
        // (IOUserServer.cpp IOUserUserClient::externalMethod: OSData::withBytesNoCopy), so appends return false
        final byte[] call = {1, 2, 3};
        final OSData input = OSData.adopt(call);

        assertThat(input.appendBytes(new byte[] {4})).isFalse();
        assertThat(input.toByteArray()).containsExactly(1, 2, 3);
        assertThat(input.getBytesNoCopy().isReadOnly()).isTrue();
        assertThat(call).containsExactly(1, 2, 3);
    }

    @Test
    void shouldNeverChangeBytesAlreadyHandedToAReply() { // ExternalMethodRun sends bytes() without a copy
        final OSData output = OSData.withBytes(new byte[] {1, 2, 3});
        final byte[] sent = output.bytes();
        output.appendBytes(new byte[] {4, 5});
        assertThat(sent).containsExactly(1, 2, 3);

        final OSData spare = OSData.withCapacity(8);
        spare.appendBytes(new byte[] {6});
        assertThat(spare.bytes()).as("exactly getLength() bytes").containsExactly(6);
    }

    @Test
    void shouldGiveReadOnlyBytes() { // OSData.iig getBytesNoCopy returns const void *
        final OSData data = OSData.withBytes(new byte[] {1, 2});
        final MemorySegment bytes = data.getBytesNoCopy();
        assertThat(bytes.isReadOnly()).isTrue();
        assertThat(bytes.byteSize()).isEqualTo(2);
        assertThat(OSData.withCapacity(0).getBytesNoCopy().byteSize()).as("Java: empty, not NULL").isZero();
    }

    @ParameterizedTest(name = "start={0} length={1} → {2}")
    @CsvSource({
        "0, 4, 4", "1, 3, 3", "3, 1, 1", "2, 0, 0", // inside
        "0, 5, -1", "3, 2, -1", "4, 0, -1", "5, 0, -1", // past the end; start == length is refused even for 0
        "-1, 1, -1", "1, -1, -1", "1, 9223372036854775807, -1" // negative (huge unsigned) and overflowing
    })
    void shouldGiveARangeOnlyInsideTheData(long start, long length, long expected) {
        // OSData.cpp getBytesNoCopy(start, inLength): length && start < length && no overflow && end <= length
        final MemorySegment range = OSData.withBytes(new byte[] {10, 11, 12, 13}).getBytesNoCopy(start, length);
        if (expected < 0) {
            assertThat(range).isNull();
        } else {
            assertThat(range.byteSize()).isEqualTo(expected);
            assertThat(range.isReadOnly()).isTrue();
            if (expected > 0) {
                assertThat(range.get(ValueLayout.JAVA_BYTE, 0)).isEqualTo((byte) (10 + start));
            }
        }
        assertThat(OSData.withCapacity(4).getBytesNoCopy(0, 0)).as("an empty data has no range").isNull();
    }

    @Test
    void shouldCopyARange() { // OSData.cpp initWithData(inData, start, inLength): getBytesNoCopy's rule, then a copy
        final OSData data = OSData.withBytes(new byte[] {1, 2, 3, 4});
        assertThat(OSData.withData(data, 1, 2).toByteArray()).containsExactly(2, 3);
        assertThat(OSData.withData(data, 3, 2)).isNull();
        assertThat(OSData.withData(null, 0, 0)).isNull();
    }

    @Test
    void shouldCompareBytes() {
        // OSData.cpp isEqualTo(const OSData *): same length and bcmp; isEqualTo(const void *, n): a prefix test
        final OSData data = OSData.withBytes(new byte[] {1, 2, 3});
        assertThat(data.isEqualTo(OSData.withBytes(new byte[] {1, 2, 3}))).isTrue();
        assertThat(data.isEqualTo(OSData.withBytes(new byte[] {1, 2}))).isFalse();
        assertThat(data.isEqualTo((OSData) null)).isFalse();
        assertThat(data.isEqualTo(new byte[] {1, 2})).as("length >= inLength && bcmp: a prefix").isTrue();
        assertThat(data.isEqualTo(new byte[] {1, 2, 3, 4})).isFalse();
        assertThat(data.isEqualTo(new byte[] {2})).isFalse();
        assertThat(data.isEqualTo(MemorySegment.ofArray(new byte[] {1, 2, 3}))).isTrue();
        assertThat(data.isEqualTo((byte[]) null)).isFalse();
        assertThat(data.isEqualTo((MemorySegment) null)).isFalse();
        // isEqualTo(const OSMetaClassBase *): OSData or OSString, else false
        assertThat(data.isEqualTo((OSObject) OSData.withBytes(new byte[] {1, 2, 3}))).isTrue();
        assertThat(data.isEqualTo((OSObject) OSNumber.withNumber(1, 8))).isFalse();
    }

    @Test
    void shouldEqualAStringItSpellsWithOrWithoutOneNul() {
        // OSData.cpp isEqualTo(const OSString *): lengths equal, or one longer with a terminating 0
        final OSString string = OSString.withCString("ab");
        assertThat(OSData.withBytes(new byte[] {'a', 'b'}).isEqualTo(string)).isTrue();
        assertThat(OSData.withBytes(new byte[] {'a', 'b', 0}).isEqualTo(string)).isTrue();
        assertThat(OSData.withBytes(new byte[] {'a', 'b', 'c'}).isEqualTo(string)).isFalse();
        assertThat(OSData.withBytes(new byte[] {'a'}).isEqualTo(string)).isFalse();
        assertThat(OSData.withBytes(new byte[] {'a', 'b'}).isEqualTo((OSObject) string)).isTrue();
        assertThat(OSData.withBytes(new byte[0]).isEqualTo((OSString) null)).isFalse();
    }

    @Test
    void shouldPrintHexAsIoregDoes() { // contract.md §7: readable toString
        assertThat(OSData.withBytes(new byte[] {0x0a, (byte) 0xff})).hasToString("<0aff>");
        assertThat(OSData.withBytes(new byte[300]).toString()).endsWith("…(300 bytes)>").startsWith("<0000");
    }
}
