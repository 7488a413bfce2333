package org.iokit4j.tools;

import java.io.PrintWriter;
import java.util.List;
import org.iokit4j.tools.RegistryReader.Entry;

/**
 * The service plane drawn as macOS {@code ioreg} draws it: one {@code +-o name  <class …, id 0x…, busy n, retain n>}
 * line per entry, children two columns in, a {@code |} running down while an entry has siblings still to come.
 *
 * <p>It draws what a {@link RegistryReader} read: the entries a filter selected and their ancestors (so each stays in
 * its place in the tree), with each selected entry's properties after its line when they were read; or, for
 * {@code ioreg -r}, each match's subtree on its own ({@link #printSubtrees}).
 */
final class RegistryTree {
    private final PrintWriter out;

    /** @param out where the tree goes. */
    RegistryTree(PrintWriter out) {
        this.out = out;
    }

    /** Prints {@code root}'s tree if anything in it was selected. {@return how many entries were selected} */
    int print(Entry root) {
        if (root.shown()) {
            print(root, "", true);
        }
        return count(root);
    }

    /**
     * Prints the subtree of each topmost selected entry as Apple's {@code ioreg -r} does: rooted at the left margin,
     * with no ancestors, each followed by an empty line, in the order the walk met them (a reader made with
     * {@code subtrees} has selected every entry below a match). {@return how many subtrees were printed}
     */
    int printSubtrees(Entry root) {
        if (root.selected()) {
            print(root, "", true);
            out.println();
            return 1;
        }
        int printed = 0;
        for (Entry child : root.children()) {
            printed += printSubtrees(child);
        }
        return printed;
    }

    private void print(Entry entry, String prefix, boolean last) {
        out.println(prefix + "+-o " + entry.name() + "  <class " + entry.ioClass() + ", id 0x"
                + Long.toHexString(entry.id()) + (entry.busy() != null ? ", busy " + entry.busy() : "")
                + ", retain " + entry.retain() + ">");
        final String childPrefix = prefix + (last ? "  " : "| ");
        final List<Entry> shownChildren = entry.children().stream().filter(Entry::shown).toList();
        if (entry.properties() != null) {
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

    private static int count(Entry entry) {
        int selected = entry.selected() ? 1 : 0;
        for (Entry child : entry.children()) {
            selected += count(child);
        }
        return selected;
    }
}
