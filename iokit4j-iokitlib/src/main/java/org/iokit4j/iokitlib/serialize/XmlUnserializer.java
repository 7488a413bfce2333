package org.iokit4j.iokitlib.serialize;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;

/**
 * IOCFUnserialize's parser: the grammar of IOKitUser's {@code IOCFUnserialize.yacc} over {@link XmlLexer}'s tokens,
 * with what its actions build and its three error messages.
 *
 * <p>The first complete value is the result; what follows it is never read (the bison parser accepts as soon as
 * the value is reduced). Values: {@code <string>} → {@code String}; {@code <integer>} → {@code Long}, the low 32
 * bits sign-extended when {@code size} is at most 32 ({@code buildNumber} makes a {@code kCFNumberSInt32Type}),
 * else all 64; {@code <data>} → {@code byte[]}; {@code <true/>}/{@code <false/>} → {@code Boolean};
 * {@code <array>} → {@code ArrayList}; {@code <dict>} → {@code LinkedHashMap} in document order, a repeated key's
 * last value winning ({@code CFDictionarySetValue}); {@code <set>} → {@code LinkedHashSet}, a repeated member kept
 * once ({@code CFSetAddValue}). {@code ID="n"} on an element (keys included; booleans not, as {@code buildBoolean}
 * does not call {@code rememberObject}) remembers the value it builds; {@code <anytag IDREF="n"/>} is that same
 * object again (Apple retains the same CF object), and one that refers to an ID not yet built, the enclosing
 * element's included, is an error.
 *
 * <p>Errors, as {@code IOCFUnserializeerror} words them: {@code "IOCFUnserialize: <what> near line <n>"} with
 * {@code what} one of {@code unexpected end of buffer} (no value at all), {@code syntax error} (anything the lexer
 * or the grammar refuses), {@code forward reference detected} (an IDREF to no ID yet) and {@code memory exhausted}
 * (bison's stack limit, {@code YYMAXDEPTH} 10000 states, about 9,997 nested arrays, counted here as the LALR parser
 * would stack them). {@link Result#detail()} adds what was wrong and at which byte.
 *
 * <p><b>Concurrency.</b> One instance per parse; not shared.
 */
public final class XmlUnserializer {
    /** Bison's {@code YYMAXDEPTH}: the parser's stack holds at most this many states. */
    static final int YYMAXDEPTH = 10_000;

    /**
     * The outcome of a parse.
     *
     * @param value  the value, or {@code null} on failure.
     * @param error  Apple's message ({@code "IOCFUnserialize: syntax error near line 3"}), or {@code null}.
     * @param detail what was wrong and where, in words, or {@code null}.
     */
    public record Result(Object value, String error, String detail) {
    }

    /** An open {@code <array>}, {@code <set>} or {@code <dict>}: its members so far, and a key awaiting its value. */
    private static final class Frame {
        final XmlToken open;
        final Collection<Object> members;
        final Map<String, Object> entries;
        String key;
        boolean hasMembers;

        Frame(XmlToken open) {
            this.open = open;
            this.members = open.kind() == XmlToken.Kind.SET_OPEN ? new LinkedHashSet<>() : new ArrayList<>();
            this.entries = open.kind() == XmlToken.Kind.DICT_OPEN ? new LinkedHashMap<>() : null;
        }

        /** {@return the states this frame holds on bison's stack: its opening token, the list so far, a key} */
        int states() {
            return 1 + (hasMembers ? 1 : 0) + (key != null ? 1 : 0);
        }
    }

    private final XmlLexer lexer;
    private final Deque<Frame> open = new ArrayDeque<>();
    private final Map<Integer, Object> ids = new HashMap<>();
    private int states = 1;

    private XmlUnserializer(byte[] buffer) {
        this.lexer = new XmlLexer(buffer);
    }

    /**
     * {@return {@code buffer} (Apple's XML form) parsed}
     *
     * @param buffer the text, read up to its first NUL.
     */
    public static Result unserialize(String buffer) {
        return new XmlUnserializer(buffer.getBytes(StandardCharsets.UTF_8)).parse();
    }

