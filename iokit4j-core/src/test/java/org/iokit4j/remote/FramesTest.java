package org.iokit4j.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The daemon carrier's framing (issue 9 deliverable 1: routines whose arguments and results are plain values): what
 * {@link FrameOut} writes {@link FrameIn} reads back, and a peer's malformed frame is a {@link
 * FrameIn.ProtocolException}, never another exception or an allocation the frame cannot back.
 */
class FramesTest {

    private static ReadableByteChannel channel(FrameOut out) throws Exception {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        out.send(Channels.newChannel(bytes));
        return Channels.newChannel(new ByteArrayInputStream(bytes.toByteArray()));
    }

    private static ReadableByteChannel raw(byte[] bytes) {
        return Channels.newChannel(new ByteArrayInputStream(bytes));
    }

    @Test
    void shouldRoundTripEveryKindOfValue() throws Exception {
        final Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("IOProviderClass", "IOUserResources");
        nested.put("count", 7);
        nested.put("big", 1L << 40);
        nested.put("flag", true);
        nested.put("bytes", new byte[] {1, 2, 3});
        nested.put("list", List.of("a", 2, List.of(), Map.of()));
        nested.put("none", null);
        nested.put("real", 2.5);
        final FrameOut out = new FrameOut().begin(Op.GET_MATCHING_SERVICES).putValue(nested).putString(null)
                .putLongs(new long[] {1, -1, Long.MAX_VALUE}).putInts(new int[] {3}).putBytes(null).putInt(-9)
                .putLong(42).putBoolean(true);
        final FrameIn in = new FrameIn();
        final ReadableByteChannel channel = channel(out);

        assertThat(in.next(channel)).isEqualTo(Op.GET_MATCHING_SERVICES);
        final Map<String, Object> back = in.getMap();
        assertThat(back).containsOnlyKeys(nested.keySet()).containsEntry("count", 7).containsEntry("big", 1L << 40)
                .containsEntry("flag", true).containsEntry("real", 2.5).containsEntry("none", null);
        assertThat((byte[]) back.get("bytes")).containsExactly(1, 2, 3);
        assertThat(back.get("list")).isEqualTo(List.of("a", 2, List.of(), Map.of()));
        assertThat(List.copyOf(back.keySet())).as("order kept").isEqualTo(List.copyOf(nested.keySet()));
        assertThat(in.getString()).isNull();
        assertThat(in.getLongs()).containsExactly(1, -1, Long.MAX_VALUE);
        assertThat(in.getInts()).containsExactly(3);
        assertThat(in.getBytes()).isNull();
        assertThat(in.getInt()).isEqualTo(-9);
        assertThat(in.getLong()).isEqualTo(42);
        assertThat(in.getBoolean()).isTrue();
        assertThatThrownBy(in::getByte).isInstanceOf(FrameIn.ProtocolException.class).hasMessageContaining("ends");
        assertThatThrownBy(() -> in.next(channel)).isInstanceOf(EOFException.class);
    }

    @Test
    void shouldReadABatchOfFramesOneAtATimeAndSkipWhatAFrameLeftUnread() throws Exception {
        final FrameOut out = new FrameOut().begin(Op.MESSAGE).putInt(1).putInt(99);
        for (int i = 2; i <= 1000; i++) {
            out.append(Op.MESSAGE).putInt(i).putBytes(new byte[i % 50]);
        }
        final FrameIn in = new FrameIn();
        final ReadableByteChannel channel = channel(out);
        for (int i = 1; i <= 1000; i++) {
            assertThat(in.next(channel)).isEqualTo(Op.MESSAGE);
            assertThat(in.getInt()).isEqualTo(i); // the rest of each frame is left unread on purpose
        }
        assertThatThrownBy(() -> in.next(channel)).isInstanceOf(EOFException.class);
    }

    @Test
    void shouldRefuseValuesThatHaveNoWireForm() { // issue 9 §1: plain values only
        assertThatThrownBy(() -> new FrameOut().begin(1).putValue(new Object()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.lang.Object");
        assertThatThrownBy(() -> new FrameOut().begin(1).putValue(Map.of(1, "x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keys are strings");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, FrameIn.MAX_FRAME + 1})
    void shouldRefuseAFrameLengthOutsideTheLimit(int length) {
        final byte[] frame = ByteBuffer.allocate(8).putInt(length).putInt(0).array();
        assertThatThrownBy(() -> new FrameIn().next(raw(frame))).isInstanceOf(FrameIn.ProtocolException.class)
                .hasMessageContaining(String.valueOf(length));
    }

    @Test
    void shouldRefuseACountLargerThanTheFrame() throws Exception { // no allocation a frame cannot back
        final byte[] frame = ByteBuffer.allocate(9).putInt(5).put((byte) 1).putInt(Integer.MAX_VALUE).array();
        final FrameIn in = new FrameIn();
        in.next(raw(frame));
        assertThatThrownBy(in::getBytes).isInstanceOf(FrameIn.ProtocolException.class)
                .hasMessageContaining("does not fit");
    }

    @Test
    void shouldRefuseAValueNestedWithoutEnd() throws Exception {
        final ByteBuffer frame = ByteBuffer.allocate(4 + 1 + 5 * 100);
        frame.putInt(1 + 5 * 100).put((byte) 1);
        for (int i = 0; i < 100; i++) {
            frame.put(FrameOut.LIST).putInt(1);
        }
        final FrameIn in = new FrameIn();
        in.next(raw(frame.array()));
        assertThatThrownBy(in::getValue).isInstanceOf(FrameIn.ProtocolException.class).hasMessageContaining("deeper");
    }

    @Test
    void shouldOnlyEverThrowProtocolExceptionsForRandomFrames() throws Exception { // a hostile peer, seeded
        final SplittableRandom random = new SplittableRandom(9);
        for (int round = 0; round < 5_000; round++) {
            final byte[] payload = new byte[1 + random.nextInt(64)];
            random.nextBytes(payload);
            final byte[] frame = ByteBuffer.allocate(4 + payload.length).putInt(payload.length).put(payload).array();
            final FrameIn in = new FrameIn();
            in.next(raw(frame));
            try {
                while (true) {
                    switch (random.nextInt(6)) {
                        case 0 -> in.getValue();
                        case 1 -> in.getBytes();
                        case 2 -> in.getLongs();
                        case 3 -> in.getInts();
                        case 4 -> in.getString();
                        default -> in.getLong();
                    }
                }
            } catch (FrameIn.ProtocolException expected) {
                assertThat(expected).hasMessageNotContaining("null");
            }
        }
    }
}
