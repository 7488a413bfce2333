package org.iokit4j.kernel.notification;

import java.util.Map;
import org.iokit4j.Failure;
import org.iokit4j.kernel.matching.Matching;
import org.iokit4j.kernel.registry.IORegistry;
import org.iokit4j.kernel.registry.NoDrivers;
import org.iokit4j.kernel.registry.RegistryEntry;
import org.iokit4j.mach.MachMessage;
import org.iokit4j.mach.MachTask;

/**
 * A registry, its notification centre and a client task with a wake port, without drivers: the parts a
 * registration, a termination and a client's notification calls meet in, driven step by step by a test.
 */
final class Registry {
    static final String NAME = "RaceService";

    final IORegistry registry = NoDrivers.registry();
    final NotificationCenter center = new NotificationCenter(registry);
    final MachTask app = new MachTask("app", Map.of());
    final int wakePort = app.space().allocateReceive();

    /** {@return a new, not yet registered service named {@link #NAME} under IOUserResources} */
    RegistryEntry newService() {
        return registry.newEntry(NAME, "IOUserService", Map.of(), registry.userResources(), null, null);
    }

    /** {@return the iterator's notification, added for services named {@link #NAME}} */
    MatchingNotification addMatching(NotificationKind kind) {
        final int[] iterator = new int[1];
        final Failure failure = center.addMatching(app, kind.key(), Matching.IOServiceNameMatching(NAME), wakePort,
                new long[] {1}, iterator);
        if (failure != null) {
            throw new AssertionError("addMatching failed: " + failure);
        }
        return (MatchingNotification) app.space().lookupKernelObject(iterator[0]);
    }

    /** {@return how many times the iterator hands out {@code entry} before it runs dry} */
    static int deliveries(MatchingNotification notification, RegistryEntry entry) {
        int count = 0;
        RegistryEntry next;
        while ((next = notification.next()) != null) {
            count += next == entry ? 1 : 0;
        }
        return count;
    }

    /** {@return the next message queued on the wake port, or {@code null}} */
    MachMessage poll() {
        try {
            return app.space().receive(wakePort, 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
