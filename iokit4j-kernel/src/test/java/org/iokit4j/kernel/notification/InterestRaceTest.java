package org.iokit4j.kernel.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.iokit4j.Failure;
import org.iokit4j.IOReturn;
import org.iokit4j.kernel.registry.RegistryEntry;
import org.iokit4j.mach.MachMessage;
import org.iokit4j.wire.InterestNotificationLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 8 race 5: an interest notification added while its service terminates either gets
 * {@code kIOMessageServiceIsTerminated} or is refused as XNU refuses one on an inactive service
 * ({@code kIOReturnUnsupported}); it never succeeds silently.
 *
 * <p>A bounded stress loop with a fixed seed: each round one thread adds the notification while another
 * terminates the service as {@code Termination} does (mark terminated, then message the watchers), each after a
 * seeded random spin so the rounds sweep every overlap of the two.
 */
class InterestRaceTest {
    private static final int ROUNDS = 5_000;
    private static final long SEED = 0x5EED_0008_0005L;
    private static final int SPREAD = 48;

    private final Registry fixture = new Registry();

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES) // guard only
    void shouldMessageOrRefuseAnInterestAddedWhileItsServiceTerminates() throws Exception { // issue 8 race 5
        final Rounds rounds = new Rounds();
        final SplittableRandom seeds = new SplittableRandom(SEED);
        final SplittableRandom terminatorJitter = seeds.split();
        final Thread terminator = Thread.ofPlatform().name("race5-terminate").start(() -> rounds.terminateEach(
                terminatorJitter));
        try {
            rounds.addEach(seeds.split());
        } finally {
            rounds.stop = true;
            terminator.join();
        }

        assertThat(rounds.errors.get()).as("neither thread threw").isNull();
        assertThat(rounds.outcomes).as("both outcomes were seen: the loop reached both sides of the race")
                .containsKeys("messaged", "refused");
        assertThat(rounds.violations).as("rounds where an add succeeded but no kIOMessageServiceIsTerminated came")
                .isEmpty();
    }

    /**
     * The rounds, led by the adding thread. Each round it makes a registered service, publishes the round number,
     * spins, adds; the terminating thread spins until it sees the round, spins its own while, terminates and says
     * so. Both wait by spinning (no unpark latency), so their starts are aligned closely enough to overlap.
     */
    private final class Rounds {
        final java.util.Map<String, Integer> outcomes = new java.util.TreeMap<>();
        final List<String> violations = new ArrayList<>();
        final AtomicReference<Throwable> errors = new AtomicReference<>();
        volatile boolean stop;
        volatile int ready = -1;
        volatile int terminated = -1;
        volatile RegistryEntry service;

        void addEach(SplittableRandom random) {
            final int[] notification = new int[1];
            for (int round = 0; round < ROUNDS && errors.get() == null; round++) {
                final RegistryEntry next = fixture.newService();
                next.markRegistered();
                service = next;
                ready = round;
                spin(random.nextInt(SPREAD));
                final Failure added = add(next, round, notification);
                while (terminated != round && !stop) {
                    Thread.onSpinWait();
                }
                check(round, added, notification[0]);
            }
        }

        void terminateEach(SplittableRandom random) {
            int round = 0;
            while (round < ROUNDS && !stop) {
                if (ready != round) {
                    Thread.onSpinWait();
                    continue;
                }
                spin(random.nextInt(SPREAD));
                final RegistryEntry victim = service;
                try {
                    if (victim.markTerminated()) { // Termination.terminate's first two steps
                        fixture.center.terminating(victim);
                    }
                } catch (RuntimeException | Error e) {
                    errors.compareAndSet(null, e);
                }
                terminated = round++;
            }
        }

        private Failure add(RegistryEntry victim, int round, int[] notification) {
            try {
                return fixture.center.addInterest(fixture.app, victim, NotificationCenter.kIOGeneralInterest,
                        fixture.wakePort, new long[] {round}, notification);
            } catch (RuntimeException | Error e) {
                errors.compareAndSet(null, e);
                return null;
            }
        }

        private void check(int round, Failure added, int notification) {
            final MachMessage message = fixture.poll();
            if (added == null) {
                if (message == null || messageType(message) != InterestNotificationLayout.kIOMessageServiceIsTerminated) {
                    violations.add("round " + round + ": added, then " + (message == null ? "no message"
                            : "message 0x" + Integer.toHexString(messageType(message))));
                }
                outcomes.merge("messaged", 1, Integer::sum);
                fixture.app.space().deallocate(notification);
            } else {
                if (added.code() != IOReturn.kIOReturnUnsupported) {
                    violations.add("round " + round + ": refused with " + added);
                }
                if (message != null) {
                    violations.add("round " + round + ": refused, yet a message came");
                }
                outcomes.merge("refused", 1, Integer::sum);
            }
            if (message != null) {
                message.destroy();
            }
        }
    }

    private static void spin(int times) {
        for (int i = 0; i < times; i++) {
            Thread.onSpinWait();
        }
    }

    private static int messageType(MachMessage message) {
        return java.nio.ByteBuffer.wrap(message.bytes()).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .getInt(InterestNotificationLayout.MESSAGE_TYPE_OFFSET);
    }
}
