package org.iokit4j.kernel.notification;

import static org.assertj.core.api.Assertions.assertThat;

import org.iokit4j.kernel.registry.RegistryEntry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 8 race 4: a service that registers while {@code IOServiceAddMatchingNotification} runs is either in the
 * iterator the call returns or delivered later, never both and never neither ({@link MatchingNotification}).
 *
 * <p>Each test plays the two threads' steps in one fixed order: the registering thread's
 * {@code RegisterService} marks the entry registered, then fires publish, then (after the catalogue) matched; the
 * client thread's add lands at the step under test.
 */
class MatchingRaceTest {
    private final Registry fixture = new Registry();

    @ParameterizedTest
    @EnumSource(value = NotificationKind.class, names = {"PUBLISH", "FIRST_PUBLISH", "MATCHED", "FIRST_MATCH"})
    void shouldDeliverOnceWhenTheAddLandsBetweenRegistrationAndItsEvent(NotificationKind kind) { // issue 8 race 4
        final RegistryEntry service = fixture.newService();
        service.markRegistered(); // registering thread: visible to matching, no event fired yet
        if (kind.event() == NotificationKind.Event.MATCHED) {
            fixture.center.published(service);
        }

        final MatchingNotification added = fixture.addMatching(kind); // client thread: the add lands here
        fire(kind, service); // registering thread: the event the add must not double

        assertThat(Registry.deliveries(added, service)).as("%s delivered once: in the iterator or later", kind)
                .isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(value = NotificationKind.class, names = {"PUBLISH", "FIRST_PUBLISH", "MATCHED", "FIRST_MATCH"})
    void shouldHoldAServiceWhoseEventFiredBeforeTheAddInTheIterator(NotificationKind kind) { // issue 8 race 4
        final RegistryEntry service = fixture.newService();
        service.markRegistered();
        fixture.center.published(service);
        fixture.center.matched(service);

        final MatchingNotification added = fixture.addMatching(kind);

        assertThat(added.queued()).as("never neither: the iterator holds it").containsExactly(service);
        assertThat(Registry.deliveries(added, service)).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(value = NotificationKind.class, names = {"PUBLISH", "FIRST_PUBLISH", "MATCHED", "FIRST_MATCH"})
    void shouldQueueAServiceRegisteredAfterTheAddOnce(NotificationKind kind) { // issue 8 race 4
        final MatchingNotification added = fixture.addMatching(kind);
        assertThat(added.next()).as("nothing yet; draining arms it").isNull();
        final RegistryEntry service = fixture.newService();
        service.markRegistered();
        fixture.center.published(service);
        fixture.center.matched(service);

        assertThat(fixture.poll()).as("one wake").isNotNull();
        assertThat(Registry.deliveries(added, service)).isEqualTo(1);
    }

    private void fire(NotificationKind kind, RegistryEntry service) {
        if (kind.event() == NotificationKind.Event.PUBLISHED) {
            fixture.center.published(service);
        } else {
            fixture.center.matched(service);
        }
    }
}