    private Result parse() {
        XmlToken token = lexer.next();
        if (token.kind() == XmlToken.Kind.END) {
            return fail("unexpected end of buffer", "the buffer holds no value");
        }
        if (strayAtTop(token.kind())) { // state 0's default action is "input: empty": bison reduces it first
            return fail("unexpected end of buffer", token.tag() + " where a value must start (at byte "
                    + token.offset() + "); Apple's parser reports a stray key or closing tag here as the end");
        }
        while (true) {
            final Frame frame = open.peek();
            Object value = null;
            if (frame != null && frame.entries != null && frame.key == null) {
                if (token.kind() == XmlToken.Kind.KEY) {
                    if (!shift()) {
                        return exhausted();
                    }
                    frame.key = (String) remember(token, token.value());
                    token = lexer.next();
                    continue;
                }
                if (token.kind() != XmlToken.Kind.DICT_CLOSE) {
                    return unexpected(token, "a <key> or </dict>");
                }
            }
            if (frame != null && closes(frame, token)) {
                if (!shift()) {
                    return exhausted();
                }
                open.pop();
                states -= frame.states() + 1; // '(' elements ')' reduce to one object, which add() takes
                value = remember(frame.open, frame.entries != null ? frame.entries : frame.members);
            } else if (isOpen(token.kind())) {
                if (!shift()) {
                    return exhausted();
                }
                open.push(new Frame(token));
                token = lexer.next();
                continue;
            } else {
                if (!isScalar(token.kind())) {
                    return unexpected(token, frame == null || frame.key != null ? "a value"
                            : "a value or " + closing(frame));
                }
                if (!shift()) {
                    return exhausted();
                }
                states--; // the token reduces to one object, which add() takes
                if (token.kind() == XmlToken.Kind.IDREF) {
                    value = ids.get(token.idref());
                    if (value == null) {
                        return fail("forward reference detected", token.tag() + " refers to ID " + token.idref()
                                + ", which no element before it defined (at byte " + token.offset() + ")");
                    }
                } else if (token.kind() == XmlToken.Kind.BOOLEAN) {
                    value = token.value(); // buildBoolean remembers no ID
                } else {
                    value = remember(token, scalar(token));
                }
            }
            if (open.isEmpty()) {
                return new Result(value, null, null);
            }
            add(open.peek(), value);
            token = lexer.next();
        }
    }

    /** A token is pushed on bison's stack: {@return whether it fits ({@code YYMAXDEPTH})} */
    private boolean shift() {
        states++;
        return states < YYMAXDEPTH;
    }

    private void add(Frame frame, Object value) {
        if (frame.entries != null) {
            frame.entries.put(frame.key, value);
            frame.key = null;
            states--; // the key's state
        } else {
            frame.members.add(value);
        }
        if (!frame.hasMembers) {
            frame.hasMembers = true;
            states++; // the list (elements, pairs) now stands on the stack
        }
    }

    private Object remember(XmlToken token, Object value) {
        if (token.idref() >= 0) {
            ids.put(token.idref(), value);
        }
        return value;
    }

    private static Object scalar(XmlToken token) {
        return switch (token.kind()) {
            case NUMBER -> token.size() <= 32 ? (long) (int) (long) token.value() : token.value();
            case ARRAY_EMPTY -> new ArrayList<>();
            case DICT_EMPTY -> new LinkedHashMap<String, Object>();
            case SET_EMPTY -> new LinkedHashSet<>();
            default -> token.value();
        };
    }

    /** {@return whether bison's state 0 has no action for {@code kind}, so reduces its default, the empty input} */
    private static boolean strayAtTop(XmlToken.Kind kind) {
        return kind == XmlToken.Kind.KEY || kind == XmlToken.Kind.DICT_CLOSE || kind == XmlToken.Kind.ARRAY_CLOSE
                || kind == XmlToken.Kind.SET_CLOSE;
    }

    private static boolean isOpen(XmlToken.Kind kind) {
        return kind == XmlToken.Kind.ARRAY_OPEN || kind == XmlToken.Kind.DICT_OPEN || kind == XmlToken.Kind.SET_OPEN;
    }

    private static boolean isScalar(XmlToken.Kind kind) {
        return switch (kind) {
            case ARRAY_EMPTY, DICT_EMPTY, SET_EMPTY, STRING, DATA, NUMBER, BOOLEAN, IDREF -> true;
            default -> false;
        };
    }

    private static boolean closes(Frame frame, XmlToken token) {
        return switch (frame.open.kind()) {
            case ARRAY_OPEN -> token.kind() == XmlToken.Kind.ARRAY_CLOSE;
            case SET_OPEN -> token.kind() == XmlToken.Kind.SET_CLOSE;
            default -> token.kind() == XmlToken.Kind.DICT_CLOSE && frame.key == null;
        };
    }

    private static String closing(Frame frame) {
        return switch (frame.open.kind()) {
            case ARRAY_OPEN -> "</array>";
            case SET_OPEN -> "</set>";
            default -> "</dict>";
        };
    }

    private Result unexpected(XmlToken token, String expected) {
        final Frame frame = open.peek();
        final String inside = frame == null ? "" : " inside " + frame.open.tag() + " opened near line "
                + frame.open.line() + (frame.key != null ? ", for the key \"" + frame.key + "\"" : "");
        final String detail = switch (token.kind()) {
            case SYNTAX_ERROR -> token.why();
            case END -> "the buffer ended" + inside + "; expected " + expected;
            default -> "expected " + expected + inside + ", found " + token.tag() + " (at byte " + token.offset()
                    + ")";
        };
        return fail("syntax error", detail);
    }

    private Result exhausted() {
        return fail("memory exhausted", "the values nest deeper than IOCFUnserialize's parser stack holds ("
                + YYMAXDEPTH + " states, bison's YYMAXDEPTH), at byte " + lexer.offset());
    }

    private Result fail(String what, String detail) {
        return new Result(null, "IOCFUnserialize: " + what + " near line " + lexer.line(), detail);
    }
}
