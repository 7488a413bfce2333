package org.iokit4j.iokitlib;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A run loop's table from mode names to the sources in each mode, with CF's common-modes rule.
 *
 * <p>A source added to {@code kCFRunLoopCommonModes} is remembered as a common item and added to every common
 * mode (here: {@code kCFRunLoopDefaultMode}); removing it from {@code kCFRunLoopCommonModes} takes it out of them
 * again, as CF does.
 *
 * <p><b>Concurrency.</b> Changes take the table's lock and publish an immutable snapshot; the running thread
 * reads {@link #sources(String)} without locking or allocating.
 */
final class RunLoopModes {
    private static final CFRunLoopSource[] NONE = new CFRunLoopSource[0];

    private final Map<String, List<CFRunLoopSource>> byMode = new HashMap<>();
    private final List<CFRunLoopSource> commonItems = new ArrayList<>();
    private final Set<String> commonModes = Set.of(CoreFoundation.kCFRunLoopDefaultMode);
    private volatile Map<String, CFRunLoopSource[]> snapshot = Map.of();

    /** {@return whether {@code mode} is one of the common modes} */
    boolean isCommon(String mode) {
        return commonModes.contains(mode);
    }

    /** {@return the sources in {@code mode}, in the order they were added; the array must not be changed} */
    CFRunLoopSource[] sources(String mode) {
        return snapshot.getOrDefault(mode, NONE);
    }

    synchronized void add(CFRunLoopSource source, String mode) {
        if (CoreFoundation.kCFRunLoopCommonModes.equals(mode)) {
            if (!commonItems.contains(source)) {
                commonItems.add(source);
            }
            commonModes.forEach(common -> addTo(source, common));
        } else {
            addTo(source, mode);
        }
        publish();
    }

    synchronized void remove(CFRunLoopSource source, String mode) {
        if (CoreFoundation.kCFRunLoopCommonModes.equals(mode)) {
            if (commonItems.remove(source)) {
                commonModes.forEach(common -> removeFrom(source, common));
            }
        } else {
            removeFrom(source, mode);
        }
        publish();
    }

    synchronized void removeEverywhere(CFRunLoopSource source) {
        commonItems.remove(source);
        byMode.values().forEach(sources -> sources.remove(source));
        publish();
    }

    /** {@return whether {@code source} is in {@code mode} (for {@code kCFRunLoopCommonModes}: a common item)} */
    synchronized boolean contains(CFRunLoopSource source, String mode) {
        if (CoreFoundation.kCFRunLoopCommonModes.equals(mode)) {
            return commonItems.contains(source);
        }
        return byMode.getOrDefault(mode, List.of()).contains(source);
    }

    /** {@return whether {@code source} is in any mode} */
    synchronized boolean containsAnywhere(CFRunLoopSource source) {
        return commonItems.contains(source) || byMode.values().stream().anyMatch(sources -> sources.contains(source));
    }

    private void addTo(CFRunLoopSource source, String mode) {
        final List<CFRunLoopSource> sources = byMode.computeIfAbsent(mode, m -> new ArrayList<>());
        if (!sources.contains(source)) {
            sources.add(source);
        }
    }

    private void removeFrom(CFRunLoopSource source, String mode) {
        final List<CFRunLoopSource> sources = byMode.get(mode);
        if (sources != null) {
            sources.remove(source);
        }
    }

    private void publish() {
        final Map<String, CFRunLoopSource[]> next = new HashMap<>();
        byMode.forEach((mode, sources) -> next.put(mode, sources.toArray(NONE)));
        snapshot = Map.copyOf(next);
    }

    @Override
    public synchronized String toString() {
        final StringBuilder text = new StringBuilder();
        snapshot.forEach((mode, sources) -> text.append(mode).append('=').append(Arrays.toString(sources)).append(' '));
        return text.toString().trim();
    }
}
