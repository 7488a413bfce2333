package org.iokit4j.driverkit;

import java.util.IdentityHashMap;
import java.util.LinkedHashMap;

/**
 * An associative store keyed by strings, DriverKit's {@code OSDictionary}: it retains the values it stores and
 * releases them when they are replaced or removed or the dictionary goes (the rules are on {@link OSCollection}).
 *
 * <p>Keys compare by text, as DriverKit's uniqued {@code OSSymbol} keys do. The dictionary keeps its own
 * {@link OSString} for each key and keeps entries in the order they were first set: setting an existing key
 * replaces its value in place, removing one closes the gap (libkern/c++/OSDictionary.cpp {@code setObject},
 * {@code removeObject}, unsorted mode). Behaviour follows that file (DriverKit's is closed; {@code OSDictionary.iig}
 * gives the API); each method names the function it follows.
 *
 * <p><b>Concurrency.</b> None, as in DriverKit: one thread or queue at a time.
 */
public final class OSDictionary extends OSCollection {
    /** One entry: the dictionary's key object and the value it holds a reference to. */
    private static final class Entry {
        final OSString key;
        OSObject value;

        Entry(OSString key, OSObject value) {
            this.key = key;
            this.value = value;
        }
    }

    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();
    private int capacity;

    private OSDictionary(int capacity) {
        super(capacity);
        this.capacity = capacity;
    }

    /**
     * Makes an empty dictionary ({@code OSDictionary::withCapacity}); it grows past {@code capacity} as needed.
     *
     * @param capacity the entries it holds before growing (C's {@code uint32_t})
     * @return the new dictionary holding one reference, or {@code null} when {@code capacity} is negative (a huge
     *     unsigned count)
     */
    public static OSDictionary withCapacity(int capacity) {
        return capacity < 0 ? null : new OSDictionary(capacity);
    }

    /**
     * Makes a dictionary with the entries of {@code dictionary}, each value retained once more
     * ({@code OSDictionary::withDictionary}).
     *
     * @param dictionary the dictionary to copy (shallow: the values are shared); {@code null} → {@code null}
     * @param capacity the capacity; 0 means the entry count; less than the count → {@code null}
     * @return the new dictionary holding one reference, or {@code null}
     */
    public static OSDictionary withDictionary(OSDictionary dictionary, int capacity) {
        if (dictionary == null) {
            return null;
        }
        final int count = dictionary.getCount();
        if (capacity != 0 && Integer.compareUnsigned(count, capacity) > 0) {
            return null;
        }
        final OSDictionary made = withCapacity(capacity == 0 ? count : capacity);
        if (made != null) {
            made.merge(dictionary);
        }
        return made;
    }

    /**
     * Sets the value for {@code aKey}, retaining it; an existing value for that key is released
     * ({@code OSDictionary::setObject}).
     *
     * @param aKey the key; {@code null} → {@code false}
     * @param anObject the value; {@code null} → {@code false}
     * @return whether it was set
     * @throws IllegalStateException when {@code anObject} was freed (its {@code retain()} refuses)
     */
    public boolean setObject(String aKey, OSObject anObject) {
        if (aKey == null || anObject == null) {
            return false;
        }
        final Entry existing = entries.get(aKey);
        if (existing != null) {
            anObject.retain();
            haveUpdated();
            final OSObject old = existing.value;
            existing.value = anObject;
            old.release();
            return true;
        }
        final int count = entries.size();
        if (count >= capacity && count >= ensureCapacity(count + 1)) {
            return false;
        }
        final OSString key = OSString.withCString(aKey);
        if (key == null) {
            return false; // a key of kMaxStringLength UTF-8 bytes or more is no OSSymbol
        }
        anObject.retain();
        haveUpdated();
        entries.put(aKey, new Entry(key, anObject));
        return true;
    }

    /**
     * Sets the value for the text of {@code aKey} ({@code OSDictionary::setObject(const OSString *, …)}: the key is
     * the text; the dictionary keeps its own key object).
     *
     * @param aKey the key; {@code null} → {@code false}
     * @param anObject the value; {@code null} → {@code false}
     * @return whether it was set
     * @throws IllegalStateException when {@code anObject} was freed
     */
    public boolean setObject(OSString aKey, OSObject anObject) {
        return aKey != null && setObject(aKey.getCStringNoCopy(), anObject);
    }

    /**
     * Returns the value for {@code aKey}, not retained ({@code OSDictionary::getObject}).
     *
     * @param aKey the key; {@code null} → {@code null}
     * @return the value, or {@code null} when the key is not there
     */
    public OSObject getObject(String aKey) {
        if (aKey == null) {
            return null;
        }
        final Entry entry = entries.get(aKey);
        return entry == null ? null : entry.value;
    }

    /**
     * Returns the value for the text of {@code aKey}, not retained.
     *
     * @param aKey the key; {@code null} → {@code null}
     * @return the value, or {@code null}
     */
    public OSObject getObject(OSString aKey) {
        return aKey == null ? null : getObject(aKey.getCStringNoCopy());
    }

    /**
     * Removes the entry for {@code aKey}, releasing its key and value ({@code OSDictionary::removeObject}); a key
     * that is not there does nothing.
     *
     * @param aKey the key; {@code null} does nothing
     */
    public void removeObject(String aKey) {
        if (aKey == null || !entries.containsKey(aKey)) {
            return;
        }
        haveUpdated();
        final Entry old = entries.remove(aKey);
        old.key.release();
        old.value.release();
    }

