package org.iokit4j.tools;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.ValueDescriptor;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * The iokit4j events of a Flight Recorder file ({@code org.iokit4j.*}, docs/observability.md), in time order, as
 * plain values the page is written from.
 *
 * <p><b>Concurrency.</b> Immutable once read.
 */
final class TraceRecording {
    /** The prefix of iokit4j's event names. */
    static final String PREFIX = "org.iokit4j.";

    private final List<Item> items;

    /**
     * One recorded event.
     *
     * @param index    its position in time order, from 0 (the page's {@code #eN} anchors).
     * @param name     the event's name without {@link #PREFIX}, e.g. {@code ExternalMethod}.
     * @param start    when it began.
     * @param nanos    its duration in nanoseconds (0 for an instant event).
     * @param thread   the Java thread that recorded it, or {@code ?}.
     * @param fields   its own fields by name, in declaration order (values as the recording holds them).
     */
    record Item(int index, String name, Instant start, long nanos, String thread, Map<String, Object> fields) {
        /** {@return field {@code key} as text, or {@code null}} */
        String text(String key) {
            final Object value = fields.get(key);
            return value == null ? null : String.valueOf(value);
        }

        /** {@return field {@code key} as a number, or 0} */
        long number(String key) {
            return fields.get(key) instanceof Number n ? n.longValue() : 0;
        }

        /** {@return field {@code key} as a boolean} */
        boolean flag(String key) {
            return Boolean.TRUE.equals(fields.get(key));
        }

        /** {@return when it began, in nanoseconds since the epoch} */
        long startNanos() {
            return start.getEpochSecond() * 1_000_000_000L + start.getNano();
        }
    }

    TraceRecording(List<Item> items) {
        this.items = List.copyOf(items);
    }

    /** {@return the events, in time order} */
    List<Item> items() {
        return items;
    }

    /**
     * Reads the iokit4j events of {@code file}.
     *
     * @throws IOException if it cannot be read or is not a Flight Recorder file.
     */
    static TraceRecording read(Path file) throws IOException {
        final List<RecordedEvent> events = new ArrayList<>();
        for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
            if (event.getEventType().getName().startsWith(PREFIX)) {
                events.add(event);
            }
        }
        events.sort((a, b) -> a.getStartTime().compareTo(b.getStartTime()));
        final List<Item> items = new ArrayList<>(events.size());
        for (RecordedEvent event : events) {
            items.add(new Item(items.size(), event.getEventType().getName().substring(PREFIX.length()),
                    event.getStartTime(), Math.max(0, event.getDuration().toNanos()), thread(event), fields(event)));
        }
        return new TraceRecording(Collections.unmodifiableList(items));
    }

    private static String thread(RecordedEvent event) {
        final RecordedThread thread = event.getThread();
        if (thread == null) {
            return "?";
        }
        final String name = thread.getJavaName() != null ? thread.getJavaName() : thread.getOSName();
        return name == null ? "?" : name;
    }

    /** The event's own fields: not JFR's {@code startTime}, {@code duration}, {@code eventThread}, stack trace. */
    private static Map<String, Object> fields(RecordedEvent event) {
        final Map<String, Object> fields = new LinkedHashMap<>();
        for (ValueDescriptor field : event.getFields()) {
            switch (field.getName()) {
                case "startTime", "duration", "eventThread", "stackTrace" -> { }
                default -> fields.put(field.getName(), event.getValue(field.getName()));
            }
        }
        return Collections.unmodifiableMap(fields);
    }
}
