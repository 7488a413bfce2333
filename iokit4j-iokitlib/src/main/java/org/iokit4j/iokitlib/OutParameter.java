package org.iokit4j.iokitlib;

import java.lang.reflect.Array;
import org.iokit4j.Failure;
import org.iokit4j.IOReturn;

/**
 * The one check of a C out-parameter ({@code T *}) passed as a Java array: it must exist and hold element 0,
 * where the function writes its result (contract.md §1: "out-parameter {@code T **} → {@code T[]} of length ≥ 1").
 * In C a NULL out-pointer crashes; here the function answers {@code kIOReturnBadArgument} and says which.
 *
 * <p><b>Concurrency.</b> Stateless.
 */
final class OutParameter {
    private OutParameter() {
    }

    /**
     * {@return {@code null} if {@code array} can receive a value, else the failure naming it}
     *
     * @param name     the parameter's name, e.g. {@code connect}.
     * @param type     the Java array type to pass, e.g. {@code int[1]}.
     * @param receives what the function writes there, e.g. {@code the connection}.
     */
    static Failure check(Object array, String name, String type, String receives) {
        if (array != null && Array.getLength(array) >= 1) {
            return null;
        }
        return Failure.of(IOReturn.kIOReturnBadArgument, "%s must be a %s to receive %s (a C out-parameter), got %s",
                name, type, receives, array == null ? "null" : "an empty array");
    }
}
