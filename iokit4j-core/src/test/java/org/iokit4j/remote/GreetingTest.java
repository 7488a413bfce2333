package org.iokit4j.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.IllegalBlockingModeException;
import java.nio.channels.Pipe;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.iokit4j.IOReturn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The daemon's greeting (issue 9, deliverable 3): its wire format, and every malformed greeting explained. */
class GreetingTest {

    @Test
    void shouldRoundTripTheAdmittedGreetingAsTwelveBytes() throws IOException {
        final ByteBuffer bytes = Greeting.admitted().encode();

        assertThat(bytes.remaining()).isEqualTo(Greeting.HEADER_SIZE);
        assertThat(Arrays.copyOf(bytes.array(), 12)).containsExactly(0x49, 0x4F, 0x4B, 0x34, 0, 1, 0, 0, 0, 0, 0, 0);
        final Greeting read = Greeting.read(channel(bytes));
        assertThat(read).isEqualTo(new Greeting(0, ""));
        assertThat(read.isAdmitted()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"peer user=mallory is not admitted", "ünïcødé 🔒 explanation", ""})
    void shouldRoundTripARefusalWithItsExplanation(String explanation) throws IOException {
        final Greeting refused = Greeting.refused(explanation);

        final Greeting read = Greeting.read(channel(refused.encode()));

        assertThat(read).isEqualTo(refused);
        assertThat(read.status()).isEqualTo(IOReturn.kIOReturnNotPrivileged);
        assertThat(read.isAdmitted()).isFalse();
    }

    @Test
    void shouldReadNothingPastTheGreeting() throws IOException {
        final ByteBuffer greeting = Greeting.refused("no").encode();
        final ByteBuffer stream = ByteBuffer.allocate(greeting.remaining() + 3).put(greeting).put(new byte[] {7, 8, 9});
        final ReadableByteChannel channel = channel(stream.flip());

        Greeting.read(channel);

        final ByteBuffer rest = ByteBuffer.allocate(8);
        assertThat(channel.read(rest)).isEqualTo(3);
        assertThat(rest.get(0)).isEqualTo((byte) 7);
    }

    @Test
    void shouldCarryAnExplanationOfExactly4096Bytes() throws IOException {
        final String longest = "x".repeat(Greeting.MAX_EXPLANATION);

        assertThat(Greeting.read(channel(new Greeting(5, longest).encode())).explanation()).isEqualTo(longest);
    }

    @Test
    void shouldRefuseToMakeAGreetingWhoseExplanationIsTooLong() {
        assertThatThrownBy(() -> new Greeting(5, "é".repeat(2049)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("explanationBytes=4098").hasMessageContaining("MAX_EXPLANATION=4096");
    }

    @Test
    void shouldCutALongRefusalAtACharacterBoundary() {
        final Greeting refused = Greeting.refused("é".repeat(3000)); // 6000 bytes

        final byte[] bytes = refused.explanation().getBytes(StandardCharsets.UTF_8);
        assertThat(bytes.length).isLessThanOrEqualTo(Greeting.MAX_EXPLANATION);
        assertThat(refused.explanation()).endsWith("é…").doesNotContain("\uFFFD");
    }

    @Test
    void shouldExplainABadMagic() {
        final ByteBuffer bytes = Greeting.admitted().encode().putInt(0, 0x48545450); // "HTTP"

        assertThatThrownBy(() -> Greeting.read(channel(bytes))).isInstanceOf(IOException.class)
                .hasMessageContaining("magic=0x48545450").hasMessageContaining("expected 0x494F4B34")
                .hasMessageContaining("not an iokit4j kernel daemon");
    }

    @Test
    void shouldExplainAnotherVersion() {
        final ByteBuffer bytes = Greeting.admitted().encode().putShort(4, (short) 2);

        assertThatThrownBy(() -> Greeting.read(channel(bytes))).isInstanceOf(IOException.class)
                .hasMessageContaining("version=2, expected 1");
    }

    @ParameterizedTest
    @ValueSource(ints = {4097, 0xFFFF})
    void shouldExplainALengthOverTheLimit(int length) {
        final ByteBuffer bytes = Greeting.admitted().encode().putShort(10, (short) length);

        assertThatThrownBy(() -> Greeting.read(channel(bytes))).isInstanceOf(IOException.class)
                .hasMessageContaining("length=" + length).hasMessageContaining("MAX_EXPLANATION=4096");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 4, 11})
    void shouldExplainAConnectionThatEndsInsideTheHeader(int received) {
        final ByteBuffer bytes = Greeting.admitted().encode().limit(received);

        assertThatThrownBy(() -> Greeting.read(channel(bytes))).isInstanceOf(IOException.class)
                .hasMessageContaining("ended inside the greeting's header")
                .hasMessageContaining("received=" + received + " of expected=12 bytes");
    }

    @Test
    void shouldExplainAConnectionThatEndsInsideTheExplanation() {
        final ByteBuffer bytes = Greeting.refused("twelve bytes").encode();

        assertThatThrownBy(() -> Greeting.read(channel(bytes.limit(bytes.limit() - 2))))
                .isInstanceOf(IOException.class).hasMessageContaining("ended inside the greeting's explanation")
                .hasMessageContaining("received=10 of expected=12 bytes");
    }

    @Test
    void shouldExplainAnExplanationThatIsNotUtf8() {
        final ByteBuffer bytes = Greeting.refused("ab").encode().put(12, (byte) 0xC3).put(13, (byte) 0x28);

        assertThatThrownBy(() -> Greeting.read(channel(bytes))).isInstanceOf(IOException.class)
                .hasMessageContaining("not UTF-8");
    }

    @Test
    void shouldRefuseANonBlockingChannel() throws IOException {
        final Pipe pipe = Pipe.open();
        try (Pipe.SourceChannel source = pipe.source()) {
            source.configureBlocking(false);

            assertThatThrownBy(() -> Greeting.read(source)).isInstanceOf(IllegalBlockingModeException.class);
        } finally {
            pipe.sink().close();
        }
    }

    @Test
    void shouldReadAGreetingThatArrivesOneByteAtATime() throws IOException {
        final byte[] bytes = Greeting.refused("slow").encode().array();
        final ReadableByteChannel trickle = new ReadableByteChannel() {
            private int next;

            @Override
            public int read(ByteBuffer dst) {
                if (next == bytes.length) {
                    return -1;
                }
                dst.put(bytes[next++]);
                return 1;
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() {
            }
        };

        assertThat(Greeting.read(trickle).explanation()).isEqualTo("slow");
    }

    private static ReadableByteChannel channel(ByteBuffer bytes) {
        final byte[] copy = new byte[bytes.remaining()];
        bytes.duplicate().get(copy);
        return Channels.newChannel(new ByteArrayInputStream(copy));
    }
}
