package org.iokit4j.kernel.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.iokit4j.IOReturn;
import org.iokit4j.kernel.registry.IORegistry;
import org.iokit4j.kernel.registry.NoDrivers;
import org.iokit4j.kernel.registry.RegistryEntry;
import org.iokit4j.mach.MachMessage;
import org.iokit4j.mach.MachPort;
import org.iokit4j.mach.MachTask;
import org.iokit4j.mach.SendRight;
import org.iokit4j.testsupport.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the kernel does when a client does not keep up with its notifications (issue 8: "bounded resources with a
 * documented overflow policy"; XNU iokit/Kernel/IOUserClient.cpp {@code IOServiceUserNotification::handler},
 * {@code IOServiceMessageUserNotification::handler}).
 */
class NotificationBoundsTest {
    private static final Map<String, Object> BULK = Map.of("IOProviderClass", "BulkService");

    private final IORegistry registry = NoDrivers.registry();
    private final NotificationCenter center = new NotificationCenter(registry);
    private final MachTask app = new MachTask("app", Map.of());
    private final int wakePort = app.space().allocateReceive();
    private final LogCapture warnings = new LogCapture();

    @AfterEach
    void close() {
        warnings.close();
        center.close();
        app.terminate();
    }

    private RegistryEntry registeredBulk(int i) {
        final RegistryEntry entry = registry.newEntry("bulk" + i, "BulkService", Map.of(), registry.root(), null, null);
        entry.markRegistered();
        return entry;
    }

    private MatchingNotification addPublish() {
        final int[] notification = new int[1];
        assertThat(center.addMatching(app, "IOServicePublish", BULK, wakePort, new long[3], notification)).isNull();
        return (MatchingNotification) app.space().lookupKernelObject(notification[0]);
    }

    private static int drain(MatchingNotification notification) {
        int taken = 0;
        while (notification.next() != null) {
            taken++;
        }
        return taken;
    }

    /** Fills the wake port to the kernel limit, as a client that stopped receiving would let it fill. */
    private void fillWakePort() {
        final SendRight right = app.space().makeSend(wakePort);
        for (int i = 0; i < MachPort.QLIMIT_KERNEL; i++) {
            assertThat(right.send(MachMessage.of(new byte[1]), true)).isEqualTo(IOReturn.kIOReturnSuccess);
        }
        right.release();
    }

    @Test
    void shouldQueueAtMostMaxOutstandingServicesOnAnUndrainedIteratorAndCountTheRest() { // XNU kMaxOutstanding
        final MatchingNotification notification = addPublish();
        drain(notification); // armed: the next service pings
        final int published = MatchingNotification.kMaxOutstanding + 76;
        for (int i = 0; i < published; i++) {
            center.published(registeredBulk(i));
        }
        assertThat(notification.queued()).hasSize(MatchingNotification.kMaxOutstanding);
        assertThat(center.servicesDropped()).isEqualTo(76);
        assertThat(center.sent()).as("one ping: the iterator holds the rest").isEqualTo(1);
        assertThat(warnings.warningsContaining("kMaxOutstanding")).as("one warning per notification, not per service")
                .hasSize(1);
        assertThat(drain(notification)).isEqualTo(MatchingNotification.kMaxOutstanding);
        center.published(registeredBulk(published));
        assertThat(notification.queued()).as("room again once drained").hasSize(1);
    }

    @Test
    void shouldCapTheInitialContentsAtMaxOutstandingToo() { // XNU feeds existing services through the same handler
        for (int i = 0; i < MatchingNotification.kMaxOutstanding + 5; i++) {
            center.published(registeredBulk(i)); // published before the add (issue 8 race 4: not merely registered)
        }
        final MatchingNotification notification = addPublish();
        assertThat(notification.queued()).hasSize(MatchingNotification.kMaxOutstanding);
        assertThat(center.servicesDropped()).isEqualTo(5);
    }

    @Test
    void shouldCountAPingAFullWakePortRefusesAndWarnOncePerNotification() { // XNU: MACH_SEND_NO_BUFFER, ipcLogged
        final MatchingNotification notification = addPublish();
        fillWakePort();
        for (int round = 0; round < 3; round++) {
            drain(notification); // arms it
            center.published(registeredBulk(round));
        }
        assertThat(center.sent()).isZero();
        assertThat(center.dropped()).isEqualTo(3);
        assertThat(center.overflowed()).isEqualTo(3);
        assertThat(app.space().lookupReceive(wakePort).queued()).isEqualTo(MachPort.QLIMIT_KERNEL);
        assertThat(notification.queued()).as("the services stay on the iterator").hasSize(1);
        assertThat(warnings.warningsContaining("MACH_PORT_QLIMIT_KERNEL")).hasSize(1);
    }

    @Test
    void shouldCountAnInterestMessageAFullWakePortRefuses() { // XNU: NO_BUFFER → kIOReturnNoMemory to the sender
        final RegistryEntry service = registeredBulk(0);
        final int[] notification = new int[1];
        assertThat(center.addInterest(app, service, NotificationCenter.kIOGeneralInterest, wakePort, new long[4],
                notification)).isNull();
        fillWakePort();
        center.terminating(service);
        center.terminating(service);
        assertThat(center.dropped()).isEqualTo(2);
        assertThat(center.overflowed()).isEqualTo(2);
        assertThat(center.sent() + center.dropped()).as("exact accounting: every message tried is one or the other")
                .isEqualTo(2);
        assertThat(warnings.warningsContaining("MACH_PORT_QLIMIT_KERNEL")).as("once per notification").hasSize(1);
    }
}
