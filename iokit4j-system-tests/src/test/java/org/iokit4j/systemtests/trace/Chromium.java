package org.iokit4j.systemtests.trace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A headless Chromium from Debian's packages, run once per page and always ended by pid: a run that outlives its
 * timeout is killed with every process it started ({@link #run}); the test asks {@link #leftovers} afterwards.
 */
final class Chromium {
    /** Where to look, in order; {@code IOKIT4J_CHROMIUM} names another. */
    private static final List<String> CANDIDATES = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser",
            "/usr/bin/google-chrome", "/usr/lib/chromium/chromium");
    /** What to do when none is found: the test fails with this, it is not skipped. */
    static final String HOW_TO_INSTALL = "no Chromium found (looked at " + CANDIDATES + " and $IOKIT4J_CHROMIUM):"
            + " the trace page is tested in a real headless browser (issue 12 §4). Install Debian's package:"
            + " 'sudo apt-get install -y chromium' (or run 'bash scripts/chromium.sh', which scripts/test.sh runs"
            + " first), or set IOKIT4J_CHROMIUM to a Chromium or Chrome executable";
    private static final long TIMEOUT_SECONDS = 90;

    private final Path executable;
    private final java.util.Set<ProcessHandle> started = new java.util.LinkedHashSet<>();

    private Chromium(Path executable) {
        this.executable = executable;
    }

    /** {@return the Chromium on this machine, or {@code null}} */
    static Chromium find() {
        final String named = System.getenv("IOKIT4J_CHROMIUM");
        if (named != null && !named.isBlank() && Files.isExecutable(Path.of(named))) {
            return new Chromium(Path.of(named));
        }
        for (String candidate : CANDIDATES) {
            if (Files.isExecutable(Path.of(candidate))) {
                return new Chromium(Path.of(candidate));
            }
        }
        return null;
    }

    /**
     * Runs Chromium headless with {@code arguments} (after the usual flags) and {@code url}, standard output to
     * {@code stdout}; waits at most {@value #TIMEOUT_SECONDS} s, then kills it and its descendants by pid.
     *
     * @return its exit code, or -1 if it had to be killed.
     */
    int run(Path profile, Path stdout, Path log, List<String> arguments, String url)
            throws IOException, InterruptedException {
        final List<String> command = new ArrayList<>(List.of(executable.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check",
                "--user-data-dir=" + profile, "--window-size=1400,900"));
        command.addAll(arguments);
        command.add(url);
        final Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile())
                .redirectError(log.toFile()).start();
        started.add(process.toHandle());
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        try {
            while (!process.waitFor(100, TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(started::add); // noted while they are still its descendants
                if (System.nanoTime() > deadline) {
                    return -1;
                }
            }
            return process.exitValue();
        } finally {
            process.descendants().forEach(started::add);
            started.forEach(ProcessHandle::destroyForcibly);
            ours(profile).forEach(ProcessHandle::destroyForcibly); // reparented helpers that used our profile
            process.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(timedOut -> process).join();
        }
    }

    /** {@return the live processes whose command line names {@code profile}: only Chromiums this test started} */
    static List<ProcessHandle> ours(Path profile) {
        final String marker = "--user-data-dir=" + profile;
        return ProcessHandle.allProcesses().filter(p -> p.info().arguments()
                .map(args -> java.util.Arrays.asList(args).contains(marker)).orElse(false)).toList();
    }

    /** {@return the processes this instance started, found under them or using {@code profile}, still alive} */
    List<ProcessHandle> leftovers(Path profile) {
        final List<ProcessHandle> alive = new ArrayList<>(started.stream().filter(ProcessHandle::isAlive).toList());
        ours(profile).stream().filter(p -> !alive.contains(p)).forEach(alive::add);
        return alive;
    }

    /** Kills what is still alive, by pid, and waits (at most 10 s each) until each is gone. */
    void killLeftovers(Path profile) {
        final List<ProcessHandle> all = new ArrayList<>(started);
        all.addAll(ours(profile));
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle process : all) {
            process.onExit().completeOnTimeout(process, 10, TimeUnit.SECONDS).join();
        }
    }
}
