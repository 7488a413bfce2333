package org.iokit4j.driverkit;

import java.util.IdentityHashMap;

/**
 * An ordered, growable array of objects, DriverKit's {@code OSArray}: it retains what it stores and releases what it
 * drops (the rules are on {@link OSCollection}). Get a member's class with {@link #OSDynamicCast}.
 *
 * <p>Behaviour follows libkern/c++/OSArray.cpp (the open source of the same class; DriverKit's is closed) and
 * DriverKit's {@code OSArray.iig}; each method names the function it follows.
 *
 * <p><b>Concurrency.</b> None, as in DriverKit: one thread or queue at a time.
 */
public final class OSArray extends OSCollection {
    private OSObject[] array;
    private int count;

    private OSArray(int capacity) {
        super(capacity);
        this.array = new OSObject[capacity];
    }

    /**
     * Makes an empty array ({@code OSArray::withCapacity}); it grows past {@code capacity} as needed.
     *
     * @param capacity the members it holds before growing (C's {@code uint32_t})
     * @return the new array holding one reference, or {@code null} when {@code capacity} is negative (a huge
     *     unsigned count) or the memory cannot be had ({@code OSArray::initWithCapacity} fails)
     */
    public static OSArray withCapacity(int capacity) {
        if (capacity < 0 || capacity > Integer.MAX_VALUE - 8) {
            return null;
        }
        try {
            return new OSArray(capacity);
        } catch (OutOfMemoryError noMemory) {
            return null; // kalloc failed: C's withCapacity returns NULL
        }
    }

    /**
     * Makes an array holding the members of {@code array}, each retained once more ({@code OSArray::withArray}).
     *
     * @param array the array to copy (shallow: the members are shared); {@code null} → {@code null}
     * @param capacity the capacity; 0 means the member count ({@code initWithObjects}); less than the count →
     *     {@code null}
     * @return the new array holding one reference, or {@code null}
     */
    public static OSArray withArray(OSArray array, int capacity) {
        if (array == null) {
            return null;
        }
        return withObjects(array.array, array.count, capacity);
    }

    /**
     * Makes an array of the first {@code count} of {@code objects}, each retained ({@code OSArray::withObjects}).
     *
     * @param objects the members; {@code null}, or a {@code null} among the first {@code count} → {@code null}
     * @param count how many to take (at most {@code objects.length})
     * @param capacity the capacity; 0 means {@code count}; less than {@code count} → {@code null}
     * @return the new array holding one reference, or {@code null}
     */
    public static OSArray withObjects(OSObject[] objects, int count, int capacity) {
        if (objects == null || count < 0 || count > objects.length
                || (capacity != 0 && Integer.compareUnsigned(count, capacity) > 0)) {
            return null;
        }
        for (int i = 0; i < count; i++) {
            if (objects[i] == null) {
                return null; // C returns false here too, having retained the earlier members (a leak we skip)
            }
        }
        final OSArray made = withCapacity(capacity == 0 ? count : capacity);
        if (made != null) {
            for (int i = 0; i < count; i++) {
                made.setObject(objects[i]);
            }
        }
        return made;
    }

    /**
     * Adds {@code anObject} at the end, retaining it ({@code OSArray::setObject}).
     *
     * @param anObject the object; {@code null} → {@code false}
     * @return whether it was added ({@code false} also when the array cannot grow)
     * @throws IllegalStateException when {@code anObject} was freed (its {@code retain()} refuses)
     */
    public boolean setObject(OSObject anObject) {
        return setObject(count, anObject);
    }

    /**
     * Inserts {@code anObject} at {@code index}, moving later members up, and retains it
     * ({@code OSArray::setObject(unsigned int, const OSMetaClassBase *)}).
     *
     * @param index where, 0 to {@link #getCount()} inclusive; past the count → {@code false}
     * @param anObject the object; {@code null} → {@code false}
     * @return whether it was inserted
     * @throws IllegalStateException when {@code anObject} was freed
     */
    public boolean setObject(int index, OSObject anObject) {
        if (anObject == null || Integer.compareUnsigned(index, count) > 0) {
            return false;
        }
        final int newCount = count + 1;
        if (newCount > array.length && newCount > ensureCapacity(newCount)) {
            return false;
        }
        anObject.retain();
        haveUpdated();
        System.arraycopy(array, index, array, index + 1, count - index);
        array[index] = anObject;
        count = newCount;
        return true;
    }

    /**
     * Appends every member of {@code otherArray}, each retained ({@code OSArray::merge}).
     *
     * @param otherArray the members to add; {@code null} → {@code false}
     * @return whether they were all added ({@code false}, with nothing added, when the array cannot grow)
     */
    public boolean merge(OSArray otherArray) {
        if (otherArray == null) {
            return false;
        }
        final int otherCount = otherArray.count;
        if (otherCount == 0) {
            return true;
        }
        final long newCount = (long) count + otherCount;
        if (newCount > array.length && newCount > ensureCapacity((int) Math.min(newCount, Integer.MAX_VALUE))) {
            return false;
        }
        haveUpdated();
        for (int i = 0; i < otherCount; i++) {
            final OSObject member = otherArray.array[i];
            member.retain();
            array[count++] = member;
        }
        return true;
    }

