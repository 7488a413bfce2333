package org.iokit4j.kernel.registry;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * A walk of the service plane from one entry: XNU's {@code IORegistryIterator} (iokit/Kernel/IORegistryEntry.cpp),
 * what {@code IORegistryCreateIterator} and {@code IORegistryEntryCreateIterator} hand out and
 * {@code IORegistryEntrySearchCFProperty} searches with.
 *
 * <p>The walk keeps a stack of levels. The bottom level starts at the walk's root; each level iterates the children
 * of its entry ({@link #kIORegistryIterateParents}: its parents) in link order, and remembers the entry it returned
 * last. {@link #next()} returns the next entry of the top level, never the root itself; at the end of a level it
 * answers {@code null} (and the level's current entry becomes {@code null}). {@link #enterEntry()} pushes a level
 * that iterates the children of the entry returned last ({@code IORegistryIteratorEnterEntry});
 * {@link #exitEntry()} pops it again, answering {@code false} at the bottom level, where it only drops the level's
 * iteration, so the next {@link #next()} iterates the children of the entry the level returned last, as XNU's does.
 * With {@link #kIORegistryIterateRecursively}, {@link #next()} does both itself: it enters every entry it returns
 * (once: a set remembers which) and exits levels that ended, so the walk is depth first, each entry before its
 * children, and {@code null} once everything below the root was returned.
 *
 * <p><b>Validity.</b> A level iterates its entry's links as they were when the level began; if they change before
 * the level ends (a child attached or detached, XNU's {@code OSCollectionIterator} seeing its array's update stamp
 * move), the level answers {@code null} and the whole walk becomes <em>invalid</em>: {@link #isValid()} is
 * {@code false} and no new level begins, until {@link #reset()} ({@code IOIteratorReset}) starts it again from the
 * root. Levels that began before go on. {@link #isValid()} is also {@code false} while the top level's links have
 * changed, before it noticed ({@code IORegistryIterator::isValid}, which {@code IOIteratorIsValid} answers).
 *
 * <p><b>Concurrency.</b> Thread-safe: every method is synchronized (XNU's {@code IOUserIterator} lock). The registry
 * may change meanwhile; the walk reads each entry's links once, when a level begins.
 */
public final class RegistryIterator {
    /** Walks recursively ({@code kIORegistryIterateRecursively}), {@value}. */
    public static final int kIORegistryIterateRecursively = 0x00000001;
    /** Walks towards the root: parents instead of children ({@code kIORegistryIterateParents}), {@value}. */
    public static final int kIORegistryIterateParents = 0x00000002;
    /** XNU's own bit in the options ({@code kIORegistryIteratorInvalidFlag}), cleared from the caller's. */
    private static final int INVALID_FLAG = 0x80000000;

    private final RegistryEntry root;
    private final int options;
    private final Level start;
    private Level where;
    private boolean invalid;
    private Set<RegistryEntry> done;

    /**
     * A walk below {@code root} ({@code IORegistryIterator::iterateOver(root, plane, options)}).
     *
     * @param options {@link #kIORegistryIterateRecursively} and {@link #kIORegistryIterateParents}; other bits are
     *                kept and mean nothing.
     * @param root    the entry the walk starts below.
     */
    public RegistryIterator(RegistryEntry root, int options) {
        this.root = java.util.Objects.requireNonNull(root, "root");
        this.options = options & ~INVALID_FLAG;
        this.start = new Level(null, root);
        this.where = start;
    }

    /** {@return the next entry of the walk, or {@code null} at the end of the level (or of the walk, recursively)} */
    public synchronized RegistryEntry next() {
        return (options & kIORegistryIterateRecursively) != 0 ? nextRecursive() : nextFlat();
    }

    /** Begins a level over the children (or parents) of the entry returned last ({@code enterEntry}). */
    public synchronized void enterEntry() {
        where = new Level(where, where.current);
    }

    /**
     * Ends the top level ({@code exitEntry}).
     *
     * @return {@code true} if a level was left; {@code false} at the bottom level, whose iteration is dropped (the
     *         next {@link #next()} iterates the links of the entry it returned last).
     */
    public synchronized boolean exitEntry() {
        where.links = null;
        if (where == start) {
            return false;
        }
        where = where.below;
        return true;
    }

    /** Starts the walk again at the root and makes it valid ({@code IORegistryIterator::reset}). */
    public synchronized void reset() {
        while (exitEntry()) {
            // leave every level
        }
        done = null;
        where.current = root;
        invalid = false;
    }

    /** {@return whether the walk is valid (see the class comment)} */
    public synchronized boolean isValid() {
        return !invalid && (where.links == null || where.links.isValid());
    }

    /** {@return the entry the walk started from} */
    public RegistryEntry root() {
        return root;
    }

    /** {@code getNextObjectFlat}. */
    private RegistryEntry nextFlat() {
        RegistryEntry next = null;
        if (where.links == null && isValid() && where.current != null) { // just entered: begin the level
            final RegistryEntry.Links links = links(where.current);
            if (!links.entries().isEmpty()) { // XNU keeps no link array for an entry without links
                where.links = new LevelLinks(where.current, links);
            }
        }
        if (where.links != null) {
            next = where.links.next();
            if (next == null && !where.links.isValid()) {
                invalid = true;
            }
        }
        where.current = next;
        return next;
    }

    /** {@code getNextObjectRecursive}. */
    private RegistryEntry nextRecursive() {
        RegistryEntry next;
        do {
            next = nextFlat();
        } while (next == null && exitEntry());
        if (next != null) {
            if (done == null) {
                done = Collections.newSetFromMap(new IdentityHashMap<>());
            }
            if (done.add(next)) { // not seen before: recurse
                enterEntry();
            }
        }
        return next;
    }

    private RegistryEntry.Links links(RegistryEntry entry) {
        return (options & kIORegistryIterateParents) != 0 ? entry.parentLinks() : entry.childLinks();
    }

    /** One level of the walk: its entry's links, where it is in them, and the entry it returned last. */
    private static final class Level {
        final Level below;
        RegistryEntry current;
        LevelLinks links;

        Level(Level below, RegistryEntry current) {
            this.below = below;
            this.current = current;
        }
    }

    /** A level's iteration over one entry's links as they were when it began ({@code OSCollectionIterator}). */
    private final class LevelLinks {
        private final RegistryEntry owner;
        private final RegistryEntry.Links links;
        private int index;

        LevelLinks(RegistryEntry owner, RegistryEntry.Links links) {
            this.owner = owner;
            this.links = links;
        }

        boolean isValid() {
            return links(owner) == links;
        }

        RegistryEntry next() {
            final List<RegistryEntry> entries = links.entries();
            return isValid() && index < entries.size() ? entries.get(index++) : null;
        }
    }
}
