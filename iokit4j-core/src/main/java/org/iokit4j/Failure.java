package org.iokit4j;

/**
 * A failed call as a value: Apple's code plus our explanation of why, in words.
 *
 * <p>This is what crosses a port when something goes wrong; no exception ever does. The Java layer turns
 * it into an {@link IOReturnException}; the faithful layer returns {@link #code()} and keeps the whole
 * value as the calling thread's {@linkplain Diagnostics#lastFailure() last failure}.
 *
 * @param code        the {@code IOReturn}, Mach or MIG code the caller sees.
 * @param explanation the rule that failed and the values that broke it, e.g.
 *                    {@code checkStructureOutputSize=16, structureOutputMaximumSize=4096}.
 */
public record Failure(int code, String explanation) {

    /** Rejects a success code (a failure must fail) and a missing explanation. */
    public Failure {
        if (code == IOReturn.kIOReturnSuccess) {
            throw new IllegalArgumentException("a Failure needs a failing code, got kIOReturnSuccess: " + explanation);
        }
        java.util.Objects.requireNonNull(explanation, "explanation");
    }

    /**
     * {@return a failure with {@code code} and a formatted explanation}
     *
     * @param code   an {@code IOReturn} code.
     * @param format the explanation, a {@link String#format} pattern.
     * @param args   its arguments.
     */
    public static Failure of(int code, String format, Object... args) {
        return new Failure(code, args.length == 0 ? format : String.format(format, args));
    }

    /**
     * {@return this failure with {@code context} put in front of the explanation}
     *
     * @param context where it happened, put before the explanation.
     */
    public Failure within(String context) {
        return new Failure(code, context + ": " + explanation);
    }

    @Override
    public String toString() {
        return IOReturn.describe(code) + ": " + explanation;
    }
}
