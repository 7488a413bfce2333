package org.iokit4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The faithful layer's last failure, kept per thread (contract.md §5). */
class DiagnosticsTest {

    @BeforeEach
    void forgetEarlierFailures() {
        Diagnostics.clearLastFailure();
    }

    @Test
    void shouldReturnTheCodeAndKeepTheFailureNamedByItsFunction() { // contract.md §5: last failure
        assertThat(Diagnostics.lastFailure()).isNull();
        final int code = Diagnostics.fail("IOConnectCallMethod",
                new Failure(IOReturn.kIOReturnBadArgument, "scalarInputCount=17"));
        assertThat(code).isEqualTo(IOReturn.kIOReturnBadArgument);
        assertThat(Diagnostics.lastFailure())
                .isEqualTo(new Failure(IOReturn.kIOReturnBadArgument, "IOConnectCallMethod: scalarInputCount=17"));
    }

    @Test
    void shouldKeepOnlyTheLatestFailure() { // contract.md §5: the *last* failure
        Diagnostics.fail("first", new Failure(IOReturn.kIOReturnError, "one"));
        Diagnostics.fail("second", new Failure(IOReturn.kIOReturnBusy, "two"));
        assertThat(Diagnostics.lastFailure().code()).isEqualTo(IOReturn.kIOReturnBusy);
        assertThat(Diagnostics.lastFailure().explanation()).isEqualTo("second: two");
    }

    @Test
    void shouldKeepEachThreadsFailureApart() throws InterruptedException { // contract.md §5: per thread
        Diagnostics.fail("here", new Failure(IOReturn.kIOReturnError, "mine"));
        final AtomicReference<Failure> seenElsewhere = new AtomicReference<>(new Failure(1, "sentinel"));
        final AtomicReference<Failure> recordedElsewhere = new AtomicReference<>();
        final Thread other = Thread.ofPlatform().start(() -> {
            seenElsewhere.set(Diagnostics.lastFailure());
            Diagnostics.fail("there", new Failure(IOReturn.kIOReturnNotFound, "theirs"));
            recordedElsewhere.set(Diagnostics.lastFailure());
        });
        other.join(30_000); // a guard, not a timing assertion
        assertThat(seenElsewhere.get()).isNull();
        assertThat(recordedElsewhere.get().explanation()).isEqualTo("there: theirs");
        assertThat(Diagnostics.lastFailure().explanation()).isEqualTo("here: mine");
    }

    @Test
    void shouldForgetTheFailureOnClear() { // contract.md §5
        Diagnostics.fail("call", new Failure(IOReturn.kIOReturnError, "why"));
        Diagnostics.clearLastFailure();
        assertThat(Diagnostics.lastFailure()).isNull();
        Diagnostics.warn("a warning is not a call's failure");
        Diagnostics.debug("nor is a debug line");
        assertThat(Diagnostics.lastFailure()).isNull();
    }
}
