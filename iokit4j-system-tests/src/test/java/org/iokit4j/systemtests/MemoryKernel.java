package org.iokit4j.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.iokitlib.IOKitLib.*;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.stream.Stream;
import org.iokit4j.kernel.Kernel;
import org.iokit4j.mach.MachTask;
import org.iokit4j.memory.SharedMapping;
import org.iokit4j.memory.SharedMemory;
import org.iokit4j.mig.Caller;

/** An isolated kernel running the memory test dext, an app task in it, and the leak checks memory tests end with. */
public final class MemoryKernel implements AutoCloseable {
    public static final String DRIVER = "org.iokit4j.systemtests.memory.MemoryDriver";

    public final Kernel kernel;
    public final MachTask app;
    public final Caller caller;

    public MemoryKernel() {
        kernel = Kernel.builder().name("memory-test").discoverClassPath(false).bundle("bundles/memory/Info.plist")
                .boot();
        app = kernel.createTask("app", java.util.Map.of());
        caller = kernel.caller(app);
    }

    /** Runs {@code body} as the app task. */
    public void run(Runnable body) {
        Caller.runAs(caller, body);
    }

    /** Opens a connection to the memory dext (as the app task); returns its name. */
    public int open() {
        return Caller.callAs(caller, () -> {
            final int service = IOServiceGetMatchingService(kIOMainPortDefault, IOServiceNameMatching(DRIVER));
            assertThat(service).as("the memory dext registered at boot").isNotZero();
            final int[] connect = new int[1];
            assertThat(IOServiceOpen(service, mach_task_self(), 0, connect)).isEqualTo(kIOReturnSuccess);
            IOObjectRelease(service);
            return connect[0];
        });
    }

    @Override
    public void close() {
        kernel.close();
    }

    /** Asserts nothing is left: no backing file of this process, no live region, no open mapping arena. */
    public static void assertNothingLeaked() {
        try (Stream<java.nio.file.Path> files = Files.list(SharedMemory.directory())) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(SharedMemory.FILE_PREFIX)))
                    .as("backing files of this process in " + SharedMemory.directory()).isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(SharedMemory.liveCount()).as("live shared regions").isZero();
        assertThat(SharedMapping.liveCount()).as("open mapping arenas").isZero();
    }
}
