package org.iokit4j.examples.thermometer;

/**
 * What the thermometer's dext and its apps share, as a C header ({@code ThermometerShared.h}) would: the service's
 * name, the selectors, the completion's arguments and the history's size.
 *
 * <pre>
 * enum { kReadTemperature = 0, kSetThreshold = 1, kWatchThreshold = 2, kCopyHistory = 3, kNumberOfMethods };
 * #define kHistorySamples 8192                          // int64_t milli-degrees each
 * #define kHistoryBytes   (kHistorySamples * 8)         // 65536: more than 4096, so it travels as a descriptor
 * </pre>
 */
public final class ThermometerShared {
    /** The service's registry name, its {@code IOUserClass}: what apps match with {@code IOServiceNameMatching}. */
    public static final String kThermometerServiceName = "org.iokit4j.examples.thermometer.Thermometer";
    /** The personality's {@code CFBundleIdentifier}: what an app's {@code userclient-access} entitlement lists. */
    public static final String kThermometerBundleIdentifier = "org.iokit4j.examples.Thermometer";
    /** The property the service publishes each sample: the current temperature in milli-degrees Celsius. */
    public static final String kTemperatureProperty = "Temperature";

    /** Sync. No input; one scalar out: the current temperature in milli-degrees Celsius. */
    public static final int kReadTemperature = 0;
    /** Sync. One scalar in: the threshold in milli-degrees Celsius ({@link #kThresholdMin}..{@link #kThresholdMax}). */
    public static final int kSetThreshold = 1;
    /**
     * Async. No input or output; the driver keeps the call's completion and sends, at every crossing of the threshold,
     * {@code AsyncCompletion(kIOReturnSuccess, {temperature, direction})}: {@code direction} is
     * {@link #kRising} or {@link #kFalling}.
     */
    public static final int kWatchThreshold = 2;
    /**
     * Sync. One scalar out (how many samples are valid) and a structure output of exactly {@link #kHistoryBytes}: the
     * last {@link #kHistorySamples} samples, oldest first, zeros after the valid ones.
     */
    public static final int kCopyHistory = 3;
    /** Has to be last: the number of selectors. */
    public static final int kNumberOfMethods = 4;

    /** The completion's second argument for a crossing upwards (the temperature reached the threshold). */
    public static final long kRising = 1;
    /** The completion's second argument for a crossing downwards (the temperature fell below the threshold). */
    public static final long kFalling = 0;

    /** How many samples the history holds. */
    public static final int kHistorySamples = 8192;
    /** The history's size in bytes: 65536 ({@code int64_t} milli-degrees each, native byte order). */
    public static final int kHistoryBytes = kHistorySamples * Long.BYTES;

    /** The lowest threshold {@link #kSetThreshold} accepts: absolute zero, in milli-degrees Celsius. */
    public static final long kThresholdMin = -273_150;
    /** The highest threshold {@link #kSetThreshold} accepts: 1000 degrees Celsius. */
    public static final long kThresholdMax = 1_000_000;

    private ThermometerShared() {
    }
}
