package org.iokit4j.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class MachMsgHeaderLayoutTest {

    @Test
    void shouldPlaceEveryFieldLittleEndianAtItsOffset() {
        // apple-semantics.md §4.2: mach_msg_header_t is 24 bytes at offset 0
        final byte[] bytes = new byte[32];
        MachMsgHeaderLayout.write(bytes, 0x13, 32, 0x1111, 0x2222, 0x3333, 53);
        final ByteBuffer le = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);

        assertThat(le.getInt(0)).isEqualTo(0x13);
        assertThat(le.getInt(4)).isEqualTo(32);
        assertThat(le.getInt(8)).isEqualTo(0x1111);
        assertThat(le.getInt(12)).isEqualTo(0x2222);
        assertThat(le.getInt(16)).isEqualTo(0x3333);
        assertThat(le.getInt(20)).isEqualTo(53);
        assertThat(MachMsgHeaderLayout.id(bytes)).isEqualTo(53);
        assertThat(MachMsgHeaderLayout.size(bytes)).isEqualTo(32);
        assertThat(MachMsgHeaderLayout.remotePort(bytes)).isEqualTo(0x1111);
        assertThat(MachMsgHeaderLayout.localPort(bytes)).isEqualTo(0x2222);
        assertThat(MachMsgHeaderLayout.voucher(bytes)).isEqualTo(0x3333);
        assertThat(MachMsgHeaderLayout.bits(bytes)).isEqualTo(0x13);
        assertThat(MachMsgHeaderLayout.LENGTH).isEqualTo(24);
    }

    @Test
    void shouldReportComplexBit() {
        // apple-semantics.md §4.3 step 2: a complex message has descriptors after the header
        final byte[] bytes = new byte[24];
        MachMsgHeaderLayout.setBits(bytes, MachMsgHeaderLayout.MACH_MSGH_BITS_COMPLEX | 19);

        assertThat(MachMsgHeaderLayout.isComplex(bytes)).isTrue();
        assertThat(MachMsgHeaderLayout.machMsghBits(19, 0)).isEqualTo(19);
        assertThat(MachMsgHeaderLayout.machMsghBits(19, 20)).isEqualTo(19 | 20 << 8);
    }

    @Test
    void shouldAcceptSizeEqualToLength() {
        // apple-semantics.md §4.2: msgh_size counts the whole message
        final byte[] bytes = new byte[40];
        MachMsgHeaderLayout.setSize(bytes, 40);

        MachMsgHeaderLayout.check(bytes);
    }

    @Test
    void shouldRejectSizeThatDisagreesWithLength() {
        // apple-semantics.md §4.2
        final byte[] bytes = new byte[40];
        MachMsgHeaderLayout.setSize(bytes, 44);

        assertThatThrownBy(() -> MachMsgHeaderLayout.check(bytes))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("msgh_size=44")
                .hasMessageContaining("length=40");
    }

    @Test
    void shouldRejectArrayShorterThanHeader() {
        // apple-semantics.md §4.2
        assertThatThrownBy(() -> MachMsgHeaderLayout.check(new byte[23]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("length=23");
        assertThatThrownBy(() -> MachMsgHeaderLayout.check(null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
