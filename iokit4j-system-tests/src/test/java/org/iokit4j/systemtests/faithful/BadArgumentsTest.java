package org.iokit4j.systemtests.faithful;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.iokitlib.CoreFoundation.*;
import static org.iokit4j.iokitlib.IOKitLib.*;
import static org.iokit4j.systemtests.echo.EchoUserClient.kArguments;
import static org.iokit4j.systemtests.echo.EchoUserClient.kEcho;

import java.lang.foreign.MemorySegment;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.iokit4j.Diagnostics;
import org.iokit4j.IOReturn;
import org.iokit4j.iokitlib.CoreFoundation;
import org.iokit4j.iokitlib.IOKitLib;
import org.iokit4j.iokitlib.IONotificationPortRef;
import org.iokit4j.systemtests.EchoKernel;
import org.iokit4j.systemtests.echo.EchoDriver;
import org.iokit4j.systemtests.echo.EchoUserClient;
import org.iokit4j.systemtests.support.BadBuffers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 8 deliverable 2, "the faithful layer returns codes": every IOKitLib (and CoreFoundation) function that takes
 * an argument, walked with the bad values of each parameter ({@link BadArgumentTable}). Each answers Apple's code
 * (or, where C would crash, {@code kIOReturnBadArgument}), records an explanation naming the parameter, throws
 * nothing, sends nothing to the driver (the echo dext counts its {@code ExternalMethod}, {@code NewUserClient},
 * {@code CopyClientMemoryForType} and {@code Stop} calls), and leaves the task's name space as it found it.
 */
class BadArgumentsTest {
    /** Functions with no bad value for any parameter, and why. */
    private static final Set<String> NOTHING_BAD = Set.of(
            "IORegistryEntryIDMatching", // every long is an ID; one no entry has matches nothing
            "asyncCalloutUnregister", // any long: false when it is no registered value
            "IONotificationPortCreate", // any mainPort is kept, as IOKitLib does; its use fails (see the table)
            "IOMasterPort", // IOMainPort's old name: its row calls it, and the failure names IOMainPort
            "mach_task_self", "CFRunLoopGetCurrent", "CFRunLoopGetMain", "CFRunLoopRun"); // no arguments
    /** The void CoreFoundation functions, which throw NullPointerException instead (see shouldThrowNpe…). */
    private static final Set<String> THROWS_NPE = Set.of("CFRunLoopAddSource", "CFRunLoopRemoveSource",
            "CFRunLoopStop", "CFRunLoopWakeUp");

    private EchoKernel echo;
    private BadBuffers buffers;
    private BadArgumentTable.Env env;

    @BeforeEach
    void boot() {
        echo = new EchoKernel();
        buffers = new BadBuffers();
        final int connect = echo.open(0);
        env = echo.call(() -> {
            final int service = IOServiceGetMatchingService(kIOMainPortDefault, IOServiceNameMatching(
                    EchoKernel.DRIVER));
            final IONotificationPortRef port = IONotificationPortCreate(kIOMainPortDefault);
            return new BadArgumentTable.Env(echo, connect, service, port, buffers);
        });
    }

    @AfterEach
    void shutdown() {
        buffers.close();
        echo.close();
    }

