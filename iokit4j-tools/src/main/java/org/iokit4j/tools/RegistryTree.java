package org.iokit4j.tools;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.iokit4j.mig.RegistryNode;

/**
 * The service plane drawn as macOS {@code ioreg} draws it: one {@code +-o name  <class …, id 0x…, state>} line per
 * entry, children two columns in, a {@code |} running down while an entry has siblings still to come.
 *
 * <p>It draws a registry walk ({@link org.iokit4j.mig.IOKitServer#registryWalk}): entries as plain values, each
 * after its provider, children in walk order. A filter keeps the entries it selects and their ancestors (so each
 * stays in its place in the tree); with properties on, each selected entry's properties follow its line.
 */
final class RegistryTree {
    private final PrintWriter out;
    private final Predicate<RegistryNode> selected;
    private final boolean properties;
    private final Set<Long> shown = new HashSet<>();
    private final Map<Long, List<RegistryNode>> children = new HashMap<>();

    /**
     * @param out        where the tree goes.
     * @param selected   the entries to show (with their ancestors).
     * @param properties whether to print the selected entries' properties.
     */
    RegistryTree(PrintWriter out, Predicate<RegistryNode> selected, boolean properties) {
        this.out = out;
        this.selected = selected;
        this.properties = properties;
    }

    /**
     * Prints the tree of every root among {@code entries} (an entry without a provider, or whose provider is not
     * among them).
     *
     * @return how many entries the filter selected.
     */
    int print(List<RegistryNode> entries) {
        final Map<Long, RegistryNode> byId = new HashMap<>();
        entries.forEach(entry -> byId.put(entry.id(), entry));
        final List<RegistryNode> roots = new ArrayList<>();
        for (RegistryNode entry : entries) {
            if (byId.containsKey(entry.providerId())) {
                children.computeIfAbsent(entry.providerId(), id -> new ArrayList<>()).add(entry);
            } else {
                roots.add(entry);
            }
        }
        int matches = 0;
        for (RegistryNode entry : entries) {
            if (selected.test(entry)) {
                matches++;
                // an entry is shown with every ancestor, up to the root (or one already shown)
                RegistryNode up = entry;
                while (up != null && shown.add(up.id())) {
                    up = byId.get(up.providerId());
                }
            }
        }
        final List<RegistryNode> shownRoots = roots.stream().filter(root -> shown.contains(root.id())).toList();
        for (int i = 0; i < shownRoots.size(); i++) {
            print(shownRoots.get(i), "", i == shownRoots.size() - 1);
        }
        return matches;
    }

    private void print(RegistryNode entry, String prefix, boolean last) {
        out.println(prefix + "+-o " + entry.name() + "  <class " + entry.ioClass() + ", id 0x"
                + Long.toHexString(entry.id()) + ", " + entry.state() + ">");
        final String childPrefix = prefix + (last ? "  " : "| ");
        final List<RegistryNode> shownChildren = children.getOrDefault(entry.id(), List.of()).stream()
                .filter(child -> shown.contains(child.id())).toList();
        if (properties && selected.test(entry)) {
            // the block sits under the entry; a | carries the line down to its first child
            final String blockPrefix = childPrefix + (shownChildren.isEmpty() ? "  " : "| ");
            for (String line : PropertyPrinter.lines(entry.properties())) {
                out.println(blockPrefix + line);
            }
            out.println(blockPrefix.stripTrailing());
        }
        for (int i = 0; i < shownChildren.size(); i++) {
            print(shownChildren.get(i), childPrefix, i == shownChildren.size() - 1);
        }
    }
}
