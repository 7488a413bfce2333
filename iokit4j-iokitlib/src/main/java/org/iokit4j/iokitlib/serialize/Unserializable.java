package org.iokit4j.iokitlib.serialize;

/**
 * A value {@code IOCFSerialize} cannot write: not one of the types of contract.md §7 (or a form of them the chosen
 * encoding cannot hold). The message names the value and why.
 */
public final class Unserializable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unserializable(String message) {
        super(message, null, false, false);
    }
}
