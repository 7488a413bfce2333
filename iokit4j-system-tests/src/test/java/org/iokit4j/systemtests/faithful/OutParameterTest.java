package org.iokit4j.systemtests.faithful;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.iokitlib.IOKitLib.*;

import java.util.function.IntSupplier;
import java.util.stream.Stream;
import org.iokit4j.Diagnostics;
import org.iokit4j.systemtests.EchoKernel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every IOKitLib function that writes through an out-parameter refuses a null or empty array with
 * kIOReturnBadArgument and names it, where C would crash on a NULL pointer (contract.md §1: {@code T[]} of length
 * ≥ 1); nothing is thrown and nothing leaks.
 */
class OutParameterTest {
    private static EchoKernel echo;
    private static int service;
    private int baseline;

    @BeforeEach
    void boot() {
        echo = new EchoKernel();
        service = echo.call(() -> IOServiceGetMatchingService(kIOMainPortDefault,
                IOServiceNameMatching(EchoKernel.DRIVER)));
        baseline = echo.names();
    }

    @AfterEach
    void close() {
        echo.close();
    }

    static Stream<Arguments> calls() {
        return Stream.of(
                call("IOMainPort", "mainPort", () -> IOMainPort(MACH_PORT_NULL, null)),
                call("IOMainPort", "mainPort", () -> IOMainPort(MACH_PORT_NULL, new int[0])),
                call("IOServiceGetMatchingServices", "iterator",
                        () -> IOServiceGetMatchingServices(kIOMainPortDefault, IOServiceMatching("IOService"), null)),
                call("IORegistryEntryGetName", "name", () -> IORegistryEntryGetName(service, new String[0])),
                call("IORegistryEntryGetRegistryEntryID", "entryID",
                        () -> IORegistryEntryGetRegistryEntryID(service, null)),
                call("IOObjectGetClass", "className", () -> IOObjectGetClass(service, new String[0])),
                call("IOServiceOpen", "connect", () -> IOServiceOpen(service, mach_task_self(), 0, null)),
                call("IOConnectMapMemory64", "address",
                        () -> IOConnectMapMemory64(service, 0, mach_task_self(), null, new long[1], kIOMapAnywhere)),
                call("IOConnectMapMemory64", "size",
                        () -> IOConnectMapMemory64(service, 0, mach_task_self(), new long[1], new long[0], 0)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("calls")
    void shouldRefuseAMissingOutParameterAndNameIt(String function, String parameter, IntSupplier call) {
        // contract.md §1: out-parameters are arrays of length >= 1
        echo.run(() -> {
            assertThat(call.getAsInt()).isEqualTo(kIOReturnBadArgument);
            assertThat(Diagnostics.lastFailure().explanation()).startsWith(function + ": " + parameter + " must be a");
        });
        assertThat(echo.names()).as("nothing leaked").isEqualTo(baseline);
    }

    private static Arguments call(String function, String parameter, IntSupplier call) {
        return Arguments.of(function, parameter, call);
    }
}
