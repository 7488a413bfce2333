package org.iokit4j.ring;

import static org.assertj.core.api.Assertions.assertThat;

import org.agrona.concurrent.ringbuffer.RecordDescriptor;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.junit.jupiter.api.Test;

/**
 * Issue 10 §6 (the spin-mode round trip): every record of a ring file begins on a cache line, so a small message
 * travels in the one line its reader watches; the padding a record carries is recovered exactly at the other end.
 */
class RingFileLayoutTest {
    private static final int MAX = 8192;

    @Test
    void shouldPadEveryRecordToWholeLinesUpToTheLargestMessage() {
        for (int length = 0; length <= MAX; length++) {
            final int padded = RingFileLayout.paddedLength(length, MAX);
            assertThat(padded).as("length=%d", length).isBetween(length, MAX);
            assertThat(padded - length).as("padding of length=%d", length).isLessThan(RingFileLayout.LINE);
            if (padded < MAX) {
                assertThat((RecordDescriptor.HEADER_LENGTH + padded) % RingFileLayout.LINE).as("length=%d", length)
                        .isZero();
            }
        }
        assertThat(RingFileLayout.paddedLength(56, MAX)).isEqualTo(56); // one line: 8 bytes of header, 56 of message
        assertThat(RingFileLayout.paddedLength(57, MAX)).isEqualTo(120);
    }

    @Test
    void shouldStartBothRingsOnALine() {
        for (int capacity = RingOptions.MIN_CAPACITY; capacity <= RingOptions.MAX_CAPACITY; capacity <<= 1) {
            assertThat(RingFileLayout.ringOffset(true, capacity) % RingFileLayout.LINE).isZero();
            assertThat(RingFileLayout.ringOffset(false, capacity) % RingFileLayout.LINE).isZero();
        }
        assertThat(RingBufferDescriptor.TRAILER_LENGTH % RingFileLayout.LINE).isZero();
    }

    @Test
    void shouldCarryTheTypeAndPaddingInTheRecordTypeWord() {
        for (int type : new int[] {1, 2, 1000, RingFileLayout.MAX_MSG_TYPE_ID}) {
            for (int padding = 0; padding < RingFileLayout.LINE; padding++) {
                final int word = RingFileLayout.typeWithPadding(type, padding);
                assertThat(word).isPositive(); // Agrona refuses a type below 1 and uses -1 for its own padding
                assertThat(RingFileLayout.msgTypeId(word)).isEqualTo(type);
                assertThat(RingFileLayout.padding(word)).isEqualTo(padding);
            }
        }
    }
}
