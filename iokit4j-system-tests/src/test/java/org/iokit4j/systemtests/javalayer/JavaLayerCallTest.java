package org.iokit4j.systemtests.javalayer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.iokit4j.systemtests.echo.EchoUserClient.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.function.Consumer;
import org.iokit4j.IOReturn;
import org.iokit4j.IOReturnException;
import org.iokit4j.client.Connection;
import org.iokit4j.client.MethodResult;
import org.iokit4j.systemtests.EchoKernel;
import org.iokit4j.systemtests.echo.EchoUserClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The synchronous call rules through the Java layer ({@code org.iokit4j.client}): the same path as the faithful
 * layer, failures as {@link IOReturnException}s whose message names the rule and the values (contract.md §5).
 */
class JavaLayerCallTest {
    private EchoKernel echo;
    private Connection connection;
    private int names;

    @BeforeEach
    void open() {
        echo = new EchoKernel();
        connection = echo.connection();
        names = echo.names();
    }

    @AfterEach
    void close() {
        echo.close();
    }

    /** Asserts {@code call} throws {@code code} with every fragment in its message, and that nothing leaked. */
    private void assertFails(int code, Consumer<Connection> call, String... fragments) {
        assertThatThrownBy(() -> call.accept(connection))
                .isInstanceOfSatisfying(IOReturnException.class, e -> {
                    assertThat(IOReturn.describe(e.code())).isEqualTo(IOReturn.describe(code));
                    assertThat(e.getMessage()).contains(IOReturn.describe(code)).contains(fragments);
                });
        assertThat(echo.names()).as("nothing leaked").isEqualTo(names);
        assertThat(echo.userClients()).isEqualTo(1);
        assertThat(connection.call(kSum).scalars(40, 2).scalarOutputs(1).invoke().scalar(0)).isEqualTo(42);
    }

    @Test
    void shouldRefuseBadBuffersBeforeTheDriverRuns() { // issue 8 deliverable 2: one buffer rule for both layers
        try (org.iokit4j.systemtests.support.BadBuffers bad = new org.iokit4j.systemtests.support.BadBuffers()) {
            final int calls = EchoUserClient.CALLS.get();
            assertFails(IOReturn.kIOReturnBadArgument, c -> c.call(kEcho).structureOutput(bad.readOnlySmall).invoke(),
                    "selector=1", "structureOutput is read-only");
            assertFails(IOReturn.kIOReturnBadArgument, c -> c.call(kEcho).structureOutput(bad.readOnlyLarge).invoke(),
                    "structureOutput is read-only");
            assertFails(IOReturn.kIOReturnBadArgument, c -> c.call(kEcho).structure(bad.foreignLarge).invoke(),
                    "structure belongs to a confined arena of another thread");
            assertFails(IOReturn.kIOReturnBadArgument, c -> c.call(kEcho).structureOutput(bad.closedLarge).invoke(),
                    "structureOutput is no longer alive");
            assertThat(EchoUserClient.CALLS.get()).as("only assertFails' own kSum calls ran").isEqualTo(calls + 4);
        }
    }

    @Test
    void shouldAddScalarsAndEchoStructures() { // apple-semantics.md §2.1, §2.4
        assertThat(connection.call(kSum).scalars(40, 2).scalarOutputs(1).invoke().scalar(0)).isEqualTo(42);
        final MethodResult echoed = connection.call(kEcho).structure("hello".getBytes()).structureOutput(64).invoke();
        assertThat(new String(echoed.structure())).isEqualTo("hello");
        assertThat(echoed.structureSize()).as("the size becomes the OSData length (§6.4)").isEqualTo(5);
    }

    @Test
    void shouldRefuseSeventeenScalarsWithoutSendingAnything() { // apple-semantics.md §2.3
        final int calls = EchoUserClient.CALLS.get();
        assertFails(IOReturn.MIG_ARRAY_TOO_LARGE, c -> c.call(kArguments).scalars(new long[17]).invoke(),
                "scalars=17 exceed 16", "nothing was sent");
        assertThat(EchoUserClient.CALLS.get()).as("only the leak check's own call").isEqualTo(calls + 1);
    }

    @Test
    void shouldSendUpTo4096BytesInlineAndMoreAsADescriptor() { // apple-semantics.md §2.2, §10.4
        connection.call(kArguments).structure(new byte[4096]).invoke();
        assertThat(lastArguments).contains("structureInput=4096 structureInputDescriptor=false");
        connection.call(kArguments).structure(new byte[4097]).invoke();
        assertThat(lastArguments).contains("structureInput=null structureInputDescriptor=true");
    }

