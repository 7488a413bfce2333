package org.iokit4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** Issue 12 §4: a logger per subsystem, all below {@code org.iokit4j} (docs/observability.md, "Logger names"). */
class LoggersTest {

    @Test
    void shouldNameEachSubsystemByItsFirstPackageSegment() {
        assertThat(Loggers.nameFor("org.iokit4j.kernel.userclient")).isEqualTo("org.iokit4j.kernel");
        assertThat(Loggers.nameFor("org.iokit4j.driverkit")).isEqualTo("org.iokit4j.driverkit");
        assertThat(Loggers.nameFor("org.iokit4j.iokitlib")).isEqualTo("org.iokit4j.iokitlib");
        assertThat(Loggers.nameFor("org.iokit4j")).isEqualTo(Diagnostics.CORE);
        assertThat(Loggers.nameFor("com.example.dext")).isEqualTo("org.iokit4j");
    }

    @Test
    void shouldLogAsTheCallersSubsystemAndReachHandlersOfTheRootLogger() {
        final List<LogRecord> records = new CopyOnWriteArrayList<>();
        final Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        final Logger root = Logger.getLogger("org.iokit4j");
        final boolean parents = root.getUseParentHandlers();
        root.addHandler(handler);
        root.setUseParentHandlers(false); // the warnings below are on purpose: kept out of the build log
        try {
            org.iokit4j.mach.LoggingProbe.warn("from the mach package"); // this class is in the root package
            Diagnostics.warn(Diagnostics.BOOT, "a boot problem");
        } finally {
            root.removeHandler(handler);
            root.setUseParentHandlers(parents);
        }
        assertThat(records).extracting(LogRecord::getLoggerName)
                .containsExactly("org.iokit4j.mach", "org.iokit4j.kernel.boot");
    }
}
