package org.iokit4j.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import java.util.Map;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * Runs an example test class (a static nested class the build's test scan skips) through JUnit Platform's
 * {@link EngineTestKit} and reads what the platform saw: how its tests ended, and the report entries published.
 *
 * @param results what the engine reported.
 */
record ExampleRuns(EngineExecutionResults results) {

    /** {@return the run of {@code exampleClass} on the Jupiter engine} */
    static ExampleRuns of(Class<?> exampleClass) {
        return new ExampleRuns(EngineTestKit.engine("junit-jupiter").selectors(selectClass(exampleClass)).execute());
    }

    /** {@return the throwable of the only failed test or container (an example fails once, on purpose)} */
    Throwable onlyFailure() {
        final List<Throwable> failures = results.allEvents().failed().stream()
                .map(event -> event.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable))
                .flatMap(java.util.Optional::stream).toList();
        if (failures.size() != 1) {
            throw new AssertionError("expected one failure, got " + failures);
        }
        return failures.getFirst();
    }

    /** {@return every report entry's key/value pairs, in publishing order} */
    List<Map<String, String>> reportEntries() {
        return results.allEvents().reportingEntryPublished().stream()
                .map(event -> event.getPayload(ReportEntry.class)).flatMap(java.util.Optional::stream)
                .map(ReportEntry::getKeyValuePairs).toList();
    }

    /** {@return how many tests succeeded} */
    long succeeded() {
        return results.testEvents().succeeded().count();
    }

    /** {@return the events, for a failure message} */
    List<Event> events() {
        return results.allEvents().list();
    }
}
