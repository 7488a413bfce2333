package org.iokit4j.driverkit;

/**
 * An external method's implementation, as named in an {@link IOUserClientMethodDispatch} entry.
 *
 * <p>Called by the base {@link IOUserClient#ExternalMethod} once every check in the entry passed, so it need not
 * re-check the counts and sizes the entry declares.
 */
@FunctionalInterface
public interface IOUserClientMethodFunction {

    /**
     * Runs the method.
     *
     * @param target    the object passed to {@code ExternalMethod} (usually the user client itself).
     * @param reference the reference passed to {@code ExternalMethod}.
     * @param arguments the call's inputs and outputs.
     * @return an {@code IOReturn} code.
     */
    int invoke(OSObject target, Object reference, IOUserClientMethodArguments arguments);
}
