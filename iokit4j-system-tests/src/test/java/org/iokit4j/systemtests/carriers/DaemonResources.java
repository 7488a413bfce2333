package org.iokit4j.systemtests.carriers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.iokit4j.memory.SharedMemory;

/**
 * What one kernel daemon process holds, read from {@code /proc} (Linux) and the per-user shared-memory directory: the
 * resources issue 10 §4 says 100 kill-and-restart rounds must not leak.
 *
 * <p>The shared-memory directory ({@code SharedMemory.directory()/iokit4j-<user>}) is shared by every process of the
 * user, other builds included, so {@link #files} and {@link #deadFiles} count only the files of the daemon's
 * <em>family</em>: the daemon and every driver-server pid it ever had (files are named {@code iokit4j-<pid>-<n>}).
 * {@link #allFiles} and {@link #allDeadFiles} count the whole directory, for the record only.
 *
 * @param fds          open file descriptors ({@code /proc/PID/fd})
 * @param threads      threads ({@code /proc/PID/task})
 * @param files        the family's shared-memory files
 * @param deadFiles    those of them whose pid no longer runs
 * @param allFiles     every file in the directory
 * @param allDeadFiles every file in the directory whose pid no longer runs
 * @param children     the daemon's child processes, zombies (not yet reaped) included
 * @param fdKinds      what the descriptors point at (a socket, a pipe, a file's path), and how many of each
 * @param threadNames  the threads' names ({@code /proc/PID/task/TID/comm}, 15 characters), and how many of each
 */
record DaemonResources(int fds, int threads, int files, int deadFiles, int allFiles, int allDeadFiles, int children,
                       Map<String, Integer> fdKinds, Map<String, Integer> threadNames) {

    /** {@return a snapshot of {@code daemon}}, whose family is itself and {@code serverPids} */
    static DaemonResources of(long daemon, Collection<Long> serverPids) throws IOException {
        final Path proc = Path.of("/proc", Long.toString(daemon));
        final Map<String, Integer> fdKinds = histogram(list(proc.resolve("fd")), DaemonResources::fdKind);
        final Map<String, Integer> threadNames = histogram(list(proc.resolve("task")), DaemonResources::comm);
        final Set<Long> family = new java.util.HashSet<>(serverPids);
        family.add(daemon);
        final List<Long> owners = list(SharedMemory.directory().resolve("iokit4j-" + System.getProperty("user.name")))
                .stream().map(DaemonResources::owner).filter(pid -> pid >= 0).toList();
        final List<Long> ours = owners.stream().filter(family::contains).toList();
        return new DaemonResources(sum(fdKinds), sum(threadNames), ours.size(), dead(ours), owners.size(),
                dead(owners), ProcessHandle.of(daemon).map(p -> (int) p.children().count()).orElse(0), fdKinds,
                threadNames);
    }

    /** {@return whether the counts the rounds keep (fds, threads, family files, children) equal {@code other}'s} */
    boolean sameCounts(DaemonResources other) {
        return fds == other.fds && threads == other.threads && sameBesidesConnections(other);
    }

    /**
     * {@return whether the counts equal {@code other}'s once each side's app connections are taken away} (one socket
     * and one thread each, see {@link #connections}).
     */
    boolean sameBesidesConnections(DaemonResources other) {
        return fds - connections() == other.fds - other.connections()
                && threads - connections() == other.threads - other.connections() && files == other.files
                && deadFiles == other.deadFiles && children == other.children;
    }

    /**
     * {@return the app connections the daemon serves}: its threads named {@code kerneld-connection-N}
     * ({@code org.iokit4j.kerneld.Connections}: one platform thread and one socket per connection; the name, cut to the
     * 15 characters Linux keeps, is {@code kerneld-connect}). An app has one session connection and a pool of idle call
     * connections that grows to the most calls it ever had in flight at once and never shrinks while it lives
     * ({@code org.iokit4j.remote.Session#take}): how many depends on the app's threads, not on the daemon.
     */
    int connections() {
        return threadNames.getOrDefault("kerneld-connect", 0);
    }

    /** {@return the counts, one line} */
    String counts() {
        return "fds " + fds + ", threads " + threads + ", shm files " + files + " (of dead pids " + deadFiles
                + "; whole directory " + allFiles + ", of dead pids " + allDeadFiles + "), child processes "
                + children + ", app connections " + connections();
    }

    /** {@return what differs from {@code before} in the descriptors and threads: kind or name, before → now} */
    String differences(DaemonResources before) {
        return "fds " + diff(before.fdKinds, fdKinds) + "; threads " + diff(before.threadNames, threadNames);
    }

    private static String diff(Map<String, Integer> before, Map<String, Integer> after) {
        final Map<String, String> changed = new TreeMap<>();
        final Set<String> keys = new java.util.TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        for (String key : keys) {
            final int was = before.getOrDefault(key, 0);
            final int is = after.getOrDefault(key, 0);
            if (was != is) {
                changed.put(key, was + " -> " + is);
            }
        }
        return changed.toString();
    }

    private static List<Path> list(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.toList();
        }
    }

    private static Map<String, Integer> histogram(List<Path> entries, Function<Path, String> key) {
        return entries.stream().collect(Collectors.toMap(key, entry -> 1, Integer::sum, TreeMap::new));
    }

    private static int sum(Map<String, Integer> histogram) {
        return histogram.values().stream().mapToInt(Integer::intValue).sum();
    }

    private static int dead(List<Long> pids) {
        return (int) pids.stream().filter(pid -> ProcessHandle.of(pid).isEmpty()).count();
    }

    /** {@return the pid in a file name {@code iokit4j-<pid>-<n>}, or -1} */
    private static long owner(Path file) {
        final String[] parts = file.getFileName().toString().split("-");
        try {
            return parts.length == 3 && parts[0].equals("iokit4j") ? Long.parseLong(parts[1]) : -1;
        } catch (NumberFormatException other) {
            return -1;
        }
    }

    /** A descriptor's kind: {@code socket}, {@code pipe}, {@code anon_inode:[eventpoll]}, or the file's path. */
    private static String fdKind(Path fd) {
        try {
            final String target = Files.readSymbolicLink(fd).toString();
            return target.replaceAll(":\\[\\d+]$", "");
        } catch (IOException closedMeanwhile) {
            return "(closed while read)";
        }
    }

    private static String comm(Path task) {
        try {
            return Files.readString(task.resolve("comm")).strip().replaceAll("\\d+$", "#");
        } catch (IOException endedMeanwhile) {
            return "(ended while read)";
        }
    }
}
