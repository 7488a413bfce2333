package org.iokit4j.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.iokitlib.IOKitLib.IOObjectRelease;
import static org.iokit4j.iokitlib.IOKitLib.IOServiceGetMatchingService;
import static org.iokit4j.iokitlib.IOKitLib.IOServiceNameMatching;
import static org.iokit4j.iokitlib.IOKitLib.kIOMainPortDefault;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.iokit4j.client.Connection;
import org.iokit4j.client.IOKit;
import org.iokit4j.client.NotificationPort;
import org.iokit4j.dispatch.DispatchQueue;
import org.iokit4j.kernel.Kernel;
import org.iokit4j.mach.MachTask;
import org.iokit4j.mig.Caller;
import org.iokit4j.junit.tick.TickUserClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The default lifecycle (issue 12 deliverable 2: "boots an isolated kernel per test … runs the test as a task with the
 * entitlements you give"): every test method has a kernel of its own, closed after it, and runs as a task of it, so
 * the faithful layer's {@code kIOMainPortDefault} reaches that kernel.
 */
@IOKitTest(bundles = "META-INF/driverkit/Info.plist", entitlement = @Entitlement(
        key = "com.apple.developer.driverkit.userclient-access", values = "org.iokit4j.junit.tick"))
class PerMethodKernelTest {
    static final String TICK = "org.iokit4j.junit.tick.TickDriver";
    private static final List<Kernel> KERNELS = new CopyOnWriteArrayList<>();
    private static final List<MachTask> TASKS = new CopyOnWriteArrayList<>();
    private static final List<AutoCloseable> OPENED = new CopyOnWriteArrayList<>();

    private Kernel before;

    @BeforeEach
    void recordTheKernel(Kernel kernel, MachTask task) {
        before = kernel;
        KERNELS.add(kernel);
        TASKS.add(task);
    }

    @AfterAll
    static void everyTestHadAKernelOfItsOwnClosedAfterIt() {
        assertThat(KERNELS).hasSize(4).doesNotHaveDuplicates();
        assertThat(KERNELS).allSatisfy(kernel -> assertThat(kernel.taskCount()).as("%s closed", kernel).isZero());
        assertThat(TASKS).allSatisfy(task -> assertThat(task.isTerminated()).isTrue());
        assertThat(OPENED).hasSize(3).allSatisfy(opened -> assertThat(opened).satisfiesAnyOf(
                o -> assertThat(o).isInstanceOfSatisfying(Connection.class, c -> assertThat(c.isClosed()).isTrue()),
                o -> assertThat(o).isInstanceOfSatisfying(NotificationPort.class, p -> assertThat(p.isClosed()).isTrue()),
                o -> assertThat(o).isInstanceOfSatisfying(DispatchQueue.class, q -> assertThat(q.isClosed()).isTrue())));
    }

    @Test
    void runsTheTestAsATaskOfItsOwnKernel(Kernel kernel, Caller caller, MachTask task) {
        assertThat(kernel).isSameAs(before);
        assertThat(Caller.current()).isEqualTo(caller).isEqualTo(kernel.caller(task));
        assertThat(task.name()).isEqualTo("test.runsTheTestAsATaskOfItsOwnKernel");
        assertThat(kernel.name()).isEqualTo("PerMethodKernelTest.runsTheTestAsATaskOfItsOwnKernel");
        assertThat(task.entitlements()).containsEntry("com.apple.developer.driverkit.userclient-access",
                List.of("org.iokit4j.junit.tick"));

        final int service = IOServiceGetMatchingService(kIOMainPortDefault, IOServiceNameMatching(TICK));
        assertThat(service).as("the faithful layer reaches the test's kernel").isNotZero();
        IOObjectRelease(service);
    }

    @Test
    void injectsIOKitAndAConnectionToTheNamedService(IOKit iokit, @Service(TICK) Connection tick,
                                                      NotificationPort port, NotificationPort samePort,
                                                      DispatchQueue callbacks) {
        OPENED.addAll(List.of(tick, port, callbacks));
        assertThat(samePort).as("one port per test").isSameAs(port);
        assertThat(callbacks.label()).isEqualTo("iokit4j-junit.test.injectsIOKitAndAConnectionToTheNamedService"
                + ".notifications");
        assertThat(iokit.caller()).isEqualTo(Caller.current());
        assertThat(tick.call(TickUserClient.kSum).scalars(2, 3).scalarOutputs(1).invoke().scalar(0)).isEqualTo(5);
        assertThat(IOKit.connect(TICK).call(TickUserClient.kSum).scalars(4, 5).scalarOutputs(1).invoke().scalar(0))
                .as("IOKit.system() acts as the test's task too").isEqualTo(9);
    }

    @Test
    void terminatingTheServiceChangesNoOtherTestsKernel(Kernel kernel) {
        // whichever order the tests run in, each boots its own TickDriver: terminating it here touches no other kernel
        assertThat(kernel.terminate(IOKit.nameMatching(TICK))).isEqualTo(1);
        assertThat(IOServiceGetMatchingService(kIOMainPortDefault, IOServiceNameMatching(TICK))).isZero();
    }

    /** A {@code @Nested} class takes the enclosing class's {@code @IOKitTest}. */
    @Nested
    class InANestedClass {
        @Test
        void getsAKernelOfItsOwnFromTheEnclosingAnnotation(Kernel kernel, @Service(TICK) Connection tick) {
            assertThat(kernel).isSameAs(before);
            assertThat(kernel.name()).isEqualTo("InANestedClass.getsAKernelOfItsOwnFromTheEnclosingAnnotation");
            assertThat(tick.call(TickUserClient.kSum).scalars(20, 22).scalarOutputs(1).invoke().scalar(0))
                    .isEqualTo(42);
        }
    }
}
