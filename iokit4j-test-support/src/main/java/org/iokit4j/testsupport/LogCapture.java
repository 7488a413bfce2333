package org.iokit4j.testsupport;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Collects the warnings {@code Diagnostics.warn} logs (logger {@code org.iokit4j}) while it is open. */
public final class LogCapture implements AutoCloseable {
    private final Logger logger = Logger.getLogger("org.iokit4j");
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                warnings.add(record.getMessage());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    /** Starts collecting. */
    public LogCapture() {
        handler.setLevel(Level.ALL);
        logger.addHandler(handler);
    }

    /** {@return the warnings logged so far that contain {@code text}} */
    public List<String> warningsContaining(String text) {
        return warnings.stream().filter(w -> w.contains(text)).toList();
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
    }
}
