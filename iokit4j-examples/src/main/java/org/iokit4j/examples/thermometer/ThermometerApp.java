package org.iokit4j.examples.thermometer;

import static org.iokit4j.examples.thermometer.ThermometerShared.kCopyHistory;
import static org.iokit4j.examples.thermometer.ThermometerShared.kHistoryBytes;
import static org.iokit4j.examples.thermometer.ThermometerShared.kReadTemperature;
import static org.iokit4j.examples.thermometer.ThermometerShared.kRising;
import static org.iokit4j.examples.thermometer.ThermometerShared.kSetThreshold;
import static org.iokit4j.examples.thermometer.ThermometerShared.kTemperatureProperty;
import static org.iokit4j.examples.thermometer.ThermometerShared.kThermometerServiceName;
import static org.iokit4j.examples.thermometer.ThermometerShared.kWatchThreshold;
import static org.iokit4j.iokitlib.CoreFoundation.CFRunLoopAddSource;
import static org.iokit4j.iokitlib.CoreFoundation.CFRunLoopGetCurrent;
import static org.iokit4j.iokitlib.CoreFoundation.CFRunLoopRunInMode;
import static org.iokit4j.iokitlib.CoreFoundation.CFRunLoopStop;
import static org.iokit4j.iokitlib.CoreFoundation.kCFRunLoopDefaultMode;
import static org.iokit4j.iokitlib.CoreFoundation.kCFRunLoopRunStopped;
import static org.iokit4j.iokitlib.IOKitLib.*;

import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.iokit4j.Diagnostics;
import org.iokit4j.iokitlib.CFRunLoop;
import org.iokit4j.iokitlib.IOAsyncCallback2;
import org.iokit4j.iokitlib.IONotificationPortRef;

/**
 * The thermometer's app as a C programmer writes it, ported line by line: IOKitLib's functions with Apple's names,
 * argument order and codes ({@code import static org.iokit4j.iokitlib.IOKitLib.*}), out-parameters as one-element
 * arrays, the history buffer as a {@link MemorySegment}, the completion callback registered with
 * {@link org.iokit4j.iokitlib.IOKitLib#asyncCallout} and delivered on a run loop.
 *
 * <p>It finds the service by name, reads the published property and the temperature, sets a threshold half a degree
 * above the current reading, waits (running the run loop) for the completion of the first crossing, copies the
 * 64 KiB history and prints a summary. Run it with {@code bash scripts/thermometer.sh}.
 */
public final class ThermometerApp {
    private ThermometerApp() {
    }

    /**
     * Runs the app against the default kernel (embedded, or the daemon {@code IOKIT4J_KERNEL} names).
     *
     * @param args ignored.
     */
    public static void main(String[] args) {
        System.exit(run(System.out));
    }

