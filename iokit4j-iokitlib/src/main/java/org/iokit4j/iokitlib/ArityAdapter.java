package org.iokit4j.iokitlib;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.iokit4j.Diagnostics;

/**
 * Calls a callout in the shape IOKitLib picks for a completion's argument count, and adapts safely when the
 * registered shape is a different one (apple-semantics.md §4.3, §10.2).
 *
 * <p>IOKitLib calls {@code IOAsyncCallback0} for 0 arguments, {@code IOAsyncCallback1} for 1,
 * {@code IOAsyncCallback2} for 2 and the array form {@code IOAsyncCallback} for 3 or more, whatever the
 * function really is. In C a mismatch is undefined behaviour; here the registered shape gets what it can hold:
 * the array form gets every argument and the true count, a fixed shape gets the first arguments and zeros for
 * missing ones. When an object implements several shapes, the one matching the count wins; if none does, the
 * first of array form, 2, 1, 0 that it implements is used.
 *
 * <p><b>Concurrency.</b> Thread-safe; the set of reported (callout, count) pairs is concurrent.
 */
final class ArityAdapter {
    private static final Set<Reported> REPORTED = ConcurrentHashMap.newKeySet();

    private ArityAdapter() {
    }

    /** {@return whether {@code callout} has the shape IOKitLib calls for {@code count} arguments} */
    static boolean matches(IOAsyncCallout callout, int count) {
        return switch (count) {
            case 0 -> callout instanceof IOAsyncCallback0;
            case 1 -> callout instanceof IOAsyncCallback1;
            case 2 -> callout instanceof IOAsyncCallback2;
            default -> callout instanceof IOAsyncCallback;
        };
    }

    /** Calls {@code callout} with {@code args} (a fresh array the callback may keep). */
    static void invoke(IOAsyncCallout callout, long refcon, int result, long[] args) {
        final int n = args.length;
        if (n == 0 && callout instanceof IOAsyncCallback0 c) {
            c.call(refcon, result);
        } else if (n == 1 && callout instanceof IOAsyncCallback1 c) {
            c.call(refcon, result, args[0]);
        } else if (n == 2 && callout instanceof IOAsyncCallback2 c) {
            c.call(refcon, result, args[0], args[1]);
        } else if (n >= 3 && callout instanceof IOAsyncCallback c) {
            c.call(refcon, result, args, n);
        } else {
            switch (callout) {
                case IOAsyncCallback c -> c.call(refcon, result, args, n);
                case IOAsyncCallback2 c -> c.call(refcon, result, arg(args, 0), arg(args, 1));
                case IOAsyncCallback1 c -> c.call(refcon, result, arg(args, 0));
                case IOAsyncCallback0 c -> c.call(refcon, result);
            }
        }
    }

    /** Warns about a mismatch the first time this callout meets this argument count. */
    static void reportOnce(long value, IOAsyncCallout callout, int count) {
        org.iokit4j.Pitfalls.record(org.iokit4j.Pitfall.CALLBACK_ARITY);
        if (REPORTED.add(new Reported(value, count))) {
            Diagnostics.warn(explain(value, callout, count));
        }
    }

    /** {@return the newcomer's explanation of a mismatch: both shapes, what C would do, what we did, the fix} */
    static String explain(long value, IOAsyncCallout callout, int count) {
        final int takes = fixedArity(callout);
        final String registered = takes < 0 ? "IOAsyncCallback (the array form)"
                : "IOAsyncCallback" + takes + " (exactly " + takes + " argument" + (takes == 1 ? ")" : "s)");
        final String expected = count >= 3 ? "IOAsyncCallback (the array form) for 3 or more"
                : "IOAsyncCallback" + count + " for exactly " + count;
        final String effect;
        if (takes < 0) {
            effect = "In C your function would be handed " + (count == 0 ? "nothing" : count == 1 ? "arg0" : "arg0 and"
                    + " arg1") + " where it expects args and numArgs (undefined behaviour); iokit4j passed args holding"
                    + " the " + count + " argument(s) and numArgs=" + count + " instead.";
        } else if (takes < count) {
            effect = "In C your function would get " + (count >= 3 ? "a pointer and a count" : "arguments it does not"
                    + " declare") + " (undefined behaviour); iokit4j passed the first " + takes + " and dropped "
                    + (count - takes) + ".";
        } else {
            effect = "In C your function would read " + (takes - count) + " argument(s) that were never passed"
                    + " (garbage); iokit4j passed 0 for them.";
        }
        final String fix = takes < 0 ? "register an IOAsyncCallback" + count + ", or have the driver send 3 or more"
                + " arguments" : "register an " + (count >= 3 ? "IOAsyncCallback" : "IOAsyncCallback" + count)
                + ", or have the driver send exactly " + takes;
        return String.format("async completion arity mismatch: your callback %s is %s but this completion carries %d"
                + " argument(s), and IOKitLib calls %s: it picks the form by the number of arguments alone"
                + " (0 -> IOAsyncCallback0, 1 -> IOAsyncCallback1, 2 -> IOAsyncCallback2, 3 or more ->"
                + " IOAsyncCallback). %s Fix: %s"
                + " (docs/async-completions.md, \"The arity rule\"). Reported once per callback and count.",
                AsyncCallouts.describe(value, callout), registered, count, expected, effect, fix);
    }

    /** {@return the arity of the shape {@link #invoke} adapts to: -1 for the array form, else 0..2} */
    private static int fixedArity(IOAsyncCallout callout) {
        return switch (callout) {
            case IOAsyncCallback _ -> -1;
            case IOAsyncCallback2 _ -> 2;
            case IOAsyncCallback1 _ -> 1;
            case IOAsyncCallback0 _ -> 0;
        };
    }

    private static long arg(long[] args, int index) {
        return index < args.length ? args[index] : 0;
    }

    private record Reported(long callout, int count) {
    }
}
