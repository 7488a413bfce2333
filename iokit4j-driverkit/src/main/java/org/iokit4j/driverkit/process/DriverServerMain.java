package org.iokit4j.driverkit.process;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.iokit4j.Diagnostics;
import org.iokit4j.driverkit.EmbeddedDextHost;
import org.iokit4j.link.Link;
import org.iokit4j.mach.MachTask;
import org.iokit4j.memory.SharedMemory;
import org.iokit4j.mig.DextServer;

/**
 * The process of one driver server: {@code java -cp RUNTIME:DEXT org.iokit4j.driverkit.process.DriverServerMain NAME},
 * started by the kernel daemon for the {@code IOUserServerName} {@code NAME}, with the dext's classes on its class
 * path.
 *
 * <p>Its standard input and output are the link to the daemon (a pipe pair only the two processes hold: nothing in
 * the file system, no one else can connect, and either side's death is the other's end of file). Driver code that
 * prints to {@code System.out} writes to standard error instead, so it cannot corrupt the link. Memory the drivers make
 * is shareable ({@link SharedMemory#SHAREABLE_PROPERTY}), so the daemon and its apps can map it.
 *
 * <p>It serves until the link goes down: the daemon asked it to stop (every object stopped and freed first), or the
 * daemon died. Then it exits with status 0.
 */
public final class DriverServerMain {
    private DriverServerMain() {
    }

    /** Runs the server named {@code args[0]}. */
    public static void main(String[] args) throws InterruptedException {
        if (args.length != 1 || args[0].isBlank()) {
            System.err.println("usage: DriverServerMain IOUserServerName (started by the kernel daemon, not by hand)");
            System.exit(2);
        }
        final String name = args[0];
        System.setProperty(SharedMemory.SHAREABLE_PROPERTY, "true");
        final FileOutputStream linkOut = new FileOutputStream(FileDescriptor.out);
        System.setOut(System.err);
        final DextServer server = new EmbeddedDextHost().launch(name, new MachTask(name, Map.of()),
                ClassLoader.getSystemClassLoader());
        final CountDownLatch down = new CountDownLatch(1);
        final ServerEndpoint endpoint = new ServerEndpoint(server);
        final Link link = new Link("driver server '" + name + "' (pid " + ProcessHandle.current().pid() + ")",
                new FileInputStream(FileDescriptor.in), linkOut, 1, endpoint, why -> {
                    Diagnostics.debug("driver server '" + name + "': " + why);
                    down.countDown();
                });
        endpoint.attach(link);
        link.start();
        down.await();
        server.terminate();
        endpoint.close();
        System.exit(0);
    }
}