    /**
     * Runs the app as the calling thread's task, printing to {@code out}.
     *
     * @return 0 on success, 1 on failure (what {@code main} exits with).
     */
    public static int run(PrintStream out) {
        // io_service_t service = IOServiceGetMatchingService(kIOMainPortDefault, IOServiceNameMatching(name));
        final int service = IOServiceGetMatchingService(kIOMainPortDefault,
                IOServiceNameMatching(kThermometerServiceName));
        if (service == IO_OBJECT_NULL) {
            out.printf("Thermometer not found: %s%n", Diagnostics.lastFailure());
            return 1;
        }
        // CFNumberRef temperature = IORegistryEntryCreateCFProperty(service, CFSTR("Temperature"), NULL, 0);
        final Object published = IORegistryEntryCreateCFProperty(service, kTemperatureProperty);
        out.printf("Published %s: %s m°C%n", kTemperatureProperty, published);

        // io_connect_t connection; kr = IOServiceOpen(service, mach_task_self(), 0, &connection);
        final int[] connection = new int[1];
        int kr = IOServiceOpen(service, mach_task_self(), 0, connection);
        IOObjectRelease(service);
        if (kr != kIOReturnSuccess) {
            out.printf("IOServiceOpen failed: 0x%08x (%s)%n", kr, Diagnostics.lastFailure());
            return 1;
        }
        final IONotificationPortRef notifyPort = IONotificationPortCreate(kIOMainPortDefault);
        try (Arena arena = Arena.ofShared()) {
            // uint64_t temperature; uint32_t outputCount = 1;
            final long[] temperature = new long[1];
            final int[] outputCount = {1};
            kr = IOConnectCallScalarMethod(connection[0], kReadTemperature, null, 0, temperature, outputCount);
            if (kr != kIOReturnSuccess) {
                return failed(out, "kReadTemperature", kr);
            }
            out.printf("Temperature: %d m°C%n", temperature[0]);

            final long threshold = temperature[0] + 500;
            kr = IOConnectCallScalarMethod(connection[0], kSetThreshold, new long[] {threshold}, 1, null, null);
            if (kr != kIOReturnSuccess) {
                return failed(out, "kSetThreshold", kr);
            }
            out.printf("Threshold: %d m°C%n", threshold);

            // The completion carries two arguments, so IOKitLib calls an IOAsyncCallback2.
            final CFRunLoop runLoop = CFRunLoopGetCurrent();
            CFRunLoopAddSource(runLoop, IONotificationPortGetRunLoopSource(notifyPort), kCFRunLoopDefaultMode);
            final long[] crossing = new long[3];
            final IOAsyncCallback2 thresholdCrossed = (refcon, result, milliDegrees, direction) -> {
                crossing[0] = 1;
                crossing[1] = milliDegrees;
                crossing[2] = direction;
                CFRunLoopStop(runLoop);
            };
            // uint64_t asyncRef[kOSAsyncRef64Count]; asyncRef[kIOAsyncCalloutFuncIndex] = (uint64_t) callback;
            final long[] asyncRef = new long[kOSAsyncRef64Count];
            asyncRef[kIOAsyncCalloutFuncIndex] = asyncCallout(thresholdCrossed);
            asyncRef[kIOAsyncCalloutRefconIndex] = 0;
            kr = IOConnectCallAsyncScalarMethod(connection[0], kWatchThreshold,
                    IONotificationPortGetMachPort(notifyPort), asyncRef, kIOAsyncCalloutCount, null, 0, null, null);
            if (kr != kIOReturnSuccess) {
                return failed(out, "kWatchThreshold", kr);
            }
            // CFRunLoopRun(), with a guard: the callback stops the run loop at the first crossing.
            if (CFRunLoopRunInMode(kCFRunLoopDefaultMode, 60.0, false) != kCFRunLoopRunStopped || crossing[0] == 0) {
                out.println("No crossing within 60 s");
                return 1;
            }
            out.printf("Crossed %s: %d m°C%n", crossing[2] == kRising ? "upwards" : "downwards", crossing[1]);

            // A 64 KiB output buffer: more than 4096 bytes, so the driver writes straight into it.
            final MemorySegment history = arena.allocate(kHistoryBytes, 8);
            final long[] validSamples = new long[1];
            final int[] validCount = {1};
            final long[] historySize = {kHistoryBytes};
            kr = IOConnectCallMethod(connection[0], kCopyHistory, null, 0, null, 0, validSamples, validCount,
                    history, historySize);
            if (kr != kIOReturnSuccess) {
                return failed(out, "kCopyHistory", kr);
            }
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            for (int i = 0; i < validSamples[0]; i++) {
                final long sample = history.getAtIndex(ValueLayout.JAVA_LONG, i);
                min = Math.min(min, sample);
                max = Math.max(max, sample);
            }
            out.printf("History: %d samples (%d bytes), from %d to %d m°C%n", validSamples[0], historySize[0], min,
                    max);
            return 0;
        } finally {
            IOServiceClose(connection[0]);
            IONotificationPortDestroy(notifyPort);
        }
    }

    private static int failed(PrintStream out, String method, int kr) {
        out.printf("%s failed: 0x%08x (%s)%n", method, kr, Diagnostics.lastFailure());
        return 1;
    }
}
