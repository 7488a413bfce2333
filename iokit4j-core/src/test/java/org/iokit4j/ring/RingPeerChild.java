package org.iokit4j.ring;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * The child JVM of {@link RingFileProcessTest}: {@code RingPeerChild FILE} connects to the test's ring with the
 * options of {@link RingOptions#defaults()} (so its strategy comes from {@code -Diokit4j.wait}), prints
 * {@code ready <strategy>}, and echoes every message of type 1 as type 2 until the ring ends; then it exits with
 * status 0 if the test closed the ring, 1 otherwise. It also ends when its standard input closes (the test died).
 */
public final class RingPeerChild {
    private RingPeerChild() {
    }

    /** Runs the child. */
    public static void main(String[] args) {
        final Thread watcher = new Thread(() -> {
            try (InputStream test = System.in) {
                while (test.read() >= 0) {
                    // nothing is sent: only the end matters
                }
            } catch (IOException e) {
                // the pipe broke: the test is gone all the same
            }
            Runtime.getRuntime().halt(3);
        }, "ring-child-stdin-watcher");
        watcher.setDaemon(true);
        watcher.start();
        final RingFile[] self = new RingFile[1];
        final RingOptions options = RingOptions.defaults().withSendTimeout(java.time.Duration.ofSeconds(30));
        try (RingFile ring = RingFile.connect(Path.of(args[0]), options, (type, buffer, index, length) -> {
            if (type == 1) {
                self[0].send(2, buffer, index, length);
            }
        })) {
            self[0] = ring;
            System.out.println("ready " + ring.strategy().label());
            System.out.flush();
            ring.receive();
        } catch (RingException ended) {
            System.err.println("child: " + ended);
            System.exit(ended.reason() == RingException.Reason.PEER_CLOSED ? 0 : 1);
        }
        System.exit(1);
    }
}
