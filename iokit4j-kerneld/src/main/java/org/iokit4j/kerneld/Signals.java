package org.iokit4j.kerneld;

import java.util.List;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT for the daemon process: each starts an orderly stop and then exits with status 0, as
 * the contract asks (docs/api-contract.md §6).
 *
 * <p>A JVM shutdown hook alone cannot do this: the JVM exits with status 143 (128 + SIGTERM) however cleanly the
 * hooks end. So {@code sun.misc.Signal} (module {@code jdk.unsupported}, the JDK's supported way to take a signal
 * over) replaces the JVM's handler; {@link DaemonCommand} keeps a shutdown hook too, for a JVM run with {@code -Xrs}
 * or a signal this class could not take. The handler runs on a thread the JVM starts per signal; a second signal
 * during the stop runs the handler again, which waits for the stop already under way ({@link KernelDaemon#stop()}
 * is once-only and uninterruptible) and then exits 0 as well.
 *
 * <p><b>Concurrency.</b> Stateless; {@link #install} is called once, on the main thread.
 */
final class Signals {
    private Signals() {
    }

    /**
     * Makes SIGTERM and SIGINT stop {@code daemon} and exit with status 0. A signal the JVM will not hand over
     * (e.g. SIGINT under {@code -Xrs}) is reported on standard error; the shutdown hook stops the daemon then.
     */
    static void install(KernelDaemon daemon) {
        for (String name : List.of("TERM", "INT")) {
            try {
                Signal.handle(new Signal(name), signal -> {
                    System.err.println("kerneld: SIG" + signal.getName() + ": stopping");
                    daemon.stop();
                    System.exit(0);
                });
            } catch (IllegalArgumentException taken) {
                System.err.println("kerneld: SIG" + name + " cannot be handled (" + taken.getMessage() + "); it will"
                        + " still stop the daemon through the shutdown hook, with the JVM's exit status");
            }
        }
    }
}
