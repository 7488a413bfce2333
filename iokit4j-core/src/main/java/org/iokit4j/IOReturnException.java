package org.iokit4j;

/**
 * Thrown by the Java layer when a call fails: carries Apple's code and our explanation.
 *
 * <p>The message reads {@code kIOReturnBadArgument (0xE00002C2): checkScalarInputCount=2, scalarInputCount=3 …};
 * {@link #code()} is the raw value for code that switches on it.
 */
public final class IOReturnException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Failure failure;

    /**
     * Creates the exception for {@code failure}.
     *
     * @param failure the failure.
     */
    public IOReturnException(Failure failure) {
        super(failure.toString());
        this.failure = failure;
    }

    /**
     * Creates the exception for {@code code} and {@code explanation}.
     *
     * @param code        an {@code IOReturn} code.
     * @param explanation why, in words.
     */
    public IOReturnException(int code, String explanation) {
        this(new Failure(code, explanation));
    }

    /** {@return the {@code IOReturn}, Mach or MIG code} */
    public int code() {
        return failure.code();
    }

    /** {@return why the call failed, in words} */
    public String explanation() {
        return failure.explanation();
    }

    /** {@return the failure as a value} */
    public Failure failure() {
        return failure;
    }
}
