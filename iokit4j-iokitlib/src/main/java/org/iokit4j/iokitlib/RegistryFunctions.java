package org.iokit4j.iokitlib;

/**
 * IOKitLib's registry functions: the root, planes, paths, parents, children and registry iterators (issue 11). Call them as {@code IOKitLib.X} (or through {@code import static org.iokit4j.iokitlib.IOKitLib.*}):
 * {@link IOKitLib} inherits them, so one static import still gives a C port every function. They follow the rules
 * of {@link IOKitLib}'s class comment (Apple's codes, the reason recorded as the thread's last failure, nothing
 * thrown for a bad argument).
 *
 * <p><b>Concurrency.</b> Every function is thread-safe.
 */
public abstract class RegistryFunctions extends SerializeFunctions {
    RegistryFunctions() {
    }
}
