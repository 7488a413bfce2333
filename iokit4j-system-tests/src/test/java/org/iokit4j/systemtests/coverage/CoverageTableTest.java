package org.iokit4j.systemtests.coverage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code docs/coverage.md} true (issue 11 deliverable 7: "a coverage table … checked by a test so it cannot go
 * stale"). Every row is checked against the classes by reflection, both ways: a {@code yes} row must name a public
 * method that exists, a {@code no} or {@code n/a} row must not exist in the Java class, and every public Apple-style
 * method of the covered classes must have a row (an Apple row or a Java addition).
 */
class CoverageTableTest {
    private static final Path PAGE = Path.of("..", "docs", "coverage.md");
    private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\| (?:`([^`]+)`|—) \\| (yes|no|n/a) \\|.*");
    private static final Pattern ADDITION = Pattern.compile("^\\| `([A-Za-z]+)\\.([A-Za-z0-9_]+)` \\| .*");
    private static final Pattern SUMMARY = Pattern.compile("<!-- summary: (\\S+) yes=(\\d+) no=(\\d+) n/a=(\\d+) -->");
    private static final Map<String, String> PACKAGES = Map.of("IOKitLib", "org.iokit4j.iokitlib",
            "CoreFoundation", "org.iokit4j.iokitlib");
    /** The DriverKit classes whose capitalised public methods must all be on the page. */
    private static final List<String> DRIVERKIT = List.of("IOService", "IOUserClient", "IOMemoryDescriptor",
            "IOBufferMemoryDescriptor", "IOMemoryMap", "IODispatchQueue", "IODispatchSource", "OSAction");

    record Row(String section, String apple, String java, String status) {
    }

    private static final List<Row> rows = new ArrayList<>();
    private static final Set<String> additions = new TreeSet<>();
    private static final Map<String, int[]> summaries = new LinkedHashMap<>();

    @BeforeAll
    static void read() throws IOException {
        String section = "";
        for (String line : Files.readAllLines(PAGE)) {
            if (line.startsWith("## ")) {
                section = line.substring(3);
            }
            final Matcher summary = SUMMARY.matcher(line);
            if (summary.find()) {
                summaries.put(summary.group(1), new int[] {Integer.parseInt(summary.group(2)),
                    Integer.parseInt(summary.group(3)), Integer.parseInt(summary.group(4))});
            }
            final Matcher row = ROW.matcher(line);
            if (row.matches()) {
                rows.add(new Row(section, row.group(1), row.group(2), row.group(3)));
                continue;
            }
            final Matcher addition = ADDITION.matcher(line);
            if (section.equals("Java additions") && addition.matches()) {
                additions.add(addition.group(1) + "." + addition.group(2));
            }
        }
    }

    @Test
    void shouldReadEveryTable() { // the page's tables parse: a format change must not silently check nothing
        assertThat(rows).as("rows of docs/coverage.md").hasSizeGreaterThan(200);
        assertThat(summaries).containsOnlyKeys("IOKitLib", "DriverKit", "OSContainers");
        assertThat(additions).isNotEmpty();
    }

    @Test
    void shouldNameAnExistingPublicMethodInEveryYesRow() { // issue 11 §7: "yes" means it is there
        final List<String> missing = rows.stream().filter(row -> row.status().equals("yes"))
                .filter(row -> row.java() == null || !exists(row.java())).map(Row::apple).toList();
        assertThat(missing).as("rows marked yes whose Java method does not exist").isEmpty();
    }

    @Test
    void shouldNotHaveTheFunctionOfANoOrNotApplicableRow() { // a function implemented since must have its row changed
        final List<String> present = new ArrayList<>();
        for (Row row : rows) {
            if (row.status().equals("yes")) {
                continue;
            }
            assertThat(row.java()).as("%s is %s but names a Java form", row.apple(), row.status()).isNull();
            final String javaName = row.section().startsWith("IOKitLib") ? "IOKitLib." + row.apple()
                    : row.apple().replace("::", ".");
            if (exists(javaName)) {
                present.add(row.apple());
            }
        }
        assertThat(present).as("functions marked no or n/a that exist").isEmpty();
    }

    @Test
    void shouldListEveryPublicIOKitLibFunction() { // both ways: nothing implemented is missing from the page
        final Set<String> listed = rows.stream().filter(row -> row.java() != null).map(Row::java)
                .collect(Collectors.toCollection(TreeSet::new));
        listed.addAll(additions);
        final Set<String> unlisted = new TreeSet<>();
        for (Method method : type("IOKitLib").getMethods()) {
            final String name = method.getName();
            if (Modifier.isStatic(method.getModifiers()) && name.startsWith("IO")
                    && !listed.contains("IOKitLib." + name)) {
                unlisted.add(name);
            }
        }
        for (String cls : DRIVERKIT) {
            for (Method method : type(cls).getMethods()) {
                final String name = method.getName();
                if (Character.isUpperCase(name.charAt(0)) && !listed.contains(cls + "." + name)
                        && !inherited(cls, name, listed)) {
                    unlisted.add(cls + "." + name);
                }
            }
        }
        assertThat(unlisted).as("public Apple-style functions missing from docs/coverage.md").isEmpty();
    }

    @Test
    void shouldAgreeWithItsSummaries() { // the counts a reader sees are the rows' counts
        for (Map.Entry<String, int[]> summary : summaries.entrySet()) {
            final String section = summary.getKey().equals("OSContainers") ? "OS containers" : summary.getKey();
            final List<Row> inSection = rows.stream().filter(row -> row.section().startsWith(section)).toList();
            final int[] counted = {count(inSection, "yes"), count(inSection, "no"), count(inSection, "n/a")};
            assertThat(counted).as("yes/no/n/a of section %s", section).containsExactly(summary.getValue());
        }
    }

    private static int count(List<Row> rows, String status) {
        return (int) rows.stream().filter(row -> row.status().equals(status)).count();
    }

    /** {@return whether a superclass row of {@code cls} (e.g. IOService for IOUserClient) lists {@code name}} */
    private static boolean inherited(String cls, String name, Set<String> listed) {
        for (Class<?> up = type(cls).getSuperclass(); up != null; up = up.getSuperclass()) {
            if (listed.contains(up.getSimpleName() + "." + name)) {
                return true;
            }
        }
        return false;
    }

    private static boolean exists(String javaName) {
        final int dot = javaName.lastIndexOf('.');
        final Class<?> type = type(javaName.substring(0, dot));
        final String method = javaName.substring(dot + 1);
        return Arrays.stream(type.getMethods()).anyMatch(m -> m.getName().equals(method))
                || Arrays.stream(type.getFields()).anyMatch(f -> f.getName().equals(method));
    }

    private static Class<?> type(String simpleName) {
        try {
            return Class.forName(PACKAGES.getOrDefault(simpleName, "org.iokit4j.driverkit") + "." + simpleName);
        } catch (ClassNotFoundException e) {
            throw new AssertionError("docs/coverage.md names class " + simpleName + ", which does not exist", e);
        }
    }
}
