package org.iokit4j.systemtests.carriers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.iokitlib.IOKitLib.IOObjectRelease;
import static org.iokit4j.iokitlib.IOKitLib.IOServiceClose;
import static org.iokit4j.iokitlib.IOKitLib.IOServiceGetMatchingService;
import static org.iokit4j.iokitlib.IOKitLib.IOServiceNameMatching;
import static org.iokit4j.iokitlib.IOKitLib.IOServiceOpen;
import static org.iokit4j.iokitlib.IOKitLib.kIOMainPortDefault;
import static org.iokit4j.iokitlib.IOKitLib.kIOReturnSuccess;
import static org.iokit4j.iokitlib.IOKitLib.mach_task_self;

import java.util.List;
import java.util.function.Supplier;
import org.iokit4j.Diagnostics;
import org.iokit4j.mig.Caller;

/**
 * What every end-to-end test needs from its carrier: the test dexts the fixture serves, the app task it acts as, and
 * the few steps every test takes (open a driver's user client, close it). {@link EndToEndSuite} implements it; a group
 * of end-to-end tests is an interface extending it whose default {@code @Test} methods {@link EndToEndSuite} mixes
 * in, so each group runs against every carrier (embedded, daemon, driver servers in their own JVMs).
 */
interface CarrierFixture {
    String ECHO = "org.iokit4j.systemtests.echo.EchoDriver";
    String ASYNC = "org.iokit4j.systemtests.async.AsyncDriver";
    String MEMORY = "org.iokit4j.systemtests.memory.MemoryDriver";
    String SPAWNER = "org.iokit4j.systemtests.spawner.SpawnerDriver";
    String SPAWNED = "org.iokit4j.systemtests.spawner.SpawnedService";
    String PROPS = "org.iokit4j.systemtests.props.PropsDriver";
    String OBJECTS = "org.iokit4j.systemtests.objects.ObjectsDriver";

    /** The test dexts every carrier serves. */
    String[] BUNDLES = {"bundles/echo/Info.plist", "bundles/async/Info.plist", "bundles/memory/Info.plist",
        "bundles/spawner/Info.plist", "bundles/props/Info.plist", "bundles/objects/Info.plist"};

    /** The bundle IDs the app may open ({@code com.apple.developer.driverkit.userclient-access}). */
    List<String> USER_CLIENT_ACCESS = List.of("org.iokit4j.test.echo", "org.iokit4j.test.async",
            "org.iokit4j.test.memory", "org.iokit4j.test.spawner", "org.iokit4j.test.props",
            "org.iokit4j.test.objects");

    /** {@return the app task the test acts as, in the fixture's kernel} */
    Caller app();

    /** {@return what {@code body} returns, run as the app task} */
    default <T> T as(Supplier<T> body) {
        return Caller.callAs(app(), body);
    }

    /** Runs {@code body} as the app task. */
    default void run(Runnable body) {
        Caller.runAs(app(), body);
    }

    /** {@return a connection to {@code driver}'s user client (type 0), asserting the open succeeded} */
    default int open(String driver) {
        return as(() -> {
            final int service = IOServiceGetMatchingService(kIOMainPortDefault, IOServiceNameMatching(driver));
            assertThat(service).as("%s is registered", driver).isNotZero();
            final int[] connect = new int[1];
            final int opened = IOServiceOpen(service, mach_task_self(), 0, connect);
            IOObjectRelease(service);
            assertThat(opened).as(Diagnostics.lastFailure() == null ? "" : Diagnostics.lastFailure().explanation())
                    .isEqualTo(kIOReturnSuccess);
            return connect[0];
        });
    }

    /** Closes {@code connect} as the app task. */
    default void close(int connect) {
        as(() -> IOServiceClose(connect));
    }
}
