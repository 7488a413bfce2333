package org.iokit4j.junit;

import static org.assertj.core.api.Assertions.assertThat;

import org.iokit4j.client.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ParameterResolutionException;

/**
 * Mistakes in using the extension (issue 12 deliverable 2; issue 12 §"most error messages are excellent", kept so):
 * each fails the test with an exception that says what is wrong and what to do.
 */
class BadUsageTest {

    /** Names a service no driver registers. */
    @IOKitTest(bundles = "META-INF/driverkit/Info.plist")
    static class UnknownServiceExample {
        @Test
        void opens(@Service("com.example.NoSuchDriver") Connection missing) {
            throw new AssertionError("not reached");
        }
    }

    /** Has the service, but not the entitlement to open it. */
    @IOKitTest(bundles = "META-INF/driverkit/Info.plist")
    static class NotEntitledExample {
        @Test
        void opens(@Service(PerMethodKernelTest.TICK) Connection tick) {
            throw new AssertionError("not reached");
        }
    }

    /** Names a bundle that is not on the class path. */
    @IOKitTest(bundles = "bundles/missing/Info.plist")
    static class MissingBundleExample {
        @Test
        void runs() {
            throw new AssertionError("not reached");
        }
    }

    /** Names an entitlements file that is not on the class path. */
    @IOKitTest(bundles = "META-INF/driverkit/Info.plist", entitlements = "test/Missing.plist")
    static class MissingEntitlementsExample {
        @Test
        void runs() {
            throw new AssertionError("not reached");
        }
    }

    /** Takes a connection without saying to what. */
    @IOKitTest(bundles = "META-INF/driverkit/Info.plist")
    static class UnnamedConnectionExample {
        @Test
        void opens(Connection which) {
            throw new AssertionError("not reached");
        }
    }

    /** Takes a manual clock from a kernel on the system clock. */
    @IOKitTest(bundles = "META-INF/driverkit/Info.plist")
    static class NoManualClockExample {
        @Test
        void advances(ManualClock clock) {
            throw new AssertionError("not reached");
        }
    }

    @Test
    void anUnknownServiceNameSaysWhichServicesThereAre() {
        assertThat(ExampleRuns.of(UnknownServiceExample.class).onlyFailure())
                .isInstanceOf(ParameterResolutionException.class)
                .hasMessageContaining("parameter @Service(\"com.example.NoSuchDriver\") Connection")
                .hasMessageContaining("cannot open service 'com.example.NoSuchDriver' in kernel 'UnknownServiceExample.opens'")
                .hasMessageContaining("kIOReturnNotFound")
                .hasMessageContaining("Registered services: [org.iokit4j.junit.tick.TickDriver]")
                .hasMessageContaining("kernel problems: none");
    }

    @Test
    void aMissingEntitlementSaysSoWhenOpening() {
        assertThat(ExampleRuns.of(NotEntitledExample.class).onlyFailure())
                .isInstanceOf(ParameterResolutionException.class)
                .hasMessageContaining("cannot open service '" + PerMethodKernelTest.TICK + "'")
                .hasMessageContaining("kIOReturnNotPermitted")
                .hasMessageContaining("userclient-access");
    }

    @Test
    void aMissingBundleNamesItsPath() {
        assertThat(ExampleRuns.of(MissingBundleExample.class).onlyFailure())
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("@IOKitTest(bundles = [bundles/missing/Info.plist])")
                .hasMessageContaining("bundles/missing/Info.plist: there is no such resource on the class path");
    }

    @Test
    void aMissingEntitlementsFileNamesItsPath() {
        assertThat(ExampleRuns.of(MissingEntitlementsExample.class).onlyFailure())
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("@IOKitTest(entitlements = \"test/Missing.plist\")")
                .hasMessageContaining("test/Missing.plist: there is no such resource on the class path");
    }

    @Test
    void aConnectionWithoutAServiceSaysHowToNameOne() {
        assertThat(ExampleRuns.of(UnnamedConnectionExample.class).onlyFailure())
                .isInstanceOf(ParameterResolutionException.class)
                .hasMessageContaining("parameter Connection")
                .hasMessageContaining("@Service(\"com.example.Driver\") Connection driver");
    }

    @Test
    void aManualClockNeedsTheKernelToHaveOne() {
        assertThat(ExampleRuns.of(NoManualClockExample.class).onlyFailure())
                .isInstanceOf(ParameterResolutionException.class)
                .hasMessageContaining("add manualClock = true to @IOKitTest");
    }
}
