package org.iokit4j.driverkit;

/**
 * DriverKit's {@code OSCollectionIterateObjectsBlock}, {@code bool (^)(OSObject * object)}: called for each member
 * by {@link OSCollection#iterateObjects(OSCollectionIterateObjectsBlock)}.
 *
 * <p>Return {@code true} to stop the iteration, {@code false} to go on, as libkern's
 * {@code OSCollection::iterateObjects} does ({@code libkern/c++/OSCollection.cpp}: the loop runs
 * {@code while (!done && …)} with {@code done = callback(…)}) and as Apple's own dexts rely on (the MIDIDriverKit
 * sample's {@code SetupEntities} returns {@code false} to visit every entity). Apple's DriverKit reference page
 * describes the opposite; the implementation and the samples win.
 */
@FunctionalInterface
public interface OSCollectionIterateObjectsBlock {

    /**
     * Visits one member.
     *
     * @param object the member (a dictionary's key when iterating an {@link OSDictionary} this way), not retained
     *     for the block: retain it to keep it past the iteration
     * @return {@code true} to stop, {@code false} to continue
     */
    boolean invoke(OSObject object);
}
