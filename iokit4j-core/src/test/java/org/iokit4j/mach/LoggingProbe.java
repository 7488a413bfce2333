package org.iokit4j.mach;

import org.iokit4j.Diagnostics;

/** Logs as code of {@code org.iokit4j.mach} would, for {@code LoggersTest}. */
public final class LoggingProbe {
    private LoggingProbe() {
    }

    /** Warns through {@link Diagnostics#warn(String)}, from this package. */
    public static void warn(String message) {
        Diagnostics.warn(message);
    }
}
