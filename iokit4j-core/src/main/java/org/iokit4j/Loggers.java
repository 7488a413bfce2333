package org.iokit4j;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The per-subsystem {@link System.Logger}s of {@link Diagnostics}: one per name, made when first used (the logging
 * back end starts only when something is first logged, ~10 ms saved at boot), and the name a calling class logs
 * under: {@code org.iokit4j.<first package segment>} ({@code org.iokit4j.kernel.userclient.UserClient} logs as
 * {@code org.iokit4j.kernel}), {@link Diagnostics#CORE} for the root package, {@code org.iokit4j} for a class outside.
 *
 * <p><b>Concurrency.</b> Thread-safe.
 */
final class Loggers {
    private static final String ROOT = "org.iokit4j";
    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
    private static final ConcurrentHashMap<String, System.Logger> BY_NAME = new ConcurrentHashMap<>();
    private static final ClassValue<System.Logger> BY_CLASS = new ClassValue<>() {
        @Override
        protected System.Logger computeValue(Class<?> type) {
            return named(nameFor(type.getPackageName()));
        }
    };

    private Loggers() {
    }

    static System.Logger named(String name) {
        return BY_NAME.computeIfAbsent(name, System::getLogger);
    }

    /** {@return the logger of the first caller outside the root package {@code org.iokit4j}} */
    static System.Logger forCaller() {
        final Class<?> caller = WALKER.walk(frames -> frames
                .map(StackWalker.StackFrame::getDeclaringClass)
                .filter(c -> !ROOT.equals(c.getPackageName()))
                .findFirst()
                .orElse(Loggers.class));
        return BY_CLASS.get(caller);
    }

    /** {@return the logger name for a class in {@code packageName}} */
    static String nameFor(String packageName) {
        if (ROOT.equals(packageName)) {
            return Diagnostics.CORE;
        }
        if (!packageName.startsWith(ROOT + ".")) {
            return ROOT;
        }
        final int end = packageName.indexOf('.', ROOT.length() + 1);
        return end < 0 ? packageName : packageName.substring(0, end);
    }
}
