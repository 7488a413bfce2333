package org.iokit4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Pitfalls: counted every time, warned once per call site, naming the user's line (apple-semantics.md §10). */
class PitfallsTest {
    private final Logger logger = Logger.getLogger("org.iokit4j");
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            warnings.add(record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    {
        logger.addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        logger.removeHandler(capture);
    }

    @Test
    void shouldReturnTheCallSiteNamingTheTestMethod() { // apple-semantics.md §10: the user's line
        final String site = Pitfalls.report(Pitfall.CALLBACK_ARITY, "marker-site");
        assertThat(site).matches("org\\.iokit4j\\.PitfallsTest\\.shouldReturnTheCallSiteNamingTheTestMethod:\\d+");
        assertThat(Pitfalls.callSite()).startsWith("org.iokit4j.PitfallsTest.shouldReturnTheCallSiteNamingTheTestMethod:");
    }

    @Test
    void shouldCountEveryReportButWarnOncePerCallSite() { // apple-semantics.md §10: reported once per call site
        final long before = Pitfalls.count(Pitfall.UNRETAINED_ACTION);
        final String[] sites = new String[3];
        for (int i = 0; i < 3; i++) {
            sites[i] = Pitfalls.report(Pitfall.UNRETAINED_ACTION, "marker-once");
        }
        final String elsewhere = Pitfalls.report(Pitfall.UNRETAINED_ACTION, "marker-once");
        assertThat(Pitfalls.count(Pitfall.UNRETAINED_ACTION) - before).isEqualTo(4);
        assertThat(sites[1]).isEqualTo(sites[0]).isEqualTo(sites[2]).isNotEqualTo(elsewhere);
        assertThat(warnings.stream().filter(w -> w.contains("marker-once")))
                .as("one warning for the loop's line, one for the other line").hasSize(2)
                .allMatch(w -> w.contains("UNRETAINED_ACTION"));
    }

    @Test
    void shouldCountARecordWithoutWarning() { // apple-semantics.md §10: counted, reported by the caller's own key
        final long before = Pitfalls.count(Pitfall.STRUCTURE_OUTPUT_WITH_DESCRIPTOR);
        Pitfalls.record(Pitfall.STRUCTURE_OUTPUT_WITH_DESCRIPTOR);
        Pitfalls.record(Pitfall.STRUCTURE_OUTPUT_WITH_DESCRIPTOR);
        assertThat(Pitfalls.count(Pitfall.STRUCTURE_OUTPUT_WITH_DESCRIPTOR) - before).isEqualTo(2);
        assertThat(warnings).noneMatch(w -> w.contains("STRUCTURE_OUTPUT_WITH_DESCRIPTOR"));
    }

    @Test
    void shouldKeepEachPitfallsCountApart() { // apple-semantics.md §10
        final long arity = Pitfalls.count(Pitfall.CALLBACK_ARITY);
        Pitfalls.report(Pitfall.MAIN_PORT_AS_WAKE_PORT, "marker-apart");
        assertThat(Pitfalls.count(Pitfall.CALLBACK_ARITY)).isEqualTo(arity);
    }
}
