package org.iokit4j;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Reports {@link Pitfall}s: once per (pitfall, call site) as a warning through {@link System.Logger}, and counted
 * every time, so tests and tools can ask what was seen.
 *
 * <p>The call site is the first stack frame outside iokit4j's own packages: the user's line that made the mistake.
 *
 * <p><b>Concurrency.</b> Thread-safe.
 */
public final class Pitfalls {
    private static final StackWalker WALKER = StackWalker.getInstance();
    private static final Set<String> REPORTED = ConcurrentHashMap.newKeySet();
    private static final Map<Pitfall, LongAdder> COUNTS = new EnumMap<>(Pitfall.class);

    static {
        for (Pitfall pitfall : Pitfall.values()) {
            COUNTS.put(pitfall, new LongAdder());
        }
    }

    private Pitfalls() {
    }

    /**
     * Records that {@code pitfall} happened at the caller's site, warning the first time for that site.
     *
     * @param message what happened and the fix, in words.
     * @param pitfall the pitfall.
     * @return the call site, as {@code class.method:line}.
     */
    public static String report(Pitfall pitfall, String message) {
        COUNTS.get(pitfall).increment();
        final String site = callSite();
        if (REPORTED.add(pitfall + "@" + site)) {
            Diagnostics.warn(Diagnostics.PITFALL, "iokit4j pitfall " + pitfall + " at " + site + ": " + message);
        }
        trace(pitfall, site, message);
        return site;
    }

    /**
     * Counts {@code pitfall} without a call site, for mistakes whose site is not on the stack (a callback of the
     * wrong shape is found when a completion is dispatched, far from where it was registered); the caller reports
     * it once per its own key.
     *
     * @param pitfall the pitfall.
     */
    public static void record(Pitfall pitfall) {
        COUNTS.get(pitfall).increment();
        trace(pitfall, null, null);
    }

    /** Commits an {@link org.iokit4j.trace.PitfallEvent} when a recording wants one. */
    private static void trace(Pitfall pitfall, String site, String message) {
        if (org.iokit4j.trace.PitfallEvent.enabled()) {
            final org.iokit4j.trace.PitfallEvent event = new org.iokit4j.trace.PitfallEvent();
            event.pitfall = pitfall.name();
            event.site = site;
            event.message = message;
            event.commit();
        }
    }

    /**
     * {@return how many times {@code pitfall} happened in this JVM}
     *
     * @param pitfall the pitfall.
     */
    public static long count(Pitfall pitfall) {
        return COUNTS.get(pitfall).sum();
    }

    /** {@return the first frame outside {@code org.iokit4j.*} (test packages count as the user's)} */
    public static String callSite() {
        return WALKER.walk(frames -> frames
                .filter(f -> !isLibrary(f.getClassName()))
                .findFirst()
                .map(f -> f.getClassName() + "." + f.getMethodName() + ":" + f.getLineNumber())
                .orElse("(unknown)"));
    }

    private static boolean isLibrary(String className) {
        return className.startsWith("org.iokit4j.") && !className.startsWith("org.iokit4j.systemtests.")
                && !className.startsWith("org.iokit4j.examples.") && !className.endsWith("Test")
                || className.startsWith("java.");
    }
}
