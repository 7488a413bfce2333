package org.iokit4j.examples.displayregistry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The port of IOKitUser's {@code iodisplayregistry.c} (issue 11 deliverable 6) against the default kernel, which
 * runs the examples' dexts (the seed's MyDriver and Apple's NullDriver, both on {@code IOUserResources}).
 */
class DisplayRegistryTest {

    private static List<String> run(String... args) {
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        DisplayRegistry.run(args, new PrintStream(captured, true, StandardCharsets.UTF_8));
        return captured.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void shouldPrintTheServicePlaneAsATreeBelowTheRoot() { // iodisplayregistry.c traverse() and indent()
        final List<String> lines = run("-p");
        assertThat(lines.getFirst()).as("the root first, at depth 0 (IORegistryGetRootEntry)")
                .startsWith("+-o Root  <class IORegistryEntry").endsWith(">");
        assertThat(lines).as("the root's children at depth 1, found with IORegistryEntryGetChildIterator")
                .anyMatch(line -> line.matches("  \\+-o IOUserResources  <class IOUserResources, busy \\d+,"
                        + " retain count \\d+>"))
                .anyMatch(line -> line.matches("  \\+-o IOResources  <class IOResources.*"));
        assertThat(lines).as("the dexts' services below IOUserResources, at depth 2")
                .anyMatch(line -> line.matches("[ |]{4}\\+-o org\\.iokit4j\\.examples\\.nulldriver\\.NullDriver  <class"
                        + " IOUserService, busy \\d+, retain count \\d+>"));
        assertThat(lines).as("-p: no properties").noneMatch(line -> line.contains("{"));
    }

    @Test
    void shouldPrintEachServicesPropertiesWithIOCFSerialize() { // iodisplayregistry.c properties(), printEntry()
        final List<String> lines = run();
        final int nullDriver = indexOf(lines, "-o org.iokit4j.examples.nulldriver.NullDriver  <class IOUserService");
        assertThat(lines.get(nullDriver + 1).trim()).as("the properties open under the entry").isEqualTo("{");
        final List<String> properties = lines.subList(nullDriver + 2, indexOf(lines.subList(nullDriver, lines.size()),
                "}") + nullDriver);
        assertThat(properties).as("the personality's keys, each value in IOKit's XML form (IORegistryEntryCreate"
                + "CFProperties, IOCFSerialize)")
                .anyMatch(line -> line.trim().equals("IOUserClass = <string>org.iokit4j.examples.nulldriver.NullDriver"
                        + "</string>"))
                .anyMatch(line -> line.trim().startsWith("IOProviderClass = <string>IOUserResources</string>"));
        assertThat(lines).as("without -r the root's properties are not printed")
                .element(1).asString().doesNotContain("{");
    }

    @Test
    void shouldPrintTheRootsPropertiesWithR() { // iodisplayregistry.c: -r sets kDoRootOption
        // indent(): the root has children, so bit 1 of stackOfBits draws a | down to them beside the block
        assertThat(run("-r").get(1)).isEqualTo("  | {");
    }

    @Test
    void shouldPrintItsUsageWithH() {
        assertThat(run("-h")).containsExactly("iodisplayregistry [-p] [-r] [-h] [plane]");
    }

    private static int indexOf(List<String> lines, String fragment) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(fragment)) {
                return i;
            }
        }
        throw new AssertionError("no line contains '" + fragment + "' in:\n" + String.join("\n", lines));
    }
}
