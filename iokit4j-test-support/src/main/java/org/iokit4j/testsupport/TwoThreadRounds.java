package org.iokit4j.testsupport;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * A bounded stress loop for a race between two actions: each round the leading thread prepares, both threads
 * wait by spinning for the round to open (no unpark latency, so their starts line up within a few hundred
 * nanoseconds), each spins a seeded random while, runs its action, and the leader checks the round once both are
 * done. Same seed, same spreads.
 */
public final class TwoThreadRounds {
    private final int rounds;
    private final long seed;
    private final int spread;
    private final AtomicReference<Throwable> thrown = new AtomicReference<>();
    private volatile int open = -1;
    private volatile int followerDone = -1;

    public TwoThreadRounds(int rounds, long seed, int spread) {
        this.rounds = rounds;
        this.seed = seed;
        this.spread = spread;
    }

    /**
     * Runs the rounds: {@code prepare} and {@code check} on the calling thread (before and after each round),
     * {@code leader} on the calling thread and {@code follower} on another, concurrently.
     *
     * @throws AssertionError if either action threw (the first throwable is its cause).
     */
    public void run(IntConsumer prepare, Runnable leader, Runnable follower, IntConsumer check) throws InterruptedException {
        final SplittableRandom seeds = new SplittableRandom(seed);
        final SplittableRandom followerJitter = seeds.split();
        final SplittableRandom leaderJitter = seeds.split();
        final Thread other = Thread.ofPlatform().name("race-follower").start(() -> follow(follower, followerJitter));
        try {
            for (int round = 0; round < rounds && thrown.get() == null; round++) {
                prepare.accept(round);
                open = round;
                spin(leaderJitter.nextInt(spread));
                attempt(leader);
                while (followerDone != round && other.isAlive()) {
                    Thread.onSpinWait();
                }
                check.accept(round);
            }
        } finally {
            open = Integer.MAX_VALUE;
            other.join();
        }
        if (thrown.get() != null) {
            throw new AssertionError("an action threw", thrown.get());
        }
    }

    private void follow(Runnable follower, SplittableRandom jitter) {
        for (int round = 0; round < rounds; round++) {
            int seen;
            while ((seen = open) < round) {
                Thread.onSpinWait();
            }
            if (seen == Integer.MAX_VALUE) {
                return;
            }
            spin(jitter.nextInt(spread));
            attempt(follower);
            followerDone = round;
        }
    }

    private void attempt(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException | Error e) {
            thrown.compareAndSet(null, e);
        }
    }

    private static void spin(int times) {
        for (int i = 0; i < times; i++) {
            Thread.onSpinWait();
        }
    }
}
