package org.iokit4j.mach;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.iokit4j.IOReturn;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Port names are per task (issue 2 item 2: "a name from one task means nothing in another"). Each space draws
 * its names from a generator seeded here, so every case has one fixed outcome, checked exactly.
 */
class PortNamesTest {
    private static final int NAMES = 200;

    static Stream<Long> seeds() {
        return new SplittableRandom(0x10C17L).longs(24).boxed();
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void shouldNeverResolveOneSpacesNamesInAnother(long seed) { // issue 2 item 2: names unguessable across tasks
        final SplittableRandom random = new SplittableRandom(seed);
        final IpcSpace a = new IpcSpace("a", random.split());
        final IpcSpace b = new IpcSpace("b", random.split());
        final Set<Integer> namesA = fill(a, random);
        final Set<Integer> namesB = fill(b, random);

        assertThat(namesA).hasSize(NAMES).doesNotContain(0, -1).doesNotContainAnyElementsOf(namesB);
        assertThat(namesB).hasSize(NAMES).doesNotContain(0, -1);
        for (int name : namesA) {
            assertThat(b.type(name)).as("name 0x%08X of a in b", name).isZero();
            assertThat(b.lookupSend(name)).isNull();
            assertThat(b.lookupReceive(name)).isNull();
            assertThat(b.makeSend(name)).isNull();
            assertThat(b.send(name, MachMessage.of(new byte[4]))).isEqualTo(IOReturn.MACH_SEND_INVALID_DEST);
            assertThat(b.deallocate(name)).isEqualTo(IOReturn.KERN_INVALID_NAME);
        }
        assertThat(b.size()).isEqualTo(NAMES);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void shouldNotAnswerGuessedNames(long seed) { // issue 2 item 2: a guessed name reaches nothing
        final SplittableRandom random = new SplittableRandom(seed);
        final IpcSpace space = new IpcSpace("victim", random.split());
        final Set<Integer> names = fill(space, random);
        int guesses = 0;
        while (guesses < 1000) {
            final int guess = random.nextInt(); // the attacker's guesses: independent of the space's generator
            if (!names.contains(guess)) {
                assertThat(space.type(guess)).isZero();
                guesses++;
            }
        }
        // small integers, the names a naive counter would hand out, are as unknown as any other
        for (int small = 1; small <= 64; small++) {
            assertThat(names.contains(small) || space.type(small) == 0).isTrue();
        }
    }

    /** Allocates {@link #NAMES} rights, a random mix of receive rights and send rights to kernel objects. */
    private static Set<Integer> fill(IpcSpace space, SplittableRandom random) {
        final Set<Integer> names = new HashSet<>();
        for (int i = 0; i < NAMES; i++) {
            names.add(random.nextBoolean() ? space.allocateReceive()
                    : space.insertSend(MachPort.forKernelObject(Integer.valueOf(i))));
        }
        return names;
    }
}
