package org.iokit4j.tools;

import java.io.PrintWriter;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import org.iokit4j.kernel.registry.RegistryEntry;

/**
 * The service plane drawn as macOS {@code ioreg} draws it: one {@code +-o name  <class …, id 0x…, state>} line per
 * entry, children two columns in, a {@code |} running down while an entry has siblings still to come.
 *
 * <p>A filter keeps the entries it selects and their ancestors (so each stays in its place in the tree); with
 * properties on, each selected entry's properties follow its line.
 */
final class RegistryTree {
    private final PrintWriter out;
    private final Predicate<RegistryEntry> selected;
    private final boolean properties;
    private final Set<RegistryEntry> shown = new HashSet<>();

    /**
     * @param out        where the tree goes.
     * @param selected   the entries to show (with their ancestors).
     * @param properties whether to print the selected entries' properties.
     */
    RegistryTree(PrintWriter out, Predicate<RegistryEntry> selected, boolean properties) {
        this.out = out;
        this.selected = selected;
        this.properties = properties;
    }

    /**
     * Prints the tree of every root among {@code entries} (an entry without a provider).
     *
     * @return how many entries the filter selected.
     */
    int print(List<RegistryEntry> entries) {
        int matches = 0;
        for (RegistryEntry entry : entries) {
            if (selected.test(entry)) {
                matches++;
                // an entry is shown with every ancestor, up to the root (or one already shown)
                RegistryEntry up = entry;
                while (up != null && shown.add(up)) {
                    up = up.provider();
                }
            }
        }
        final List<RegistryEntry> roots = entries.stream().filter(e -> e.provider() == null && shown.contains(e))
                .toList();
        for (int i = 0; i < roots.size(); i++) {
            print(roots.get(i), "", i == roots.size() - 1);
        }
        return matches;
    }

    private void print(RegistryEntry entry, String prefix, boolean last) {
        out.println(prefix + "+-o " + entry.name() + "  <class " + entry.ioClass() + ", id 0x"
                + Long.toHexString(entry.registryEntryID()) + ", " + entry.state().name().toLowerCase(Locale.ROOT)
                + ">");
        final String childPrefix = prefix + (last ? "  " : "| ");
        final List<RegistryEntry> children = entry.children().stream().filter(shown::contains).toList();
        if (properties && selected.test(entry)) {
            // the block sits under the entry; a | carries the line down to its first child
            final String blockPrefix = childPrefix + (children.isEmpty() ? "  " : "| ");
            for (String line : PropertyPrinter.lines(entry.properties())) {
                out.println(blockPrefix + line);
            }
            out.println(blockPrefix.stripTrailing());
        }
        for (int i = 0; i < children.size(); i++) {
            print(children.get(i), childPrefix, i == children.size() - 1);
        }
    }
}
