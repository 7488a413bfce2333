package org.iokit4j.tools;

import static org.iokit4j.iokitlib.IOKitLib.IOIteratorNext;
import static org.iokit4j.iokitlib.IOKitLib.IOObjectConformsTo;
import static org.iokit4j.iokitlib.IOKitLib.IOObjectGetClass;
import static org.iokit4j.iokitlib.IOKitLib.IOObjectGetKernelRetainCount;
import static org.iokit4j.iokitlib.IOKitLib.IOObjectRelease;
import static org.iokit4j.iokitlib.IOKitLib.IORegistryEntryCreateCFProperties;
import static org.iokit4j.iokitlib.IOKitLib.IORegistryEntryGetChildIterator;
import static org.iokit4j.iokitlib.IOKitLib.IORegistryEntryGetNameInPlane;
import static org.iokit4j.iokitlib.IOKitLib.IORegistryEntryGetRegistryEntryID;
import static org.iokit4j.iokitlib.IOKitLib.IORegistryGetRootEntry;
import static org.iokit4j.iokitlib.IOKitLib.IOServiceGetBusyState;
import static org.iokit4j.iokitlib.IOKitLib.kIOMainPortDefault;
import static org.iokit4j.iokitlib.IOKitLib.kIOReturnSuccess;
import static org.iokit4j.iokitlib.IOKitLib.kIOServicePlane;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.iokit4j.Diagnostics;
import org.iokit4j.Failure;
import org.iokit4j.IOReturnException;
import org.iokit4j.iokitlib.CoreFoundation;

/**
 * Reads the service plane as Apple's {@code ioreg} does, through IOKitLib's public functions only (run it as the
 * tool's task, {@link org.iokit4j.mig.Caller#callAs}): {@code IORegistryGetRootEntry}, then each entry's
 * {@code IORegistryEntryGetChildIterator}, its name in the plane, {@code IOObjectGetClass},
 * {@code IORegistryEntryGetRegistryEntryID}, {@code IOServiceGetBusyState} (an entry that is no service has none),
 * {@code IOObjectGetKernelRetainCount}, and, for the entries a filter selects, {@code
 * IORegistryEntryCreateCFProperties} (a fresh copy of every property, as {@code ioreg -l} reads them).
 *
 * <p>A filter sees the entry's name into the plane in {@link Entry#name()} and may ask the kernel about the entry
 * itself through {@link Entry#conformsTo} while the walk holds it.
 */
final class RegistryReader {
    private final boolean properties;
    private final boolean subtrees;

    /** @param properties whether to read the properties of the entries a filter selects. */
    RegistryReader(boolean properties) {
        this(properties, false);
    }

    /**
     * @param properties whether to read the properties of the entries a filter selects.
     * @param subtrees   whether every entry below a selected one counts as selected too, without asking the filter
     *                   ({@code ioreg -r}: a match's whole subtree is shown, and the search does not go on inside it).
     */
    RegistryReader(boolean properties, boolean subtrees) {
        this.properties = properties;
        this.subtrees = subtrees;
    }

    /**
     * One registry entry as read.
     *
     * @param name      its name in the service plane.
     * @param ioClass   its class ({@code IOObjectGetClass}).
     * @param id        its registry entry ID.
     * @param busy      its busy state, or {@code null} for an entry that is no {@code IOService} (the root).
     * @param retain    its kernel retain count.
     * @param selected  whether the filter selected it.
     * @param properties its properties if selected and asked for, else {@code null}.
     * @param children  its children in the plane, in the kernel's order.
     */
    record Entry(String name, String ioClass, long id, Integer busy, int retain, boolean selected,
                 Map<String, Object> properties, List<Entry> children) {

        /** {@return whether it or an entry below it was selected} */
        boolean shown() {
            return selected || children.stream().anyMatch(Entry::shown);
        }
    }

    /** What a filter is given: the entry's name and class, and the kernel's class test on the entry. */
    record Candidate(int object, String name, String ioClass) {
        /** {@return {@code IOObjectConformsTo(entry, className)}: the entry's class or a superclass is it} */
        boolean conformsTo(String className) {
            return IOObjectConformsTo(object, className);
        }
    }

    /**
     * Walks the plane from the root.
     *
     * @param selected which entries to select.
     * @return the root.
     * @throws IOReturnException if a function fails, with the kernel's explanation.
     */
    Entry read(Predicate<Candidate> selected) {
        final int root = IORegistryGetRootEntry(kIOMainPortDefault);
        check(root != 0, "IORegistryGetRootEntry");
        try {
            return read(root, selected, false);
        } finally {
            IOObjectRelease(root);
        }
    }

    private Entry read(int entry, Predicate<Candidate> selected, boolean insideMatch) {
        final String[] text = new String[1];
        check(IORegistryEntryGetNameInPlane(entry, kIOServicePlane, text) == kIOReturnSuccess,
                "IORegistryEntryGetNameInPlane");
        final String name = text[0];
        check(IOObjectGetClass(entry, text) == kIOReturnSuccess, "IOObjectGetClass");
        final String ioClass = text[0];
        final long[] id = new long[1];
        check(IORegistryEntryGetRegistryEntryID(entry, id) == kIOReturnSuccess, "IORegistryEntryGetRegistryEntryID");
        final int[] busy = new int[1];
        final Integer busyState = IOServiceGetBusyState(entry, busy) == kIOReturnSuccess ? busy[0] : null;
        final int retain = IOObjectGetKernelRetainCount(entry);
        final boolean isSelected = insideMatch || selected.test(new Candidate(entry, name, ioClass));
        Map<String, Object> values = null;
        if (isSelected && properties) {
            @SuppressWarnings("unchecked")
            final Map<String, Object>[] all = new Map[1];
            check(IORegistryEntryCreateCFProperties(entry, all, CoreFoundation.kCFAllocatorDefault, 0)
                    == kIOReturnSuccess, "IORegistryEntryCreateCFProperties");
            values = all[0];
        }
        return new Entry(name, ioClass, id[0], busyState, retain, isSelected, values,
                children(entry, selected, insideMatch || subtrees && isSelected));
    }

    private List<Entry> children(int entry, Predicate<Candidate> selected, boolean insideMatch) {
        final int[] iterator = new int[1];
        check(IORegistryEntryGetChildIterator(entry, kIOServicePlane, iterator) == kIOReturnSuccess,
                "IORegistryEntryGetChildIterator");
        final List<Entry> children = new ArrayList<>();
        try {
            for (int child; (child = IOIteratorNext(iterator[0])) != 0; ) {
                try {
                    children.add(read(child, selected, insideMatch));
                } finally {
                    IOObjectRelease(child);
                }
            }
        } finally {
            IOObjectRelease(iterator[0]);
        }
        return children;
    }

    private static void check(boolean succeeded, String function) {
        if (!succeeded) {
            final Failure failure = Diagnostics.lastFailure();
            throw new IOReturnException(failure != null ? failure.within(function)
                    : Failure.of(org.iokit4j.IOReturn.kIOReturnError, "%s failed and recorded no reason", function));
        }
    }
}
