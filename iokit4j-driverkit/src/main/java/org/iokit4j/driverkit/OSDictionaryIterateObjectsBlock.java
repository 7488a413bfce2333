package org.iokit4j.driverkit;

/**
 * DriverKit's {@code OSDictionaryIterateObjectsBlock}, {@code bool (^)(OSObject * key, OSObject * value)}: called
 * for each entry by {@link OSDictionary#iterateObjects(OSDictionaryIterateObjectsBlock)}, in the dictionary's order.
 *
 * <p>Return {@code true} to stop, {@code false} to go on ({@code OSDictionary::iterateObjects} in
 * {@code libkern/c++/OSDictionary.cpp}: {@code if (done) break;}). The key is typed {@link OSString} here: in
 * DriverKit it is an {@code OSObject *} that is always an {@code OSString} (an {@code OSSymbol}), so a port's
 * {@code OSDynamicCast(OSString, key)} still compiles and succeeds.
 */
@FunctionalInterface
public interface OSDictionaryIterateObjectsBlock {

    /**
     * Visits one entry.
     *
     * @param key the entry's key, the dictionary's own (not retained for the block)
     * @param value the entry's value (not retained for the block)
     * @return {@code true} to stop, {@code false} to continue
     */
    boolean invoke(OSString key, OSObject value);
}