    @Test
    void shouldTreatScalarOutputsAsACapacity() { // apple-semantics.md §2.4; contract.md §3 point 0
        assertThat(connection.call(kArguments).scalarOutputs(5).invoke().scalars()).containsExactly(0, 0, 0, 0, 0);
        assertThat(connection.call(kScalarCount).scalars(3).scalarOutputs(16).invoke().scalars())
                .containsExactly(100, 101, 102);
    }

    @Test
    void shouldFailWhenTheDriverReturnsMoreScalarsThanTheCapacity() { // apple-semantics.md §2.3
        assertFails(IOReturn.MIG_ARRAY_TOO_LARGE, c -> c.call(kScalarCount).scalars(5).scalarOutputs(2).invoke(),
                "scalarOutputCount=5", "scalarOutputs=2");
    }

    @Test
    void shouldFailWhenTheDriverOutputExceedsTheCapacity() { // apple-semantics.md §6.4
        assertFails(IOReturn.kIOReturnBadArgument, c -> c.call(kOversizedOutput).structureOutput(16).invoke(),
                "holds 32 bytes", "capacity (*outputStructCnt) is 16");
    }

    @Test
    void shouldNameTheCheckAndTheValuesThatBrokeIt() { // apple-semantics.md §10.5; contract.md §5
        assertFails(IOReturn.kIOReturnBadArgument, c -> c.call(kSum).scalars(1, 2).scalarOutputs(2).invoke(),
                "checkScalarOutputCount=1, scalarOutputCount=2");
        assertFails(IOReturn.kIOReturnBadArgument, c -> c.call(kSum).scalars(1).scalarOutputs(1).invoke(),
                "checkScalarInputCount=2, scalarInputCount=1");
        assertFails(IOReturn.kIOReturnBadArgument, c -> c.call(kReverse16).structure(new byte[8]).structureOutput(16)
                .invoke(), "checkStructureInputSize=16, structure input size=8");
        assertFails(IOReturn.kIOReturnBadArgument, c -> c.call(kReverse16).structure(new byte[16]).structureOutput(8)
                .invoke(), "checkStructureOutputSize=16, structureOutputMaximumSize=8");
        assertFails(IOReturn.kIOReturnBadArgument, c -> c.call(kRegisterAsync).invoke(),
                "checkCompletionExists=1 but completion is NULL");
    }

    @Test
    void shouldAnswerUnsupportedAndNoCompletion() { // contract.md §3 decided point 1
        assertFails(IOReturn.kIOReturnUnsupported, c -> c.call(kNumberOfMethods).invoke(), "dispatch=NULL");
        assertFails(IOReturn.kIOReturnNoCompletion, c -> c.call(kNoFunction).invoke(), "no function");
        assertFails(IOReturn.kIOReturnNotReady, c -> c.call(kNotReady).invoke(), "returned kIOReturnNotReady");
    }

    @Test
    void shouldTurnADriverExceptionIntoKIOReturnError() { // issue 2 item 5
        assertFails(IOReturn.kIOReturnError, c -> c.call(kThrow).invoke(), "IllegalStateException",
                "driver bug on purpose");
    }

    @Test
    void shouldShareALargeOutputBufferWithTheDriver() { // apple-semantics.md §6.4; contract.md §3 point 4
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment out = arena.allocate(5000);
            final MethodResult result = connection.call(kArguments).structureOutput(out).invoke();
            assertThat(lastArguments).contains("structureOutputDescriptor=true", "structureOutputMaximumSize=5000");
            assertThat(result.structureSize()).isEqualTo(5000);
            assertThat(result.structure()).isEmpty();
        }
    }

    @Test
    void shouldRunOnTheCallersThreadWhenIdle() { // apple-semantics.md §6.1
        connection.call(kWhere).invoke();
        assertThat(EchoUserClient.lastThread).isSameAs(Thread.currentThread());
    }

    @Test
    void shouldCloseOnceStopTheUserClientAndRefuseLaterCalls() { // apple-semantics.md §6.6
        final int stops = EchoUserClient.STOPS.get();
        connection.close();
        connection.close();
        assertThat(EchoUserClient.STOPS.get()).isEqualTo(stops + 1);
        assertThat(echo.userClients()).isZero();
        assertThat(echo.names()).isEqualTo(names - 1);
        assertThatThrownBy(() -> connection.call(kSum).scalars(1, 2).scalarOutputs(1).invoke())
                .isInstanceOfSatisfying(IOReturnException.class, e -> {
                    assertThat(e.code()).isEqualTo(IOReturn.MACH_SEND_INVALID_DEST);
                    assertThat(e.getMessage()).contains("not a live name");
                });
    }
}
