package org.iokit4j.kernel;

import org.iokit4j.Failure;

/**
 * A rule the caller broke, thrown inside the kernel and turned back into a {@link Failure} at the routine's
 * boundary: no exception ever leaves a MIG routine.
 *
 * <p>It carries no stack trace: it is an answer, not a bug.
 */
public final class KernelFault extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Failure failure;

    /**
     * Creates the fault for {@code failure}.
     *
     * @param failure the routine's failure.
     */
    public KernelFault(Failure failure) {
        super(failure.toString(), null, false, false);
        this.failure = failure;
    }

    /**
     * {@return a fault with {@code code} and a formatted explanation}
     *
     * @param code   the {@code IOReturn} code.
     * @param format the explanation, a {@link String#format} pattern.
     * @param args   its arguments.
     */
    public static KernelFault of(int code, String format, Object... args) {
        return new KernelFault(Failure.of(code, format, args));
    }

    /** {@return the failure as a value} */
    public Failure failure() {
        return failure;
    }
}
