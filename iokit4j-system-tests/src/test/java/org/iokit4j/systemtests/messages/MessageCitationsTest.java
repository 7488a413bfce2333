package org.iokit4j.systemtests.messages;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every runtime message cites a page that ships (issue 12 §5 "make every message cite what ships", §6): the string
 * literals of every module's main sources name no file but {@code docs/*.md} pages that exist, and a section they
 * name ({@code docs/calls.md, "Open and close"}) is a heading of that page. Comments may cite the project's specs.
 */
class MessageCitationsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    /** A file name ending in .md, with the section a message may name after it. */
    private static final Pattern CITATION = Pattern.compile("([\\w./-]*\\.md)(?:, \"([^\"]*))?");

    @Test
    void shouldCiteOnlyDocsPagesThatShipInRuntimeMessages() throws IOException {
        final List<String> wrong = new ArrayList<>();
        int citations = 0;
        for (Path source : mainSources()) {
            for (String literal : JavaLiterals.of(Files.readString(source))) {
                final Matcher m = CITATION.matcher(literal);
                while (m.find()) {
                    citations++;
                    final String where = ROOT.relativize(source) + ": \"" + literal + "\"";
                    final Path page = ROOT.resolve(m.group(1));
                    if (!m.group(1).startsWith("docs/") || !Files.isRegularFile(page)) {
                        wrong.add(where + " cites " + m.group(1) + ", which does not ship in docs/");
                    } else if (m.group(2) != null && !m.group(2).isBlank() && !hasHeading(page, m.group(2))) {
                        wrong.add(where + " cites section \"" + m.group(2) + "\", which " + m.group(1) + " lacks");
                    }
                }
            }
        }
        assertThat(wrong).as("runtime messages citing what does not ship").isEmpty();
        assertThat(citations).as("the scan found the messages' citations").isGreaterThan(30);
    }

    @Test
    void shouldFindStringLiteralsButNotComments() { // the scanner itself
        final String source = "class A { // \"contract.md\" in a comment\n /* \"style.md\" */ String s = \"a \\\"q\\\""
                + " b\"; char c = '\"'; String t = \"\"\"\n  block\n  \"\"\"; }";
        assertThat(JavaLiterals.of(source)).containsExactly("a \"q\" b", "  block\n  ");
    }

    private static boolean hasHeading(Path page, String section) {
        try (Stream<String> lines = Files.lines(page)) {
            return lines.filter(line -> line.startsWith("#")).map(line -> line.replaceFirst("^#+\\s*", ""))
                    .anyMatch(heading -> heading.startsWith(section) || section.startsWith(heading));
        } catch (IOException unreadable) {
            return false;
        }
    }

    private static List<Path> mainSources() throws IOException {
        try (Stream<Path> files = Files.walk(ROOT)) {
            return files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> ROOT.relativize(p).toString().replace('\\', '/').matches("[^/]+/src/main/java/.*"))
                    .sorted().toList();
        }
    }
}
