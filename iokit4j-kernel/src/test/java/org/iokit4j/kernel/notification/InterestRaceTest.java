package org.iokit4j.kernel.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.iokit4j.Failure;
import org.iokit4j.IOReturn;
import org.iokit4j.kernel.registry.RegistryEntry;
import org.iokit4j.mach.MachMessage;
import org.iokit4j.testsupport.TwoThreadRounds;
import org.iokit4j.wire.InterestNotificationLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 8 race 5: an interest notification added while its service terminates either gets
 * {@code kIOMessageServiceIsTerminated} or is refused as XNU refuses one on an inactive service
 * ({@code kIOReturnUnsupported}); it is never added silently.
 *
 * <p>A bounded stress loop with a fixed seed ({@link TwoThreadRounds}): each round one thread adds the
 * notification while another terminates the service as {@code Termination} does (mark it terminated, then message
 * its watchers).
 */
class InterestRaceTest {
    private static final int ROUNDS = 5_000;

    private final Registry fixture = new Registry();

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES) // guard only
    void shouldMessageOrRefuseAnInterestAddedWhileItsServiceTerminates() throws InterruptedException { // issue 8 race 5
        final RegistryEntry[] service = new RegistryEntry[1];
        final Failure[] added = new Failure[1];
        final int[] notification = new int[1];
        final int[] outcomes = new int[2];
        final List<String> violations = new ArrayList<>();
        new TwoThreadRounds(ROUNDS, 0x5EED_0008_0005L, 48).run(
                round -> {
                    service[0] = fixture.newService();
                    service[0].markRegistered();
                },
                () -> added[0] = fixture.center.addInterest(fixture.app, service[0],
                        NotificationCenter.kIOGeneralInterest, fixture.wakePort, new long[] {1}, notification),
                () -> {
                    if (service[0].markTerminated()) { // Termination.terminate's first two steps
                        fixture.center.terminating(service[0]);
                    }
                },
                round -> {
                    final MachMessage message = fixture.poll();
                    outcomes[added[0] == null ? 0 : 1]++;
                    final String wrong = violation(added[0], message);
                    if (wrong != null) {
                        violations.add("round " + round + ": " + wrong);
                    }
                    if (message != null) {
                        message.destroy();
                    }
                    if (added[0] == null) {
                        fixture.app.space().deallocate(notification[0]);
                    }
                });

        assertThat(outcomes).as("both sides of the race were reached (messaged, refused)").doesNotContain(0);
        assertThat(violations).isEmpty();
        assertThat(fixture.center.size()).as("every added notification was removed with its name").isZero();
    }

    /** {@return what is wrong with a round that ended with {@code added} and {@code message}, or null} */
    private static String violation(Failure added, MachMessage message) {
        if (added != null) {
            return added.code() != IOReturn.kIOReturnUnsupported ? "refused with " + added
                    : message != null ? "refused, yet a message came" : null;
        }
        if (message == null) {
            return "added, but no message came";
        }
        final int type = messageType(message);
        return type == InterestNotificationLayout.kIOMessageServiceIsTerminated ? null
                : "added, then message 0x" + Integer.toHexString(type);
    }

    private static int messageType(MachMessage message) {
        return ByteBuffer.wrap(message.bytes()).order(ByteOrder.LITTLE_ENDIAN)
                .getInt(InterestNotificationLayout.MESSAGE_TYPE_OFFSET);
    }
}
