package org.iokit4j.examples.thermometer;

import static org.iokit4j.IOReturn.kIOReturnBadArgument;
import static org.iokit4j.IOReturn.kIOReturnError;
import static org.iokit4j.IOReturn.kIOReturnSuccess;
import static org.iokit4j.examples.thermometer.ThermometerShared.kCopyHistory;
import static org.iokit4j.examples.thermometer.ThermometerShared.kFalling;
import static org.iokit4j.examples.thermometer.ThermometerShared.kHistoryBytes;
import static org.iokit4j.examples.thermometer.ThermometerShared.kHistorySamples;
import static org.iokit4j.examples.thermometer.ThermometerShared.kNumberOfMethods;
import static org.iokit4j.examples.thermometer.ThermometerShared.kReadTemperature;
import static org.iokit4j.examples.thermometer.ThermometerShared.kRising;
import static org.iokit4j.examples.thermometer.ThermometerShared.kSetThreshold;
import static org.iokit4j.examples.thermometer.ThermometerShared.kThresholdMax;
import static org.iokit4j.examples.thermometer.ThermometerShared.kThresholdMin;
import static org.iokit4j.examples.thermometer.ThermometerShared.kWatchThreshold;

import java.lang.foreign.MemorySegment;
import org.iokit4j.driverkit.IOMemoryMap;
import org.iokit4j.driverkit.IOService;
import org.iokit4j.driverkit.IOUserClient;
import org.iokit4j.driverkit.IOUserClientMethodArguments;
import org.iokit4j.driverkit.IOUserClientMethodDispatch;
import org.iokit4j.driverkit.OSAction;
import org.iokit4j.driverkit.OSObject;

/**
 * The thermometer's user client: one per {@code IOServiceOpen}, with a dispatch table of four external methods
 * ({@link ThermometerShared}): read the temperature, set a threshold, watch the threshold (async: the call's
 * {@link OSAction} is kept, and completed at every crossing the service's timer sees), and copy the 64 KiB history
 * into the caller's buffer, which arrives as {@code structureOutputDescriptor} because it is larger than 4096 bytes.
 *
 * <p>The table's checks run before each method, so the methods themselves do not validate counts and sizes: a call
 * with the wrong ones gets {@code kIOReturnBadArgument} and an explanation naming the check. {@code Stop} releases the
 * kept completion (the app's pending call then ends: the kernel aborts the action).
 *
 * <p><b>Concurrency.</b> {@code ExternalMethod} and {@link #sampled} both run on the driver server's {@code Default}
 * queue (the service's timer is on it), one at a time.
 */
public class ThermometerUserClient extends IOUserClient {
    private static final IOUserClientMethodDispatch[] METHODS = new IOUserClientMethodDispatch[kNumberOfMethods];

    static {
        METHODS[kReadTemperature] = IOUserClientMethodDispatch.builder(ThermometerUserClient::ReadTemperature)
                .checkCompletionExists(false).checkScalarInputCount(0).checkStructureInputSize(0)
                .checkScalarOutputCount(1).checkStructureOutputSize(0).build();
        METHODS[kSetThreshold] = IOUserClientMethodDispatch.builder(ThermometerUserClient::SetThreshold)
                .checkCompletionExists(false).checkScalarInputCount(1).checkStructureInputSize(0)
                .checkScalarOutputCount(0).checkStructureOutputSize(0).build();
        METHODS[kWatchThreshold] = IOUserClientMethodDispatch.builder(ThermometerUserClient::WatchThreshold)
                .checkCompletionExists(true).checkScalarInputCount(0).checkStructureInputSize(0)
                .checkScalarOutputCount(0).checkStructureOutputSize(0).build();
        METHODS[kCopyHistory] = IOUserClientMethodDispatch.builder(ThermometerUserClient::CopyHistory)
                .checkCompletionExists(false).checkScalarInputCount(0).checkStructureInputSize(0)
                .checkScalarOutputCount(1).checkStructureOutputSize(kHistoryBytes).build();
    }

