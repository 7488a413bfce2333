package org.iokit4j.iokitlib;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.iokit4j.mach.IpcSpace;
import org.iokit4j.mach.MachMessage;
import org.iokit4j.mach.SendRight;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzz target for IOKitLib's dispatcher, the code that decodes every message received on a notification port
 * ({@link IOKitLib#IODispatchCalloutFromMessage}, {@code CompletionDispatcher}, {@code ServiceNotificationDispatch},
 * {@code AbortNoticeDispatch}; issue 8: fuzzing).
 *
 * <p>The declared behaviour for any message: nothing is thrown; exactly one of the port's {@code delivered},
 * {@code unknownCallouts}, {@code aborted} and {@code ignored} counters grows (a malformed message is ignored and
 * counted); every right the message carried is released or moved into the task and given back, so the task's space
 * ends as it began.
 *
 * <p>An input is one selector byte, then the message bytes. The selector's low two bits are the number of carried
 * rights (0..3); each further pair of bits says what one right is ({@link DispatchFixture#right}). Reference
 * slot 1 values that are {@linkplain DispatchFixture#TOKENS tokens} are replaced by the value the callback was
 * registered under in this JVM, so a committed input reaches the same callback in every run.
 */
class NotificationDispatchFuzzTest {
    /**
     * The dispatcher's warnings, off: a fuzz run would log millions; its counters say what it did. Safe only because
     * fuzz tests run in a JVM of their own. Kept strongly: java.util.logging holds loggers weakly.
     */
    private static final Logger QUIET = Logger.getLogger("org.iokit4j");

    static {
        QUIET.setLevel(Level.OFF);
    }

    @MethodSource("seeds")
    @FuzzTest
    void dispatch(byte[] input) {
        if (input.length == 0) {
            return;
        }
        final int selector = input[0] & 0xFF;
        final List<SendRight> rights = new ArrayList<>();
        for (int i = 0; i < (selector & 3); i++) {
            rights.add(DispatchFixture.right((selector >>> (2 + 2 * i)) & 3));
        }
        final byte[] bytes = DispatchFixture.withTokensReplaced(Arrays.copyOfRange(input, 1, input.length));
        final IONotificationPortRef port = DispatchFixture.PORT;
        final IpcSpace space = ((org.iokit4j.mach.MachTask) port.caller.task()).space();
        final int spaceSize = space.size();
        final NotificationCounters before = port.counters();

        IOKitLib.IODispatchCalloutFromMessage(null, new MachMessage(bytes, rights), port);

        final NotificationCounters after = port.counters();
        assertThat(outcomes(after) - outcomes(before)).as("one outcome counted per message").isEqualTo(1);
        assertThat(rights).as("every carried right is released").allMatch(SendRight::isReleased);
        assertThat(space.sendUserRefs(DispatchFixture.OBJECT_NAME)).as("the task's own reference").isEqualTo(1);
        assertThat(space.size()).as("no name left behind in the task's space").isEqualTo(spaceSize);
    }

    private static long outcomes(NotificationCounters counters) {
        return counters.delivered() + counters.unknownCallouts() + counters.aborted() + counters.ignored();
    }

    static Stream<Arguments> seeds() {
        return DispatchFixture.seeds().entrySet().stream().map(e -> Arguments.of(Named.of(e.getKey(), e.getValue())));
    }
}
