/**
 * Shared-memory message rings between two processes, with a choice of how to wait: {@link
 * org.iokit4j.ring.RingFile} (two Agrona rings in one mapped file, a Unix-domain socket beside it for wake-ups and
 * death), bytes in and bytes out.
 *
 * <h2>Choosing a waiting strategy</h2>
 *
 * Each process chooses how its threads wait for a message, a reply or room in a full ring, with the system property
 * {@code iokit4j.wait} or the environment variable {@code IOKIT4J_WAIT} ({@code spin}, {@code backoff} or
 * {@code block}; the property wins; another value stops with an {@link java.lang.IllegalArgumentException} that
 * lists the allowed ones). The two processes of a ring may choose differently.
 *
 * <table class="striped">
 *   <caption>The three strategies</caption>
 *   <thead><tr><th>strategy</th><th>latency of a round trip</th><th>CPU while idle</th><th>use it when</th></tr>
 *   </thead>
 *   <tbody>
 *   <tr><td>{@code spin}</td><td>lowest: the memory's own (well under a microsecond per hop on an idle
 *       machine)</td><td>one full core per waiting thread, idle or not</td><td>latency matters most and the
 *       machine has a spare core for every spinning thread (a receiver thread and each caller waiting for a reply
 *       spin on both sides). On an over-committed machine spinning threads steal each other's cores and latency
 *       gets far worse than with {@code backoff}.</td></tr>
 *   <tr><td>{@code backoff} (default)</td><td>as {@code spin} while traffic is steady; after a pause, up to about
 *       a millisecond for the first message (the sleep it is in)</td><td>near zero (about a thousand short wake-ups
 *       a second per idle waiting thread)</td><td>almost always: busy processes get spin-like latency, idle ones
 *       cost almost nothing.</td></tr>
 *   <tr><td>{@code block}</td><td>as {@code spin} for back-to-back traffic (it spins a few microseconds
 *       before it blocks); a socket's for a message that finds the peer blocked: one wake-up through the kernel
 *       (tens of microseconds on a virtual machine)</td><td>zero: the
 *       waiting thread sleeps in the kernel</td><td>many mostly idle processes (many apps, many driver servers) on
 *       one machine, or latency of a socket is good enough and every CPU cycle counts.</td></tr>
 *   </tbody>
 * </table>
 *
 * <p>Whatever the strategy, a ring that ends wakes every waiter with a {@link org.iokit4j.ring.RingException}
 * saying why ({@code CLOSED}, {@code PEER_CLOSED}, {@code PEER_DIED}) within about 100 ms, and a sender whose ring
 * stays full fails with {@code TIMEOUT} after {@link org.iokit4j.ring.RingOptions#sendTimeout()}. Every JVM that
 * uses this package needs {@code --add-exports java.base/jdk.internal.misc=ALL-UNNAMED} (Agrona's memory access; on
 * the module path: {@code =org.agrona}).
 */
package org.iokit4j.ring;
