package org.iokit4j.systemtests.faithful;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.iokitlib.IOKitLib.*;
import static org.iokit4j.systemtests.echo.EchoUserClient.*;

import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.function.IntBinaryOperator;
import java.util.stream.Stream;
import org.iokit4j.Diagnostics;
import org.iokit4j.IOReturn;
import org.iokit4j.mach.MachTask;
import org.iokit4j.mig.Caller;
import org.iokit4j.systemtests.EchoKernel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bad input of issue 2 through the faithful layer: each returns its code, explains itself (contract.md §5),
 * and leaks nothing: the app's name space is back to its baseline, no user client is left behind, and the driver
 * still serves.
 */
class BadInputTest {
    private static final long[] TWO = {40, 2};

    private EchoKernel echo;
    private int connect;

    @BeforeEach
    void open() {
        echo = new EchoKernel();
        connect = echo.open(0);
    }

    @AfterEach
    void close() {
        echo.close();
    }

    /** A bad call: {@code call} gets the kernel and the open connection and returns the faithful result. */
    record Bad(String what, String rule, int code, String explains, IntBinaryOperator call) {
        @Override
        public String toString() {
            return what + " (" + rule + ")";
        }
    }

    private static MemorySegment bytes(int n) {
        return MemorySegment.ofArray(new byte[n]);
    }