    static Stream<BadArgumentTable.Bad> table() {
        return BadArgumentTable.rows().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void shouldAnswerTheCodeNameTheParameterSendNothingAndLeakNothing(BadArgumentTable.Bad bad) {
        // issue 8 deliverable 2; the rule behind each code is cited in the row
        final int names = echo.names();
        final int calls = EchoUserClient.CALLS.get();
        final int memory = EchoUserClient.MEMORY_REQUESTS.get();
        final int clients = EchoDriver.CLIENTS.get();
        final int stops = EchoUserClient.STOPS.get();
        echo.run(() -> {
            Diagnostics.clearLastFailure();
            final int code = bad.call().applyAsInt(env);
            assertThat(IOReturn.describe(code)).isEqualTo(IOReturn.describe(bad.code()));
            assertThat(Diagnostics.lastFailure()).as("an explanation is recorded").isNotNull();
            assertThat(Diagnostics.lastFailure().code()).isEqualTo(bad.code());
            assertThat(Diagnostics.lastFailure().explanation()).startsWith(bad.function() + ": ")
                    .contains(bad.parameter()).contains(bad.explains());
        });
        assertThat(EchoUserClient.CALLS.get()).as("no ExternalMethod ran").isEqualTo(calls);
        assertThat(EchoUserClient.MEMORY_REQUESTS.get()).as("no CopyClientMemoryForType ran").isEqualTo(memory);
        assertThat(EchoDriver.CLIENTS.get()).as("no user client was made").isEqualTo(clients);
        assertThat(EchoUserClient.STOPS.get()).as("no user client was stopped").isEqualTo(stops);
        assertThat(echo.names()).as("the task's name space is back to its baseline").isEqualTo(names);
        assertThat(echo.userClients()).as("only the test's own user client exists").isEqualTo(1);
        echo.assertServes(env.connect());
        echo.run(() -> {
            final int[] again = new int[1];
            assertThat(IOServiceOpen(env.service(), mach_task_self(), 0, again))
                    .as("mach_task_self() still names the task").isEqualTo(kIOReturnSuccess);
            assertThat(IOServiceClose(again[0])).isEqualTo(kIOReturnSuccess);
        });
    }

    @Test
    void shouldAcceptReadOnlyInputStructuresInlineAndLarge() { // issue 8: only output buffers must be writable
        echo.run(() -> {
            final MemorySegment in = MemorySegment.ofArray("hello".getBytes()).asReadOnly();
            final MemorySegment out = MemorySegment.ofArray(new byte[5]);
            final long[] outCnt = {5};
            assertThat(IOConnectCallStructMethod(env.connect(), kEcho, in, 5, out, outCnt)).isEqualTo(kIOReturnSuccess);
            assertThat(new String(out.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE))).isEqualTo("hello");
            assertThat(IOConnectCallStructMethod(env.connect(), kArguments, buffers.readOnlyLarge, BadBuffers.LARGE,
                    null, null)).isEqualTo(kIOReturnSuccess);
            assertThat(EchoUserClient.lastArguments).contains("structureInputDescriptor=true");
        });
    }

    @Test
    void shouldThrowNullPointerExceptionNamingTheParameterFromTheVoidRunLoopFunctions() {
        // issue 8 deliverable 2: a void function may throw NPE naming the parameter (CoreFoundation's Javadoc)
        echo.run(() -> {
            final org.iokit4j.iokitlib.CFRunLoopSource source = IONotificationPortGetRunLoopSource(env.port());
            final org.iokit4j.iokitlib.CFRunLoop loop = CFRunLoopGetCurrent();
            assertNpe(() -> CFRunLoopAddSource(null, source, kCFRunLoopDefaultMode), "rl");
            assertNpe(() -> CFRunLoopAddSource(loop, null, kCFRunLoopDefaultMode), "source");
            assertNpe(() -> CFRunLoopAddSource(loop, source, null), "mode");
            assertNpe(() -> CFRunLoopRemoveSource(null, source, kCFRunLoopDefaultMode), "rl");
            assertNpe(() -> CFRunLoopRemoveSource(loop, null, kCFRunLoopDefaultMode), "source");
            assertNpe(() -> CFRunLoopRemoveSource(loop, source, null), "mode");
            assertNpe(() -> CFRunLoopStop(null), "rl");
            assertNpe(() -> CFRunLoopWakeUp(null), "rl");
            assertThat(CFRunLoopContainsSource(loop, source, kCFRunLoopDefaultMode)).as("nothing was added").isFalse();
        });
    }

    @Test
    void shouldCoverEveryFunctionThatTakesAnArgument() { // issue 8: "go through EVERY public function"
        final Set<String> covered = BadArgumentTable.rows().stream().map(BadArgumentTable.Bad::function)
                .collect(Collectors.toSet());
        final Set<String> missing = new TreeSet<>();
        for (Class<?> type : new Class<?>[] {IOKitLib.class, org.iokit4j.iokitlib.CallFunctions.class,
            org.iokit4j.iokitlib.NotificationFunctions.class, CoreFoundation.class}) {
            for (Method method : type.getDeclaredMethods()) {
                final String name = method.getName();
                if (Modifier.isPublic(method.getModifiers()) && !covered.contains(name)
                        && !NOTHING_BAD.contains(name) && !THROWS_NPE.contains(name)) {
                    missing.add(name + Arrays.toString(method.getParameterTypes()));
                }
            }
        }
        assertThat(missing).as("functions with no bad-argument row").isEmpty();
    }

    private static void assertNpe(Runnable call, String parameter) {
        try {
            call.run();
        } catch (NullPointerException expected) {
            assertThat(expected).hasMessage(parameter);
            return;
        }
        throw new AssertionError("no NullPointerException for a null " + parameter);
    }
}