    /**
     * Puts {@code anObject} in place of the member at {@code index}: the new one is retained, then the old one
     * released ({@code OSArray::replaceObject}; DriverKit's returns {@code bool}).
     *
     * @param index the member to replace, below {@link #getCount()}; else {@code false}
     * @param anObject the replacement; {@code null} → {@code false}
     * @return whether it was replaced ({@code false} leaves the member and does not retain {@code anObject})
     * @throws IllegalStateException when {@code anObject} was freed
     */
    public boolean replaceObject(int index, OSObject anObject) {
        if (!inRange(index, count) || anObject == null) {
            return false;
        }
        anObject.retain();
        haveUpdated();
        final OSObject old = array[index];
        array[index] = anObject;
        old.release();
        return true;
    }

    /**
     * Removes the member at {@code index}, moving later members down, and releases it ({@code OSArray::removeObject}).
     * An index past the end does nothing, as in C.
     *
     * @param index the member to remove
     */
    public void removeObject(int index) {
        if (!inRange(index, count)) {
            return;
        }
        haveUpdated();
        final OSObject old = array[index];
        System.arraycopy(array, index + 1, array, index, count - index - 1);
        array[--count] = null;
        old.release();
    }

    /**
     * Returns the member at {@code index}, not retained ({@code OSArray::getObject}).
     *
     * @param index the position
     * @return the member, or {@code null} when {@code index} is not below the count
     */
    public OSObject getObject(int index) {
        return inRange(index, count) ? array[index] : null;
    }

    /** {@return the last member, not retained, or {@code null} when empty ({@code OSArray::getLastObject})} */
    public OSObject getLastObject() {
        return count == 0 ? null : array[count - 1];
    }

    /**
     * Finds {@code anObject} itself (by identity, as C compares pointers) from {@code index} on
     * ({@code OSArray::getNextIndexOfObject}).
     *
     * @param anObject the object to find
     * @param index where to start
     * @return its index, or -1 (C's {@code (unsigned int) -1}) when it is not there
     */
    public int getNextIndexOfObject(OSObject anObject, int index) {
        for (int i = index; inRange(i, count); i++) {
            if (array[i] == anObject) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Compares with another array ({@code OSArray::isEqualTo(const OSArray *)}): the same count and each member
     * {@link OSObject#isEqualTo equal} to the one at the same index.
     *
     * @param anArray the array to compare with; {@code null} → {@code false}
     * @return whether they are equal
     */
    public boolean isEqualTo(OSArray anArray) {
        if (anArray == this) {
            return true;
        }
        if (anArray == null || anArray.count != count) {
            return false;
        }
        for (int i = 0; i < count; i++) {
            if (!array[i].isEqualTo(anArray.array[i])) {
                return false;
            }
        }
        return true;
    }

    /** Equal to an {@code OSArray} by {@link #isEqualTo(OSArray)}; else {@code false}. */
    @Override
    public boolean isEqualTo(OSObject anObject) {
        return anObject instanceof OSArray other && isEqualTo(other);
    }

    @Override
    public int getCount() {
        return count;
    }

    @Override
    public int getCapacity() {
        return array.length;
    }

    @Override
    public int ensureCapacity(int newCapacity) {
        if (Integer.compareUnsigned(newCapacity, array.length) <= 0) {
            return array.length;
        }
        final int finalCapacity = roundCapacity(newCapacity, getCapacityIncrement());
        if (finalCapacity < 0) {
            return array.length;
        }
        try {
            array = java.util.Arrays.copyOf(array, finalCapacity);
        } catch (OutOfMemoryError noMemory) {
            return array.length; // krealloc failed: the capacity stays
        }
        return array.length;
    }

    @Override
    public void flushCollection() {
        haveUpdated();
        final int flushed = count;
        final OSObject[] members = java.util.Arrays.copyOf(array, flushed);
        java.util.Arrays.fill(array, 0, flushed, null);
        count = 0;
        releaseAll(members);
    }

    @Override
    public boolean iterateObjects(OSCollectionIterateObjectsBlock block) {
        if (block == null) {
            return false;
        }
        final int initialUpdateStamp = updateStamp();
        for (int i = 0; i < count; i++) {
            if (block.invoke(array[i]) || initialUpdateStamp != updateStamp()) {
                break;
            }
        }
        return initialUpdateStamp == updateStamp();
    }

    @Override
    OSCollection copyCollection(IdentityHashMap<OSCollection, OSCollection> copies) {
        final OSArray copy = withCapacity(count);
        if (copy == null) {
            return null;
        }
        copies.put(this, copy);
        for (int i = 0; i < count; i++) {
            final OSObject member = copyMember(array[i], copies);
            if (member == null) {
                copy.release(); // a nested copy found no memory: no half copy
                return null;
            }
            copy.setObject(member);
            member.release();
        }
        return copy;
    }

    @Override
    void describeTo(StringBuilder out, java.util.Set<OSObject> onPath) {
        if (!onPath.add(this)) {
            out.append("<cycle>");
            return;
        }
        out.append('(');
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                out.append(',');
            }
            describeMember(array[i], out, onPath);
        }
        out.append(')');
        onPath.remove(this);
    }

    /**
     * Releases each of {@code members}; every one is released even if one throws (an over-released member), and
     * the first failure is thrown afterwards.
     */
    static void releaseAll(OSObject[] members) {
        RuntimeException first = null;
        for (final OSObject member : members) {
            try {
                member.release();
            } catch (RuntimeException failure) {
                if (first == null) {
                    first = failure;
                } else {
                    first.addSuppressed(failure);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
