package org.iokit4j.systemtests.carriers;

import org.iokit4j.junit.Entitlement;
import org.iokit4j.junit.IOKitTest;
import org.iokit4j.mig.Caller;
import org.junit.jupiter.api.BeforeEach;

/**
 * The end-to-end suite against the embedded carrier: an isolated kernel in this JVM per test (issue 9 deliverable 7),
 * booted by the JUnit extension (issue 12 deliverable 2) with {@link CarrierFixture#BUNDLES} and the app's
 * {@link CarrierFixture#USER_CLIENT_ACCESS}.
 */
@IOKitTest(name = "e2e-embedded", bundles = {"bundles/echo/Info.plist", "bundles/async/Info.plist",
    "bundles/memory/Info.plist", "bundles/spawner/Info.plist", "bundles/props/Info.plist",
    "bundles/objects/Info.plist"}, entitlement = @Entitlement(key = "com.apple.developer.driverkit.userclient-access",
        values = {"org.iokit4j.test.echo", "org.iokit4j.test.async", "org.iokit4j.test.memory",
            "org.iokit4j.test.spawner", "org.iokit4j.test.props", "org.iokit4j.test.objects"}))
class EmbeddedCarrierTest extends EndToEndSuite {
    private Caller app;

    @BeforeEach
    void bind(Caller test) {
        app = test;
    }

    @Override
    public Caller app() {
        return app;
    }
}
