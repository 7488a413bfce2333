package org.iokit4j.systemtests.carriers;

import java.util.List;

/**
 * The end-to-end suite against the third fixture (issue 10 deliverable 5): the kernel daemon with each driver server
 * in a JVM of its own (its default), this JVM an app. Every call crosses two process boundaries: app → daemon →
 * driver server; completions and nested kernel ↔ driver calls come back the same way.
 */
class ServerProcessCarrierTest extends DaemonCarrierTest {
    @Override
    List<String> daemonOptions() {
        return List.of("--driver-servers", "process");
    }
}
