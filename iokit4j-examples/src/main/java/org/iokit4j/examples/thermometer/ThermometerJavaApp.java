package org.iokit4j.examples.thermometer;

import static org.iokit4j.examples.thermometer.ThermometerShared.kCopyHistory;
import static org.iokit4j.examples.thermometer.ThermometerShared.kHistoryBytes;
import static org.iokit4j.examples.thermometer.ThermometerShared.kReadTemperature;
import static org.iokit4j.examples.thermometer.ThermometerShared.kRising;
import static org.iokit4j.examples.thermometer.ThermometerShared.kSetThreshold;
import static org.iokit4j.examples.thermometer.ThermometerShared.kTemperatureProperty;
import static org.iokit4j.examples.thermometer.ThermometerShared.kThermometerServiceName;
import static org.iokit4j.examples.thermometer.ThermometerShared.kWatchThreshold;

import java.io.PrintStream;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.iokit4j.IOReturn;
import org.iokit4j.IOReturnException;
import org.iokit4j.client.Completion;
import org.iokit4j.client.Connection;
import org.iokit4j.client.IOKit;
import org.iokit4j.client.MethodResult;
import org.iokit4j.client.NotificationPort;
import org.iokit4j.client.Service;
import org.iokit4j.client.SharedBuffer;
import org.iokit4j.dispatch.DispatchQueue;

/**
 * The thermometer's app on the Java layer ({@code org.iokit4j.client}): the same steps as {@link ThermometerApp} with
 * {@link IOKit}, {@link Connection}, typed calls, a {@link java.util.concurrent.CompletableFuture} for the completion,
 * try-with-resources for everything, and {@link IOReturnException}s that explain. Run it with
 * {@code bash scripts/thermometer.sh --java}.
 */
public final class ThermometerJavaApp {
    private ThermometerJavaApp() {
    }

    /**
     * Runs the app against the default kernel (embedded, or the daemon {@code IOKIT4J_KERNEL} names).
     *
     * @param args ignored.
     */
    public static void main(String[] args) throws Exception {
        System.exit(run(System.out));
    }

    /**
     * Runs the app as the calling thread's task, printing to {@code out}.
     *
     * @return 0 on success, 1 on failure (what {@code main} exits with).
     * @throws InterruptedException if interrupted while waiting for the completion.
     */
    public static int run(PrintStream out) throws InterruptedException {
        final IOKit iokit = IOKit.system();
        try (Service service = iokit.service(IOKit.nameMatching(kThermometerServiceName)).orElseThrow(
                () -> new IOReturnException(IOReturn.kIOReturnNotFound, "no registered service named "
                        + kThermometerServiceName));
             Connection thermometer = service.open(0);
             DispatchQueue queue = DispatchQueue.create("thermometer-completions");
             NotificationPort port = NotificationPort.create().dispatchOn(queue);
             SharedBuffer history = iokit.allocate(kHistoryBytes)) {
            out.printf("Published %s: %s m°C%n", kTemperatureProperty, service.property(kTemperatureProperty));

            final long temperature = thermometer.call(kReadTemperature).scalarOutputs(1).invoke().scalar(0);
            out.printf("Temperature: %d m°C%n", temperature);

            final long threshold = temperature + 500;
            thermometer.call(kSetThreshold).scalars(threshold).invoke();
            out.printf("Threshold: %d m°C%n", threshold);

            // The future completes with the first AsyncCompletion the driver sends for this call.
            final Completion crossed = thermometer.call(kWatchThreshold).invokeAsync(port).get(60, TimeUnit.SECONDS);
            out.printf("Crossed %s: %d m°C%n", crossed.arg(1) == kRising ? "upwards" : "downwards", crossed.arg(0));

            // 64 KiB of memory shared with the driver: it writes the history straight into it.
            final MethodResult copied = thermometer.call(kCopyHistory).scalarOutputs(1)
                    .structureOutput(history.segment()).invoke();
            final long valid = copied.scalar(0);
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            for (int i = 0; i < valid; i++) {
                final long sample = history.segment().getAtIndex(ValueLayout.JAVA_LONG, i);
                min = Math.min(min, sample);
                max = Math.max(max, sample);
            }
            out.printf("History: %d samples (%d bytes), from %d to %d m°C%n", valid, copied.structureSize(), min, max);
            return 0;
        } catch (IOReturnException failure) {
            out.printf("Failed: %s%n", failure.getMessage());
            return 1;
        } catch (ExecutionException failure) {
            out.printf("Failed: %s%n", failure.getCause().getMessage());
            return 1;
        } catch (TimeoutException timeout) {
            out.println("No crossing within 60 s");
            return 1;
        }
    }
}
