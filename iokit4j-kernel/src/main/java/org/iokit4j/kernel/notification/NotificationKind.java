package org.iokit4j.kernel.notification;

import org.iokit4j.wire.AsyncCompletionLayout;

/**
 * The matching notification types a client may ask for (IOKitKeys.h), with the message type each sends and the
 * registry event that fires it.
 *
 * <p>"First" kinds fire once per service instance: a service that registers again is announced again to
 * {@link #PUBLISH} but not to {@link #FIRST_PUBLISH} (IOKitLib.h, {@code kIOFirstPublishNotification}).
 */
public enum NotificationKind {
    /** {@code kIOPublishNotification}: a service registered. */
    PUBLISH("IOServicePublish", AsyncCompletionLayout.kIOServicePublishNotificationType, Event.PUBLISHED, false),
    /** {@code kIOFirstPublishNotification}: a service registered for the first time. */
    FIRST_PUBLISH("IOServiceFirstPublish", AsyncCompletionLayout.kIOServicePublishNotificationType, Event.PUBLISHED,
            true),
    /** {@code kIOMatchedNotification}: a service was matched (its drivers probed and started). */
    MATCHED("IOServiceMatched", AsyncCompletionLayout.kIOServiceMatchedNotificationType, Event.MATCHED, false),
    /** {@code kIOFirstMatchNotification}: a service was matched for the first time. */
    FIRST_MATCH("IOServiceFirstMatch", AsyncCompletionLayout.kIOServiceMatchedNotificationType, Event.MATCHED, true),
    /** {@code kIOTerminatedNotification}: a service terminated (after its driver stopped). */
    TERMINATED("IOServiceTerminate", AsyncCompletionLayout.kIOServiceTerminatedNotificationType, Event.TERMINATED,
            false);

    /** A registry event that notifications listen to. */
    public enum Event {
        /** {@code registerService}. */
        PUBLISHED,
        /** Matching ran for a registered service. */
        MATCHED,
        /** The service terminated and was removed. */
        TERMINATED
    }

    private final String key;
    private final int messageType;
    private final Event event;
    private final boolean first;

    NotificationKind(String key, int messageType, Event event, boolean first) {
        this.key = key;
        this.messageType = messageType;
        this.event = event;
        this.first = first;
    }

    /**
     * {@return the kind named {@code key} (Apple's string), or {@code null} if there is none}
     *
     * @param key the notification type's name, e.g. {@code IOServiceFirstMatch}.
     */
    public static NotificationKind of(String key) {
        for (NotificationKind kind : values()) {
            if (kind.key.equals(key)) {
                return kind;
            }
        }
        return null;
    }

    /** {@return Apple's string for this kind, e.g. {@code IOServicePublish}} */
    public String key() {
        return key;
    }

    /** {@return the {@code OSNotificationHeader64.type} its pings carry (100, 101 or 102)} */
    public int messageType() {
        return messageType;
    }

    /** {@return the registry event that fires it} */
    public Event event() {
        return event;
    }

    /** {@return whether it fires only once per service instance} */
    public boolean first() {
        return first;
    }
}