    private Thermometer thermometer;
    private boolean thresholdSet;
    private long threshold;
    private OSAction watch;

    @Override
    public int Start(IOService provider) {
        final int ret = super.Start(provider);
        if (ret != kIOReturnSuccess) {
            return ret;
        }
        if (!(provider instanceof Thermometer service)) {
            return kIOReturnError;
        }
        thermometer = service;
        thermometer.attach(this);
        return kIOReturnSuccess;
    }

    @Override
    public int Stop(IOService provider) {
        if (thermometer != null) {
            thermometer.detach(this);
        }
        if (watch != null) { // the app's pending kWatchThreshold call ends: its action is aborted
            watch.release();
            watch = null;
        }
        return super.Stop(provider);
    }

    @Override
    public int ExternalMethod(long selector, IOUserClientMethodArguments arguments,
                              IOUserClientMethodDispatch dispatch, OSObject target, Object reference) {
        // Selectors are unsigned; one past the table keeps dispatch == null: the base answers kIOReturnUnsupported.
        if (Long.compareUnsigned(selector, kNumberOfMethods) < 0) {
            dispatch = METHODS[(int) selector];
            target = target == null ? this : target;
        }
        return super.ExternalMethod(selector, arguments, dispatch, target, reference);
    }

    static int ReadTemperature(OSObject target, Object reference, IOUserClientMethodArguments arguments) {
        arguments.scalarOutput[0] = ((ThermometerUserClient) target).thermometer.temperature();
        return kIOReturnSuccess;
    }

    static int SetThreshold(OSObject target, Object reference, IOUserClientMethodArguments arguments) {
        final long milliDegrees = arguments.scalarInput[0];
        if (milliDegrees < kThresholdMin || milliDegrees > kThresholdMax) {
            return kIOReturnBadArgument; // the table checks counts; values are the method's to check
        }
        final ThermometerUserClient self = (ThermometerUserClient) target;
        self.threshold = milliDegrees;
        self.thresholdSet = true;
        return kIOReturnSuccess;
    }

    static int WatchThreshold(OSObject target, Object reference, IOUserClientMethodArguments arguments) {
        final ThermometerUserClient self = (ThermometerUserClient) target;
        // The completion lives only during this call unless retained; keep it for the timer (replacing an earlier one).
        arguments.completion.retain();
        final OSAction replaced = self.watch;
        self.watch = arguments.completion;
        if (replaced != null) {
            replaced.release();
        }
        return kIOReturnSuccess;
    }

    static int CopyHistory(OSObject target, Object reference, IOUserClientMethodArguments arguments) {
        // 65536 bytes > 4096: the caller's buffer arrives as a descriptor, and the driver writes through a mapping.
        final IOMemoryMap[] map = new IOMemoryMap[1];
        final int ret = arguments.structureOutputDescriptor.CreateMapping(0, 0, 0, 0, 0, map);
        if (ret != kIOReturnSuccess) {
            return ret;
        }
        try {
            final long[] samples = new long[kHistorySamples];
            final int valid = ((ThermometerUserClient) target).thermometer.copyHistory(samples);
            MemorySegment.copy(MemorySegment.ofArray(samples), 0, map[0].segment(), 0, kHistoryBytes);
            arguments.scalarOutput[0] = valid;
            return kIOReturnSuccess;
        } finally {
            map[0].release();
        }
    }

    /** The service took a sample: complete the kept call if the temperature crossed the threshold. */
    void sampled(long previous, long current) {
        if (watch == null || !thresholdSet) {
            return;
        }
        if (previous < threshold && current >= threshold) {
            AsyncCompletion(watch, kIOReturnSuccess, new long[] {current, kRising}, 2);
        } else if (previous >= threshold && current < threshold) {
            AsyncCompletion(watch, kIOReturnSuccess, new long[] {current, kFalling}, 2);
        }
    }

}
