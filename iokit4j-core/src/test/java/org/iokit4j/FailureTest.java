package org.iokit4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A failure is a code plus an explanation, never a success (contract.md §5; style.md code point 3). */
class FailureTest {

    @Test
    void shouldRejectSuccessAsAFailure() { // contract.md §5: a failure must fail
        assertThatThrownBy(() -> new Failure(IOReturn.kIOReturnSuccess, "looked fine"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kIOReturnSuccess").hasMessageContaining("looked fine");
    }

    @Test
    void shouldRequireAnExplanation() { // contract.md §5: every failing call is explained
        assertThatThrownBy(() -> new Failure(IOReturn.kIOReturnError, null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("explanation");
    }

    @Test
    void shouldFormatOnlyWhenGivenArguments() { // contract.md §5: the rule and the values
        assertThat(Failure.of(IOReturn.kIOReturnBadArgument, "checkScalarInputCount=%d, scalarInputCount=%d", 2, 3)
                .explanation()).isEqualTo("checkScalarInputCount=2, scalarInputCount=3");
        assertThat(Failure.of(IOReturn.kIOReturnBadArgument, "100% literal").explanation()).isEqualTo("100% literal");
    }

    @Test
    void shouldPutContextInFrontWithinKeepingTheCode() { // contract.md §5
        final Failure inner = new Failure(IOReturn.kIOReturnNoCompletion, "wake port is MACH_PORT_NULL");
        final Failure outer = inner.within("IOConnectCallAsyncScalarMethod");
        assertThat(outer.code()).isEqualTo(IOReturn.kIOReturnNoCompletion);
        assertThat(outer.explanation()).isEqualTo("IOConnectCallAsyncScalarMethod: wake port is MACH_PORT_NULL");
        assertThat(inner.explanation()).as("unchanged: a value").isEqualTo("wake port is MACH_PORT_NULL");
    }

    @Test
    void shouldReadAsCodeNameHexAndExplanation() { // contract.md §5: the Java layer's message
        final Failure failure = new Failure(IOReturn.kIOReturnBadArgument, "structureOutputMaximumSize=4096");
        assertThat(failure).hasToString("kIOReturnBadArgument (0xE00002C2): structureOutputMaximumSize=4096");
        final IOReturnException thrown = new IOReturnException(failure);
        assertThat(thrown).hasMessage(failure.toString());
        assertThat(thrown.code()).isEqualTo(IOReturn.kIOReturnBadArgument);
        assertThat(thrown.explanation()).isEqualTo("structureOutputMaximumSize=4096");
        assertThat(thrown.failure()).isEqualTo(failure);
        assertThat(new IOReturnException(IOReturn.MACH_SEND_INVALID_RIGHT, "no receive right").code())
                .isEqualTo(IOReturn.MACH_SEND_INVALID_RIGHT);
    }
}
