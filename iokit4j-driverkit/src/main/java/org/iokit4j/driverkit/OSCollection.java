package org.iokit4j.driverkit;

/**
 * The base of DriverKit's collections, {@link OSArray} and {@link OSDictionary} ({@code OSCollection.iig}:
 * {@code class OSCollection : public OSContainer}).
 *
 * <p>The rules every collection follows (libkern/c++/OSArray.cpp, OSDictionary.cpp, OSCollection.cpp):
 * <ul>
 * <li>A collection <b>retains</b> each object it stores ({@link OSObject#retain()}) and <b>releases</b> it when it is
 *     replaced, removed, flushed, or when the collection itself is freed (after its last {@link #release()}).</li>
 * <li>Getting a member does not retain it: the caller retains what it keeps past the collection's change.</li>
 * <li>{@code null} is never stored: storing it returns {@code false}, and an index or key that is not there reads
 *     as {@code null}. Storing a freed object throws {@link IllegalStateException} (the member's
 *     {@code retain()} does; in C it is a use after free).</li>
 * <li>A collection grows as needed: capacity rounds up to a multiple of its capacity increment (the initial
 *     capacity, or 16 when that was 0).</li>
 * <li>Counts, capacities and indexes are C's {@code uint32_t} carried in an {@code int}: a negative index is a huge
 *     unsigned one, so out of range.</li>
 * </ul>
 *
 * <p><b>Concurrency.</b> None, as in DriverKit ("provides no concurrency protection; it's up to the usage context"):
 * use a collection from one thread or queue at a time. A block that changes the collection it iterates ends the
 * iteration (see {@link #iterateObjects(OSCollectionIterateObjectsBlock)}).
 */
public abstract class OSCollection extends OSContainer {
    /** The increment used when a collection is created with capacity 0 ({@code OSArray::initWithCapacity}). */
    static final int kDefaultCapacityIncrement = 16;

    /** Bumped by every change, so an iteration can see that its block changed the collection. */
    private int updateStamp;
    /** How much the capacity grows by. */
    private int capacityIncrement;

    /**
     * Only this package's collections extend this class.
     *
     * @param capacity the capacity the collection is made with: its increment too, or 16 for 0
     *                 ({@code OSArray::initWithCapacity}, {@code OSDictionary::initWithCapacity})
     */
    OSCollection(int capacity) {
        this.capacityIncrement = capacity != 0 ? capacity : kDefaultCapacityIncrement;
    }

    /** {@return the number of members (for a dictionary, of entries)} */
    public abstract int getCount();

    /** {@return the number of members the collection holds before it must grow} */
    public abstract int getCapacity();

    /**
     * Grows the storage to hold at least {@code newCapacity} members, rounded up to a multiple of the capacity
     * increment ({@code OSArray::ensureCapacity}).
     *
     * @param newCapacity the capacity wanted
     * @return the capacity now: less than asked when the storage could not grow
     */
    public abstract int ensureCapacity(int newCapacity);

    /** {@return how much the capacity grows by ({@code OSCollection::getCapacityIncrement})} */
    public int getCapacityIncrement() {
        return capacityIncrement;
    }

    /**
     * Sets how much the capacity grows by ({@code OSCollection::setCapacityIncrement}).
     *
     * @param increment the increment; 0 (or negative here) means 16
     * @return the increment now in force
     */
    public int setCapacityIncrement(int increment) {
        capacityIncrement = increment > 0 ? increment : kDefaultCapacityIncrement;
        return capacityIncrement;
    }

    /**
     * Releases the members when the collection goes: {@code OSArray::free} and {@code OSDictionary::free} flush the
     * collection first.
     */
    @Override
    public void free() {
        flushCollection();
        super.free();
    }

    /** Removes every member, releasing each ({@code OSArray::flushCollection}). */
    public abstract void flushCollection();

    /**
     * Calls {@code block} with each member in order (a dictionary's keys), as
     * {@code OSCollection::iterateObjects} does.
     *
     * <p>The block returns {@code true} to stop early. If the block changes the collection, the iteration stops after
     * that call and the answer is {@code false} ({@code libkern/c++/OSCollection.cpp}: the loop runs while
     * {@code initialUpdateStamp == updateStamp} and returns that comparison). A block that throws propagates, and
     * the iteration ends there.
     *
     * @param block the block to call; {@code null} → {@code false} and nothing is called
     * @return {@code true} unless the block changed the collection (or {@code block} was {@code null})
     */
    public abstract boolean iterateObjects(OSCollectionIterateObjectsBlock block);

    /**
     * Copies this collection and, recursively, every collection inside it; the leaves ({@code OSString},
     * {@code OSNumber}, …) are shared and retained by the copy ({@code OSArray::copyCollection},
     * {@code OSDictionary::copyCollection}). A collection that contains itself is copied once: the copy contains
     * itself too (libkern's {@code cycleDict}).
     *
     * @return the copy, holding one reference, the caller's; {@code null} when memory ran out
     */
    public final OSCollection copyCollection() {
        return copyCollection(new java.util.IdentityHashMap<>());
    }

    /**
     * Copies this collection with the copies already made (the cycle map: original → copy).
     *
     * @param copies the collections copied so far on this copy, each mapped to its copy
     * @return the copy, holding one reference for the caller, or {@code null} when memory ran out
     */
    abstract OSCollection copyCollection(java.util.IdentityHashMap<OSCollection, OSCollection> copies);

    /**
     * Copies a member of a collection being copied: nested collections deep (an already copied one is reused),
     * leaves retained as they are.
     *
     * @return the member to store, holding one reference for the caller, or {@code null} when memory ran out
     */
    static OSObject copyMember(OSObject member, java.util.IdentityHashMap<OSCollection, OSCollection> copies) {
        if (member instanceof OSCollection nested) {
            final OSCollection already = copies.get(nested);
            if (already != null) {
                already.retain();
                return already;
            }
            return nested.copyCollection(copies);
        }
        member.retain();
        return member;
    }

    /** Records a change: a running iteration stops after its current block ({@code OSCollection::haveUpdated}). */
    final void haveUpdated() {
        updateStamp++;
    }

    /** {@return the change count, for an iteration to compare} */
    final int updateStamp() {
        return updateStamp;
    }

    /** {@return whether {@code index} (C's {@code uint32_t}) is below {@code count}} */
    static boolean inRange(int index, int count) {
        return Integer.compareUnsigned(index, count) < 0;
    }

    /**
     * Rounds {@code newCapacity} up to a multiple of {@code increment}, as {@code OSArray::ensureCapacity} does.
     *
     * @return the rounded capacity, or -1 when it is past what a Java array can hold (the C code's overflow check)
     */
    static int roundCapacity(int newCapacity, int increment) {
        final long rounded = ((Integer.toUnsignedLong(newCapacity) - 1) / increment + 1) * increment;
        return rounded > Integer.MAX_VALUE - 8 ? -1 : (int) rounded;
    }
}
