package org.iokit4j.benchmarks.ipc;

import java.nio.file.Path;

/** A leg whose server is the kernel daemon: skipped where its class is absent, ready at its ready line. */
interface DaemonLeg extends Leg {
    @Override
    default String skipReason() {
        return IokitLeg.daemonAbsent();
    }

    @Override
    default boolean isReady(String line, Path socket) {
        return line.startsWith(IokitLeg.DAEMON_READY);
    }
}
