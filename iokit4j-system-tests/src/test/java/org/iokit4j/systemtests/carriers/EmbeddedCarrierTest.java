package org.iokit4j.systemtests.carriers;

import java.util.Map;
import org.iokit4j.kernel.Kernel;
import org.iokit4j.mig.Caller;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The end-to-end suite against the embedded carrier: an isolated kernel in this JVM (issue 9 deliverable 7). */
class EmbeddedCarrierTest extends EndToEndSuite {
    private Kernel kernel;
    private Caller app;

    @BeforeEach
    void boot() {
        final Kernel.Builder builder = Kernel.builder().name("e2e-embedded").discoverClassPath(false);
        for (String bundle : BUNDLES) {
            builder.bundle(bundle);
        }
        kernel = builder.boot();
        app = kernel.caller(kernel.createTask("app", Map.of("com.apple.developer.driverkit.userclient-access",
                USER_CLIENT_ACCESS)));
    }

    @AfterEach
    void shutdown() {
        kernel.close();
    }

    @Override
    public Caller app() {
        return app;
    }
}
