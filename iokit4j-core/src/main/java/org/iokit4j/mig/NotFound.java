package org.iokit4j.mig;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.iokit4j.Failure;
import org.iokit4j.IOReturn;
import org.iokit4j.ValueText;
import org.iokit4j.mach.TaskHandle;

/**
 * The explanation of "no registered service matches": the kernel's boot problems that concern a name in the
 * matching dictionary (a personality never made, an {@code IOUserClass} that did not load, an {@code IOProviderClass}
 * no class has), so that the app sees why, not only that (issue 12 §6; docs/kernel-and-bundles.md, "Boot problems").
 *
 * <p>A problem concerns the dictionary when its explanation contains one of the dictionary's strings (an
 * {@code IONameMatch}, an {@code IOProviderClass}, a property value), the kernel's own class names apart (every
 * problem may mention {@code IOUserResources}).
 *
 * <p><b>Concurrency.</b> Stateless.
 */
public final class NotFound {
    /** How many problems one explanation lists at most. */
    static final int MAX_LISTED = 5;
    /** Names too common to pick a problem out: the kernel's classes. */
    private static final Set<String> KERNEL_NAMES = Set.of("IOService", "IOUserService", "IOUserResources",
            "IOResources", "IOUserClient", "IOUserUserClient", "IORegistryEntry", "OSObject", "IOKit");

    private NotFound() {
    }

    /**
     * {@return {@code kIOReturnNotFound} for {@code matching}, listing {@code kernel}'s problems that concern it}
     * Asking the kernel for its problems never fails this call: a kernel that cannot answer lists none.
     *
     * @param kernel   the kernel.
     * @param task     the calling task.
     * @param matching the matching dictionary.
     */
    public static Failure explain(IOKitServer kernel, TaskHandle task, Map<String, Object> matching) {
        List<Failure> problems;
        try {
            problems = kernel.problems(task);
        } catch (RuntimeException unreachable) {
            problems = List.of();
        }
        return Failure.of(IOReturn.kIOReturnNotFound, "no registered service matches %s%s", ValueText.of(matching),
                concerning(problems, matching));
    }

    /**
     * {@return the sentence that follows "no registered service matches …": the problems concerning
     * {@code matching}, or what to check when there are none}
     *
     * @param problems receives the problems.
     * @param matching the matching dictionary.
     */
    public static String concerning(List<Failure> problems, Map<String, Object> matching) {
        final Set<String> names = new LinkedHashSet<>();
        collect(matching, names);
        names.removeAll(KERNEL_NAMES);
        final List<Failure> found = new ArrayList<>();
        for (Failure problem : problems) {
            if (names.stream().anyMatch(name -> problem.explanation().contains(name))) {
                found.add(problem);
            }
        }
        if (found.isEmpty()) {
            return ". The kernel reports no problem about " + (names.isEmpty() ? "it" : String.join(", ", names))
                    + ": check the name (a driver's IOUserClass, or its simple name), that its bundle is loaded, and"
                    + " that the driver calls RegisterService() in Start (docs/kernel-and-bundles.md, \"Boot"
                    + " problems\")";
        }
        final StringBuilder text = new StringBuilder(". The kernel's problems about ").append(String.join(", ", names))
                .append(found.size() > MAX_LISTED ? " (the last " + MAX_LISTED + " of " + found.size() + ")" : "")
                .append(':');
        for (Failure problem : found.subList(Math.max(0, found.size() - MAX_LISTED), found.size())) {
            text.append("\n  - ").append(problem);
        }
        return text.toString();
    }

    private static void collect(Object value, Set<String> names) {
        switch (value) {
            case String name when !name.isBlank() -> names.add(name);
            case Map<?, ?> map -> map.values().forEach(inner -> collect(inner, names));
            case Collection<?> list -> list.forEach(inner -> collect(inner, names));
            case null, default -> {
            }
        }
    }
}
