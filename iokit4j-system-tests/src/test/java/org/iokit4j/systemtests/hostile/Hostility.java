package org.iokit4j.systemtests.hostile;

import java.io.IOException;
import org.iokit4j.Failure;
import org.iokit4j.IOReturn;
import org.iokit4j.IOReturnException;

/**
 * Every kind of {@link Throwable} untrusted code can throw (issue 8: "drivers and callbacks throwing every kind of
 * Throwable"), each thrown for real: a real stack overflow, a real (if tiny) out-of-memory, a checked exception
 * thrown sneakily.
 */
public enum Hostility {
    RUNTIME_EXCEPTION {
        @Override
        void raise() {
            throw new IllegalStateException("hostile RuntimeException");
        }
    },
    OUT_OF_MEMORY {
        @Override
        void raise() {
            final long[][] hold = new long[1][];
            hold[0] = new long[Integer.MAX_VALUE]; // "Requested array size exceeds VM limit": no memory is used
        }
    },
    STACK_OVERFLOW {
        @Override
        void raise() {
            recurse(0);
        }
    },
    INTERNAL_ERROR {
        @Override
        void raise() {
            throw new InternalError("hostile InternalError");
        }
    },
    CUSTOM_ERROR {
        @Override
        void raise() {
            throw new HostileError();
        }
    },
    ASSERTION_ERROR {
        @Override
        void raise() {
            throw new AssertionError("hostile AssertionError");
        }
    },
    SNEAKY_CHECKED {
        @Override
        void raise() {
            Hostility.<RuntimeException>sneaky(new IOException("hostile checked IOException"));
        }
    },
    IORETURN_EXCEPTION {
        @Override
        void raise() {
            throw new IOReturnException(Failure.of(IOReturn.kIOReturnNoResources, "hostile on purpose"));
        }
    };

    /** The throwing itself. */
    abstract void raise();

    /** {@return the name of the class thrown, as explanations carry it} */
    public String thrownClassName() {
        return switch (this) {
            case RUNTIME_EXCEPTION -> "IllegalStateException";
            case OUT_OF_MEMORY -> "OutOfMemoryError";
            case STACK_OVERFLOW -> "StackOverflowError";
            case INTERNAL_ERROR -> "InternalError";
            case CUSTOM_ERROR -> "HostileError";
            case ASSERTION_ERROR -> "AssertionError";
            case SNEAKY_CHECKED -> "IOException";
            case IORETURN_EXCEPTION -> "hostile on purpose";
        };
    }

    /** {@return the code a caller sees when driver code throws this where {@code kIOReturnError} is the rule} */
    public int expectedCode() {
        return this == IORETURN_EXCEPTION ? IOReturn.kIOReturnNoResources : IOReturn.kIOReturnError;
    }

    /** Throws this kind (used by driver and callback code); the selector-or-type index is the ordinal. */
    public static void raise(long ordinal) {
        values()[(int) ordinal].raise();
    }

    private static int recurse(int depth) {
        return recurse(depth + 1) + 1;
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> void sneaky(Throwable thrown) throws T {
        throw (T) thrown;
    }

    /** A custom {@link Error} subclass. */
    static final class HostileError extends Error {
        HostileError() {
            super("hostile custom Error");
        }
    }
}