    static Stream<Bad> inputs() {
        return Stream.of(
                new Bad("null input array with inputCnt=2", "contract.md §1", kIOReturnBadArgument, "input is null",
                        (k, c) -> IOConnectCallScalarMethod(c, kSum, null, 2, new long[1], new int[] {1})),
                new Bad("input shorter than inputCnt", "contract.md §1", kIOReturnBadArgument,
                        "input has 1 elements but inputCnt=2",
                        (k, c) -> IOConnectCallScalarMethod(c, kSum, new long[1], 2, new long[1], new int[] {1})),
                new Bad("negative inputCnt", "apple-semantics.md §2.3", MIG_ARRAY_TOO_LARGE, "inputCnt=-1 is negative",
                        (k, c) -> IOConnectCallScalarMethod(c, kSum, TWO, -1, new long[1], new int[] {1})),
                new Bad("17 scalars", "apple-semantics.md §2.3", MIG_ARRAY_TOO_LARGE, "inputCnt=17 exceeds 16",
                        (k, c) -> IOConnectCallScalarMethod(c, kSum, new long[17], 17, new long[1], new int[] {1})),
                new Bad("outputCnt with no element 0", "contract.md §1", kIOReturnBadArgument, "no element 0",
                        (k, c) -> IOConnectCallScalarMethod(c, kSum, TWO, 2, new long[1], new int[0])),
                new Bad("null output with *outputCnt=1", "contract.md §1", kIOReturnBadArgument, "no (null) elements",
                        (k, c) -> IOConnectCallScalarMethod(c, kSum, TWO, 2, null, new int[] {1})),
                new Bad("output shorter than *outputCnt", "contract.md §1", kIOReturnBadArgument,
                        "output has 1 elements but *outputCnt=2",
                        (k, c) -> IOConnectCallScalarMethod(c, kSum, TWO, 2, new long[1], new int[] {2})),
                new Bad("negative inputStructCnt", "contract.md §1 (size_t)", kIOReturnBadArgument,
                        "inputStructCnt=-1 is negative",
                        (k, c) -> IOConnectCallStructMethod(c, kEcho, bytes(4), -1, null, null)),
                new Bad("null inputStruct with inputStructCnt=4", "contract.md §1", kIOReturnBadArgument,
                        "inputStruct is null",
                        (k, c) -> IOConnectCallStructMethod(c, kEcho, null, 4, null, null)),
                new Bad("inputStructCnt larger than the segment", "contract.md §1", kIOReturnBadArgument,
                        "inputStruct holds 4 bytes but inputStructCnt=8",
                        (k, c) -> IOConnectCallStructMethod(c, kEcho, bytes(4), 8, null, null)),
                new Bad("*outputStructCnt larger than the segment", "contract.md §1", kIOReturnBadArgument,
                        "outputStruct holds 4 bytes but *outputStructCnt=64",
                        (k, c) -> IOConnectCallStructMethod(c, kEcho, bytes(4), 4, bytes(4), new long[] {64})),
                new Bad("outputStructCnt with no element 0", "contract.md §1", kIOReturnBadArgument, "no element 0",
                        (k, c) -> IOConnectCallStructMethod(c, kEcho, bytes(4), 4, bytes(4), new long[0])),
                new Bad("struct size that disagrees with the dispatch entry", "apple-semantics.md §6.2",
                        kIOReturnBadArgument, "checkStructureInputSize=16, structure input size=8",
                        (k, c) -> IOConnectCallStructMethod(c, kReverse16, bytes(8), 8, bytes(16), new long[] {16})),
                new Bad("selector out of range", "apple-semantics.md §6.2; contract.md §3 point 1",
                        kIOReturnUnsupported, "dispatch=NULL",
                        (k, c) -> IOConnectCallScalarMethod(c, 1000, null, 0, null, null)),
                new Bad("connection 0", "apple-semantics.md §2.4", MACH_SEND_INVALID_DEST, "connection=0x00000000",
                        (k, c) -> IOConnectCallScalarMethod(0, kSum, TWO, 2, new long[1], new int[] {1})),
                new Bad("a service name used as a connection", "apple-semantics.md §5.1 step 1", kIOReturnBadArgument,
                        "names a RegistryEntry", (k, c) -> {
                            final int service = service();
                            final int result = IOConnectCallScalarMethod(service, kSum, TWO, 2, new long[1],
                                    new int[] {1});
                            IOObjectRelease(service);
                            return result;
                        }),
                new Bad("a closed connection", "apple-semantics.md §6.6", MACH_SEND_INVALID_DEST, "already released",
                        (k, c) -> {
                            final int closed = openAnother();
                            IOServiceClose(closed);
                            return IOConnectCallScalarMethod(closed, kSum, TWO, 2, new long[1], new int[] {1});
                        }),
                new Bad("service 0", "apple-semantics.md §9", MACH_SEND_INVALID_DEST, "service=0x00000000",
                        (k, c) -> IOServiceOpen(0, mach_task_self(), 0, new int[1])),
                new Bad("a released service name", "apple-semantics.md §9", MACH_SEND_INVALID_DEST,
                        "already released", (k, c) -> {
                            final int service = service();
                            IOObjectRelease(service);
                            return IOServiceOpen(service, mach_task_self(), 0, new int[1]);
                        }),
                new Bad("owningTask that names another object", "apple-semantics.md §9 step 1", kIOReturnBadArgument,
                        "is not the calling task", (k, c) -> {
                            final int service = service();
                            final int result = IOServiceOpen(service, service, 0, new int[1]);
                            IOObjectRelease(service);
                            return result;
                        }),
                new Bad("owningTask that is no name of the caller", "issue 8: Mach copies owningTask into the"
                        + " message (COPY_SEND)", MACH_SEND_INVALID_RIGHT, "is not a send right", (k, c) -> {
                            final int service = service();
                            final int result = IOServiceOpen(service, 12345, 0, new int[1]);
                            IOObjectRelease(service);
                            return result;
                        }),
                new Bad("NewUserClient returning an error", "apple-semantics.md §9 newUserClient",
                        kIOReturnNoResources, "NewUserClient(type=99)", (k, c) -> {
                            final int service = service();
                            final int[] out = {0};
                            final int result = IOServiceOpen(service, mach_task_self(), 99, out);
                            assertThat(out[0]).as("no connection on failure").isZero();
                            IOObjectRelease(service);
                            return result;
                        }),
                new Bad("null matching", "apple-semantics.md §9", kIOReturnBadArgument, "matching is null",
                        (k, c) -> IOServiceGetMatchingServices(kIOMainPortDefault, null, new int[1])),
                new Bad("a wake port the caller holds only a send right to", "contract.md §3 decided point 2",
                        MACH_SEND_INVALID_RIGHT, "needs the receive right", (k, c) -> {
                            final int[] main = new int[1];
                            IOMainPort(0, main);
                            final int result = IOConnectCallAsyncScalarMethod(c, kRegisterAsync, main[0],
                                    new long[3], 3, null, 0, null, null);
                            IOObjectRelease(main[0]);
                            return result;
                        }),
                new Bad("nine async reference slots", "apple-semantics.md §3", MIG_ARRAY_TOO_LARGE,
                        "referenceCnt=9 exceeds 8",
                        (k, c) -> IOConnectCallAsyncScalarMethod(c, kRegisterAsync, 0, new long[9], 9, null, 0, null,
                                null)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inputs")
    void shouldFailExplainAndLeakNothing(Bad bad) { // issue 2 "Bad input"; rule cited per case
        final int names = echo.names();
        echo.run(() -> {
            Diagnostics.clearLastFailure();
            final int result = bad.call().applyAsInt(0, connect);
            assertThat(IOReturn.describe(result)).isEqualTo(IOReturn.describe(bad.code()));
            assertThat(Diagnostics.lastFailure()).as("an explanation is recorded").isNotNull();
            assertThat(Diagnostics.lastFailure().explanation()).contains(bad.explains());
        });
        assertThat(echo.names()).as("the app's name space is back to its baseline").isEqualTo(names);
        assertThat(echo.userClients()).as("only the test's own user client exists").isEqualTo(1);
        echo.assertServes(connect);
    }

    @org.junit.jupiter.api.Test
    void shouldRefuseTheConnectionOfAnotherTask() { // issue 2 item 2: names mean nothing in another task
        final MachTask other = echo.kernel.createTask("other", Map.of());
        final int names = other.space().size();
        Caller.runAs(echo.kernel.caller(other), () -> {
            assertThat(IOConnectCallScalarMethod(connect, kSum, TWO, 2, new long[1], new int[] {1}))
                    .isEqualTo(MACH_SEND_INVALID_DEST);
            assertThat(Diagnostics.lastFailure().explanation()).contains("a name from another task");
        });
        assertThat(other.space().size()).isEqualTo(names);
        assertThat(echo.userClients()).isEqualTo(1);
        echo.assertServes(connect);
    }

    private static int service() {
        return IOServiceGetMatchingService(kIOMainPortDefault, IOServiceNameMatching(EchoKernel.DRIVER));
    }

    private static int openAnother() {
        final int service = service();
        final int[] out = new int[1];
        IOServiceOpen(service, mach_task_self(), 0, out);
        IOObjectRelease(service);
        return out[0];
    }
}
