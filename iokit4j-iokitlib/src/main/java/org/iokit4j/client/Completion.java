package org.iokit4j.client;

import java.util.Arrays;
import java.util.Objects;
import org.iokit4j.IOReturn;

/**
 * One async completion as the Java layer delivers it: the driver's status and its arguments (at most 16).
 *
 * <p>Whatever the argument count, every completion arrives here whole: the Java layer registers a callout of
 * every shape, so IOKitLib's arity rule (apple-semantics.md §10.2) never bites.
 *
 * @param result the driver's status ({@code IOReturn}).
 * @param args   the arguments, in order; copied in and out, so the record is immutable.
 */
public record Completion(int result, long[] args) {

    /** Copies {@code args}. */
    public Completion {
        args = Objects.requireNonNull(args, "args").clone();
    }

    /** {@return a copy of the arguments} */
    @Override
    public long[] args() {
        return args.clone();
    }

    /** {@return how many arguments the driver sent} */
    public int argCount() {
        return args.length;
    }

    /**
     * {@return argument {@code index}}
     *
     * @param index which argument, from 0.
     * @throws IndexOutOfBoundsException naming the index and the count.
     */
    public long arg(int index) {
        if (index < 0 || index >= args.length) {
            throw new IndexOutOfBoundsException("completion argument index=" + index + " but the driver sent "
                    + args.length);
        }
        return args[index];
    }

    /** {@return whether {@link #result()} is {@code kIOReturnSuccess}} */
    public boolean succeeded() {
        return result == IOReturn.kIOReturnSuccess;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Completion that && result == that.result && Arrays.equals(args, that.args);
    }

    @Override
    public int hashCode() {
        return 31 * result + Arrays.hashCode(args);
    }

    @Override
    public String toString() {
        return "Completion[" + IOReturn.describe(result) + ", args=" + Arrays.toString(args) + "]";
    }
}
