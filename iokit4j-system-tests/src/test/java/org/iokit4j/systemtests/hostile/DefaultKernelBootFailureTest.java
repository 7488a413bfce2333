package org.iokit4j.systemtests.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.iokit4j.testsupport.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 8 deliverable 1: "the default kernel's boot can fail without poisoning the JVM: the failing call explains,
 * and the process can go on". Run in a child JVM, whose default kernel is its own.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DefaultKernelBootFailureTest {

    @Test
    void shouldAnswerEveryCallWithTheBootFailureAndLetTheProcessGoOn() throws Exception {
        try (ChildJvm child = ChildJvm.start(UnbootableApp.class)) {
            final String line = child.firstLine(60);
            assertThat(line).as("child errors: %s", child.errors()).startsWith("ready");
            assertThat(line).contains("first=kIOReturnNotReady").contains("second=kIOReturnNotReady")
                    .as("an isolated kernel still boots").contains("isolated=true")
                    .as("the explanation names the setting and what later calls do")
                    .contains("carrier-pigeon:/nowhere").contains("iokit4j.kernel").contains("Every IOKit call");
            assertThat(child.errors()).doesNotContain("NoClassDefFoundError").doesNotContain("ExceptionInInitializer");
        }
    }
}
