package org.iokit4j.iokitlib;

/**
 * Mach's {@code mach_timespec_t}: a time span in seconds and nanoseconds, as {@link IOKitLib#IOServiceWaitQuiet} and
 * {@link IOKitLib#IOKitWaitQuiet} take it (a {@code null} one waits without a limit, as a NULL pointer does).
 *
 * <p>The kernel reads it as XNU's {@code is_io_service_wait_quiet} does (iokit/Kernel/IOUserClient.cpp): {@code tv_sec}
 * is unsigned ({@code unsigned int}), {@code tv_nsec} signed ({@code clock_res_t}), and the wait lasts
 * {@code tv_sec * 1,000,000,000 + tv_nsec} nanoseconds in unsigned 64-bit arithmetic. So {@code (0, -1)}, IOKitLib's
 * default, is {@code UINT64_MAX}: no limit; {@code tv_nsec} may exceed a second, and a negative one shortens
 * {@code tv_sec}.
 *
 * @param tv_sec  whole seconds, unsigned.
 * @param tv_nsec nanoseconds, added as a signed value.
 */
public record mach_timespec_t(int tv_sec, int tv_nsec) {
    /** {@return the span in nanoseconds as the kernel computes it: unsigned, -1 ({@code UINT64_MAX}) for no limit} */
    long nanoseconds() {
        return Integer.toUnsignedLong(tv_sec) * 1_000_000_000L + tv_nsec;
    }
}
