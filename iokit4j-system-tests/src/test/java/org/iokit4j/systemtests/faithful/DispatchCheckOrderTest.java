package org.iokit4j.systemtests.faithful;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.iokitlib.IOKitLib.*;
import static org.iokit4j.systemtests.echo.EchoUserClient.*;

import java.lang.foreign.MemorySegment;
import java.util.stream.Stream;
import org.iokit4j.Diagnostics;
import org.iokit4j.systemtests.EchoKernel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The base {@code ExternalMethod}'s checks, in the contract's order (contract.md §3 decided point 1): completion,
 * scalar input count, structure input size, scalar output count, structure output size. Each case satisfies every
 * check before the one it names and breaks that one <em>and every later one</em>, so only the order explains which
 * is reported.
 */
class DispatchCheckOrderTest {
    private EchoKernel echo;
    private int connect;
    private int wakePort;

    @BeforeEach
    void open() {
        echo = new EchoKernel();
        connect = echo.open(0);
        wakePort = echo.app.space().allocateReceive(); // a receive right: a legal wake port (§3)
    }

    @AfterEach
    void close() {
        echo.close();
    }

    /** One call to {@code kStrict}: which arguments are right, and the check that must be reported. */
    record Case(boolean completion, int scalarsIn, int structIn, int scalarsOut, int structOut, String reported) {
        @Override
        public String toString() {
            return reported;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case(false, 0, 0, 0, 0, "checkCompletionExists=1 but completion is NULL"),
                new Case(true, 0, 0, 0, 0, "checkScalarInputCount=1, scalarInputCount=0"),
                new Case(true, STRICT_SCALARS_IN, 0, 0, 0, "checkStructureInputSize=2, structure input size=0"),
                new Case(true, STRICT_SCALARS_IN, STRICT_STRUCT_IN, 0, 0,
                        "checkScalarOutputCount=3, scalarOutputCount=0"),
                new Case(true, STRICT_SCALARS_IN, STRICT_STRUCT_IN, STRICT_SCALARS_OUT, 0,
                        "checkStructureOutputSize=4, structureOutputMaximumSize=0"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void shouldReportTheFirstFailingCheckInTheContractsOrder(Case c) { // contract.md §3 decided point 1
        echo.run(() -> {
            final int result = strict(c.completion(), c.scalarsIn(), c.structIn(), c.scalarsOut(), c.structOut());
            assertThat(result).isEqualTo(kIOReturnBadArgument);
            assertThat(Diagnostics.lastFailure().explanation()).contains("selector=13", c.reported());
        });
    }

    @Test
    void shouldCallTheFunctionWhenEveryCheckPasses() { // contract.md §3 decided point 1
        echo.run(() -> assertThat(strict(true, STRICT_SCALARS_IN, STRICT_STRUCT_IN, STRICT_SCALARS_OUT,
                STRICT_STRUCT_OUT)).isEqualTo(kIOReturnSuccess));
    }

    @Test
    void shouldRefuseACompletionForASynchronousMethod() { // apple-semantics.md §10.9: checkCompletionExists=0
        echo.run(() -> {
            final long[] output = new long[1];
            assertThat(IOConnectCallAsyncScalarMethod(connect, kSum, wakePort, new long[3], 3, new long[] {1, 2}, 2,
                    output, new int[] {1})).isEqualTo(kIOReturnBadArgument);
            assertThat(Diagnostics.lastFailure().explanation()).contains("checkCompletionExists=0");
        });
    }

    @Test
    void shouldExplainTheMainPortAsWakePortPitfall() { // apple-semantics.md §7, §10.1; contract.md §5
        echo.run(() -> {
            assertThat(IOConnectCallAsyncScalarMethod(connect, kRegisterAsync, kIOMainPortDefault, new long[3], 3,
                    null, 0, null, null)).isEqualTo(kIOReturnBadArgument);
            assertThat(Diagnostics.lastFailure().explanation()).contains("wake_port=MACH_PORT_NULL",
                    "kIOMainPortDefault", "IONotificationPortGetMachPort");
        });
    }

    @Test
    void shouldAnswerUnsupportedWhenTheDispatchIsNull() { // contract.md §3 decided point 1: dispatch == null
        echo.run(() -> {
            assertThat(IOConnectCallScalarMethod(connect, kNumberOfMethods, null, 0, null, null))
                    .isEqualTo(kIOReturnUnsupported);
            assertThat(Diagnostics.lastFailure().explanation()).contains("selector=" + kNumberOfMethods,
                    "dispatch=NULL");
        });
    }

    @Test
    void shouldPassTheSelectorAsAnUnsignedValue() { // contract.md §3 decided point 0: unsigned selector
        echo.run(() -> {
            assertThat(IOConnectCallScalarMethod(connect, -1, null, 0, null, null)).isEqualTo(kIOReturnUnsupported);
            assertThat(Diagnostics.lastFailure().explanation()).contains("selector=4294967295");
        });
    }

    @Test
    void shouldAnswerNoCompletionWhenTheFunctionIsNull() { // contract.md §3 decided point 1: function == null
        echo.run(() -> {
            assertThat(IOConnectCallScalarMethod(connect, kNoFunction, null, 0, null, null))
                    .isEqualTo(kIOReturnNoCompletion);
            assertThat(Diagnostics.lastFailure().explanation()).contains("no function");
        });
    }

    private int strict(boolean completion, int scalarsIn, int structIn, int scalarsOut, int structOut) {
        final long[] input = new long[scalarsIn];
        final MemorySegment in = MemorySegment.ofArray(new byte[structIn]);
        final long[] output = new long[scalarsOut];
        final MemorySegment out = MemorySegment.ofArray(new byte[structOut]);
        if (completion) {
            return IOConnectCallAsyncMethod(connect, kStrict, wakePort, new long[3], 3, input, scalarsIn, in, structIn,
                    output, new int[] {scalarsOut}, out, new long[] {structOut});
        }
        return IOConnectCallMethod(connect, kStrict, input, scalarsIn, in, structIn, output, new int[] {scalarsOut},
                out, new long[] {structOut});
    }
}
