package org.iokit4j.systemtests.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import jdk.jfr.Recording;
import org.iokit4j.mig.MethodCall;
import org.iokit4j.mig.MethodReply;
import org.iokit4j.trace.AsyncCompletionEvent;
import org.iokit4j.trace.BootProblemEvent;
import org.iokit4j.trace.CallTrace;
import org.iokit4j.trace.DriverMethodEvent;
import org.iokit4j.trace.ExternalMethodEvent;
import org.iokit4j.trace.NotificationEvent;
import org.iokit4j.trace.PitfallEvent;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 §4, "zero cost when not recording": with no recording asking for iokit4j's events, an emitter makes no
 * event object and allocates nothing; with one, the call's event is made, filled and committed.
 */
class TraceEventsTest {
    private static final MethodCall CALL = new MethodCall(7, new long[] {1, 2}, null, null, 1, 0, null, 0, null);

    /** One emitter's work on the call path when nothing records: the check, and nothing after it. */
    private static boolean emitOnce(MethodReply reply) {
        final ExternalMethodEvent event = ExternalMethodEvent.beginIfEnabled();
        CallTrace.end(event, CALL, reply, "0x1", "Client", "server", "kernel");
        final DriverMethodEvent run = DriverMethodEvent.beginIfEnabled();
        return event != null || run != null || AsyncCompletionEvent.enabled() || NotificationEvent.enabled()
                || PitfallEvent.enabled() || BootProblemEvent.enabled();
    }

    @Test
    void shouldMakeNoEventAndAllocateNothingWhenNoRecordingWantsThem() {
        final com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        final MethodReply reply = new MethodReply();
        boolean any = false;
        for (int i = 0; i < 20_000; i++) { // warm: the measured loop runs compiled code, as a hot call path does
            any |= emitOnce(reply);
        }
        final long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            any |= emitOnce(reply);
        }
        final long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(any).as("no event is wanted").isFalse();
        assertThat(allocated).as("bytes allocated by 100,000 disabled emits (the measurement's own few aside)")
                .isLessThan(1_000);
    }

    @Test
    void shouldMakeAndCommitTheCallsEventWhenARecordingWantsIt() throws Exception {
        try (Recording recording = new Recording()) {
            recording.enable("org.iokit4j.ExternalMethod").withThreshold(Duration.ZERO);
            recording.start();
            final ExternalMethodEvent event = ExternalMethodEvent.beginIfEnabled();
            assertThat(event).isNotNull();
            final MethodReply reply = new MethodReply();
            reply.code = 0xE00002C2;
            reply.explanation = "why";
            CallTrace.end(event, CALL, reply, "0x1", "Client", "server", "kernel");

            assertThat(event.selector).isEqualTo(7);
            assertThat(event.returnCodeName).isEqualTo("kIOReturnBadArgument");
            assertThat(event.explanation).isEqualTo("why");
            assertThat(event.scalarInputCount).isEqualTo(2);
            assertThat(event.scalarOutputCount).as("a failed call returns nothing").isZero();
            assertThat(event.async).isFalse();
        }
    }
}
