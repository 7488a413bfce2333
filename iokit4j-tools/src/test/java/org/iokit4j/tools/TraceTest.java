package org.iokit4j.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import jdk.jfr.Recording;
import org.iokit4j.trace.AsyncCompletionEvent;
import org.iokit4j.trace.ExternalMethodEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code iokit4j trace} (issue 12 §4) on a real recording of iokit4j's events: the page names every event, links a
 * completion to its call by the async reference, and escapes every recorded text, since a driver's explanation is
 * untrusted (no recorded text may become markup or script: the HTML injection case).
 */
class TraceTest {
    private static final String HOSTILE = "</td><script>alert('x')</script><img src=x onerror=\"alert(1)\">&amp;";

    @TempDir
    Path dir;

    private Path record() throws Exception {
        final Path jfr = dir.resolve("t.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("org.iokit4j.ExternalMethod").withThreshold(Duration.ZERO);
            recording.enable("org.iokit4j.AsyncCompletion").withThreshold(Duration.ZERO);
            recording.start();
            final ExternalMethodEvent call = ExternalMethodEvent.beginIfEnabled();
            assertThat(call).as("a recording asks for the event, so it is made").isNotNull();
            call.selector = 3;
            call.connection = "0x00001003";
            call.userClientClass = "com.example.<b>Client</b>";
            call.driverServer = "server\"'";
            call.carrier = "kernel";
            call.returnCode = 0xE00002C2;
            call.returnCodeName = "kIOReturnBadArgument";
            call.explanation = HOSTILE;
            call.async = true;
            call.asyncReference = 0x1234;
            call.commit();
            final AsyncCompletionEvent completion = new AsyncCompletionEvent();
            completion.stage = "app";
            completion.outcome = "delivered";
            completion.resultName = "kIOReturnSuccess";
            completion.asyncReference = 0x1234;
            completion.where = HOSTILE;
            completion.commit();
            recording.stop();
            recording.dump(jfr);
        }
        return jfr;
    }

    @Test
    void shouldWriteTheTimelineWithFailuresAndLinksEscapingEveryRecordedText() throws Exception {
        final Path html = dir.resolve("out").resolve("page.html");

        final ToolRun run = ToolRun.of(new Trace(), record().toString(), "-o", html.toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        final String page = Files.readString(html);
        assertThat(page).contains("<!DOCTYPE html>", "kIOReturnBadArgument", "completion delivered",
                "completes call #0", "data-link=\"e0\"");
        assertThat(page).as("no recorded text becomes markup").doesNotContain("<script>alert", "<img", "<b>Client",
                "onerror=\"", "server\"'");
        assertThat(page).contains("&lt;/td&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;",
                "onerror=&quot;alert(1)&quot;", "&amp;amp;", "com.example.&lt;b&gt;Client&lt;/b&gt;");
        assertThat(page).as("self-contained: nothing fetched").doesNotContain("src=\"http", "href=\"http",
                "<link", "<script src");
        assertThat(page.split("<script>", -1)).as("only the page's own script").hasSize(2);
    }

    @Test
    void shouldWriteBesideTheRecordingByDefault() throws Exception {
        final Path jfr = record();

        final ToolRun run = ToolRun.of(new Trace(), jfr.toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(dir.resolve("t.html")).exists();
    }

    @Test
    void shouldSayWhyWhenTheFileIsNoRecording() throws Exception {
        final Path notJfr = Files.writeString(dir.resolve("x.jfr"), "not a recording");

        final ToolRun run = ToolRun.of(new Trace(), notJfr.toString(), "-o", dir.resolve("x.html").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("trace: cannot turn " + notJfr);
    }
}
