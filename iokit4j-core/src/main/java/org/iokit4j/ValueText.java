package org.iokit4j;

import java.util.ConcurrentModificationException;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Text for an explanation that names a value the caller passed, written without running the caller's code.
 *
 * <p>An explanation must never fail, yet {@code String.valueOf(value)} runs the value's {@code toString}, which
 * may throw, loop forever on a cyclic structure, or print pages. Here only values of the JDK's own final types
 * are printed ({@link String}, the boxed primitives, {@code byte[]} as its length); the JDK's own lists, sets and
 * maps are walked, at most {@value #MAX_DEPTH} levels deep and {@value #MAX_LENGTH} characters long, with a
 * container met again inside itself printed as {@code (cycle)}; anything else, including a collection class
 * written outside the JDK, is named by its class: {@code (a com.example.Widget)}.
 *
 * <p><b>Concurrency.</b> Stateless. A JDK collection changed by another thread while it is described is printed
 * as far as it could be read, then {@code …(changed while read)}; a JDK wrapper around a caller's collection that
 * throws while it is walked is printed as far as it could be read, then {@code …(unreadable: ExceptionClass)}.
 */
public final class ValueText {
    /** The longest text, in characters, before it is cut with {@code …}. */
    public static final int MAX_LENGTH = 240;
    /** How deep nested collections are printed. */
    public static final int MAX_DEPTH = 8;

    private ValueText() {
    }

    /**
     * {@return {@code value} as text for an explanation, never running its code (see above)}
     *
     * @param value the value.
     */
    public static String of(Object value) {
        final StringBuilder text = new StringBuilder();
        try {
            append(text, value, 0, new IdentityHashMap<>());
        } catch (Cut enough) {
            text.setLength(MAX_LENGTH);
            text.append('…');
        } catch (ConcurrentModificationException changed) {
            text.append("…(changed while read)");
        } catch (RuntimeException unreadable) { // a JDK wrapper (unmodifiableMap…) over the caller's own collection
            text.append("…(unreadable: ").append(unreadable.getClass().getName()).append(')');
        }
        return text.toString();
    }

    /**
     * {@return "a"/"an" and the simple class name of {@code value}, e.g. {@code an Integer}; "null" for null}
     *
     * @param value the value.
     */
    public static String kind(Object value) {
        if (value == null) {
            return "null";
        }
        final String type = value.getClass().getSimpleName().isEmpty() ? value.getClass().getName()
                : value.getClass().getSimpleName();
        return ("AEIOU".indexOf(type.charAt(0)) >= 0 ? "an " : "a ") + type;
    }

    private static void append(StringBuilder text, Object value, int depth, IdentityHashMap<Object, Object> open) {
        switch (value) {
            case null -> text.append("null");
            case String s -> text.append(s);
            case Long _, Integer _, Short _, Byte _, Double _, Float _, Boolean _, Character _ -> text.append(value);
            case byte[] bytes -> text.append("byte[").append(bytes.length).append(']');
            case Map<?, ?> map when isJdk(map) -> appendMap(text, map, depth, open);
            case List<?> list when isJdk(list) -> appendAll(text, list.iterator(), '[', ']', depth, open, list);
            case Set<?> set when isJdk(set) -> appendAll(text, set.iterator(), '[', ']', depth, open, set);
            default -> text.append('(').append(kind(value)).append(')');
        }
        if (text.length() > MAX_LENGTH) {
            throw new Cut();
        }
    }

    private static void appendMap(StringBuilder text, Map<?, ?> map, int depth,
                                  IdentityHashMap<Object, Object> open) {
        if (depth >= MAX_DEPTH || open.put(map, map) != null) {
            text.append(depth >= MAX_DEPTH ? "{…}" : "(cycle)");
            return;
        }
        text.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            text.append(first ? "" : ", ");
            first = false;
            append(text, entry.getKey(), depth + 1, open);
            text.append('=');
            append(text, entry.getValue(), depth + 1, open);
        }
        text.append('}');
        open.remove(map);
    }

    private static void appendAll(StringBuilder text, Iterator<?> items, char start, char end, int depth,
                                  IdentityHashMap<Object, Object> open, Object container) {
        if (depth >= MAX_DEPTH || open.put(container, container) != null) {
            text.append(depth >= MAX_DEPTH ? "[…]" : "(cycle)");
            return;
        }
        text.append(start);
        boolean first = true;
        while (items.hasNext()) {
            text.append(first ? "" : ", ");
            first = false;
            append(text, items.next(), depth + 1, open);
        }
        text.append(end);
        open.remove(container);
    }

    /** A collection class of the JDK itself, whose iteration runs no caller code. */
    private static boolean isJdk(Object container) {
        return container.getClass().getModule() == Object.class.getModule();
    }

    /** Thrown to stop once the text is long enough; no stack trace. */
    private static final class Cut extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Cut() {
            super(null, null, false, false);
        }
    }
}
