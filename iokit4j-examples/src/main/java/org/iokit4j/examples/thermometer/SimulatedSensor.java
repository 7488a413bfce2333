package org.iokit4j.examples.thermometer;

/**
 * The thermometer's hardware, simulated: sample {@code n} of a triangle wave that climbs from 20.000 °C to
 * 30.000 °C in steps of 0.250 °C and falls back, one step per sample ({@link #PERIOD} samples per cycle). A real dext
 * would read a register here; the wave makes every threshold between the two bounds crossed twice per cycle.
 */
final class SimulatedSensor {
    /** The lowest reading, in milli-degrees Celsius. */
    static final long LOW = 20_000;
    /** The highest reading, in milli-degrees Celsius. */
    static final long HIGH = 30_000;
    /** One step, in milli-degrees Celsius: every reading is {@code LOW + k * STEP}. */
    static final long STEP = 250;
    /** Samples per cycle: up in {@code PERIOD / 2} steps, then down. */
    static final int PERIOD = (int) (2 * (HIGH - LOW) / STEP);

    private SimulatedSensor() {
    }

    /** {@return the reading of sample {@code n} (0, 1, 2, …), in milli-degrees Celsius} */
    static long read(long n) {
        final long phase = Math.floorMod(n, PERIOD);
        final long steps = phase <= PERIOD / 2 ? phase : PERIOD - phase;
        return LOW + steps * STEP;
    }
}