    /**
     * Removes the entry for the text of {@code aKey}.
     *
     * @param aKey the key; {@code null} does nothing
     */
    public void removeObject(OSString aKey) {
        if (aKey != null) {
            removeObject(aKey.getCStringNoCopy());
        }
    }

    /**
     * Sets every entry of {@code otherDictionary} here, in its order ({@code OSDictionary::merge}).
     *
     * @param otherDictionary the entries to add; {@code null} → {@code false}
     * @return whether all were set (on {@code false}, those set before the failure stay, as in C)
     */
    public boolean merge(OSDictionary otherDictionary) {
        if (otherDictionary == null) {
            return false;
        }
        for (final Entry entry : otherDictionary.entries.values().toArray(Entry[]::new)) {
            if (!setObject(entry.key.getCStringNoCopy(), entry.value)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Compares with another dictionary ({@code OSDictionary::isEqualTo(const OSDictionary *)}): the same count, and
     * for each key here a value there that is {@link OSObject#isEqualTo equal} (order does not matter).
     *
     * @param aDictionary the dictionary to compare with; {@code null} → {@code false}
     * @return whether they are equal
     */
    public boolean isEqualTo(OSDictionary aDictionary) {
        if (aDictionary == this) {
            return true;
        }
        if (aDictionary == null || aDictionary.getCount() != getCount()) {
            return false;
        }
        for (final Entry entry : entries.values()) {
            final OSObject other = aDictionary.getObject(entry.key.getCStringNoCopy());
            if (other == null || !entry.value.isEqualTo(other)) {
                return false;
            }
        }
        return true;
    }

    /** Equal to an {@code OSDictionary} by {@link #isEqualTo(OSDictionary)}; else {@code false}. */
    @Override
    public boolean isEqualTo(OSObject anObject) {
        return anObject instanceof OSDictionary other && isEqualTo(other);
    }

    @Override
    public int getCount() {
        return entries.size();
    }

    @Override
    public int getCapacity() {
        return capacity;
    }

    @Override
    public int ensureCapacity(int newCapacity) {
        if (Integer.compareUnsigned(newCapacity, capacity) <= 0) {
            return capacity;
        }
        final int finalCapacity = roundCapacity(newCapacity, getCapacityIncrement());
        if (finalCapacity >= 0) {
            capacity = finalCapacity; // the entries live in a hash map: capacity is bookkeeping, as C reports it
        }
        return capacity;
    }

    @Override
    public void flushCollection() {
        haveUpdated();
        final Entry[] flushed = entries.values().toArray(Entry[]::new);
        entries.clear();
        final OSObject[] members = new OSObject[flushed.length * 2];
        for (int i = 0; i < flushed.length; i++) {
            members[2 * i] = flushed[i].key;
            members[2 * i + 1] = flushed[i].value;
        }
        OSArray.releaseAll(members);
    }

    /**
     * Calls {@code block} with each <em>key</em> in order (DriverKit's {@code OSCollection::iterateObjects} on a
     * dictionary: {@code OSDictionary::getNextObjectForIterator} yields the keys). The block returns {@code true} to
     * stop; a change to the dictionary ends the iteration and makes the answer {@code false}.
     */
    @Override
    public boolean iterateObjects(OSCollectionIterateObjectsBlock block) {
        return block != null && iterateObjects((key, value) -> block.invoke(key));
    }

    /**
     * Calls {@code block} with each key and value in order ({@code OSDictionary::iterateObjects(block)}).
     *
     * <p>The block returns {@code true} to stop early. If it changes the dictionary, the iteration stops after that
     * call and the answer is {@code false} (libkern: {@code return initialUpdateStamp == updateStamp}). A block that
     * throws propagates, and the iteration ends there.
     *
     * @param block the block; {@code null} → {@code false} and nothing is called
     * @return {@code true} unless the block changed the dictionary (or {@code block} was {@code null})
     */
    public boolean iterateObjects(OSDictionaryIterateObjectsBlock block) {
        if (block == null) {
            return false;
        }
        final int initialUpdateStamp = updateStamp();
        for (final Entry entry : entries.values()) {
            if (block.invoke(entry.key, entry.value) || initialUpdateStamp != updateStamp()) {
                break; // before the map's iterator could see a change
            }
        }
        return initialUpdateStamp == updateStamp();
    }

    @Override
    OSCollection copyCollection(IdentityHashMap<OSCollection, OSCollection> copies) {
        final OSDictionary copy = withCapacity(getCount());
        copies.put(this, copy);
        for (final Entry entry : entries.values()) {
            final OSObject value = copyMember(entry.value, copies);
            if (value == null) {
                copy.release(); // a nested copy found no memory: no half copy
                return null;
            }
            copy.setObject(entry.key.getCStringNoCopy(), value);
            value.release();
        }
        return copy;
    }

    @Override
    void describeTo(StringBuilder out, java.util.Set<OSObject> onPath) {
        if (!onPath.add(this)) {
            out.append("<cycle>");
            return;
        }
        out.append('{');
        boolean first = true;
        for (final Entry entry : entries.values()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            entry.key.describeTo(out, onPath);
            out.append('=');
            describeMember(entry.value, out, onPath);
        }
        out.append('}');
        onPath.remove(this);
    }
}
