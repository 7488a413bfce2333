package org.iokit4j.systemtests.carriers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.iokit4j.mach.TaskHandle;
import org.iokit4j.mig.Caller;
import org.iokit4j.remote.RemoteKernel;
import org.iokit4j.testsupport.DaemonProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The end-to-end suite against the daemon carrier (issue 9 deliverable 7): a kernel daemon in a child JVM serving
 * the test dexts, this JVM an app reaching it over {@code unix:PATH}, each test a task of its own (a session: ended
 * after the test, as a process exiting would). The daemon grants the entitlements from its file, for this user.
 */
@org.junit.jupiter.api.TestInstance(org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS)
class DaemonCarrierTest extends EndToEndSuite {
    static final String ENTITLEMENTS = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
            <plist version="1.0"><dict><key>*</key><dict>
              <key>com.apple.developer.driverkit.userclient-access</key>
              <array>%s</array>
            </dict></dict></plist>
            """.formatted(USER_CLIENT_ACCESS.stream().map(id -> "<string>" + id + "</string>")
            .collect(java.util.stream.Collectors.joining()));

    DaemonProcess daemon;
    RemoteKernel kernel;
    private TaskHandle task;
    private Caller app;

    /** {@return the daemon's options: here every driver server runs inside the daemon (the second fixture)} */
    java.util.List<String> daemonOptions() {
        return java.util.List.of("--driver-servers", "in-daemon");
    }

    @BeforeAll
    void startDaemon() throws Exception {
        daemon = DaemonProcess.startWith(daemonOptions(), ENTITLEMENTS, BUNDLES);
        kernel = new RemoteKernel(daemon.socket());
    }

    @AfterAll
    void stopDaemon() throws Exception {
        final var socket = daemon.socket();
        try {
            assertThat(daemon.terminate()).as("SIGTERM stops the daemon with status 0 (contract §6); errors: %s",
                    daemon.errors()).isZero();
            assertThat(Files.exists(socket)).as("the socket file is removed").isFalse();
        } finally {
            daemon.close();
        }
    }

    @BeforeEach
    void newTask() {
        task = kernel.createTask("e2e-app", java.util.Map.of());
        app = new Caller(kernel, task);
    }

    @AfterEach
    void endTask() {
        RemoteKernel.terminate(task);
    }

    @Override
    public Caller app() {
        return app;
    }

    TaskHandle task() {
        return task;
    }
}
