package org.iokit4j.iokitlib.serialize;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * IOCFSerialize's XML form, a port of IOKitUser's {@code IOCFSerialize.c} ({@code IOCFSerialize} without
 * {@code kIOCFSerializeToBinary}): the exact bytes Apple's writes.
 *
 * <ul>
 *   <li>No XML declaration and no {@code <plist>}: the value's own element, then a NUL byte ({@code addChar(0)}).</li>
 *   <li>{@code <string>} and {@code <key>}: UTF-8 (an unpaired surrogate becomes {@code ?}, CF's loss byte) with
 *       only {@code <}, {@code >} and {@code &} escaped ({@code DoCFSerializeString}, {@code DoCFSerializeKey}).</li>
 *   <li>{@code <integer size="N">0x…</integer>}: N is 8, 16, 32 or 64 by CF type (Byte, Short, Integer; 64 for Long
 *       and the rest), the value is lower-case hex of its 64-bit two's complement ({@code DoCFSerializeNumber}
 *       reads it as {@code long long}: {@code Integer} -1 is {@code 0xffffffffffffffff}).</li>
 *   <li>{@code <data>}: base64 with padding and no line breaks ({@code DoCFSerializeData}).</li>
 *   <li>{@code <true/>}, {@code <false/>}; {@code <array>}, {@code <dict>} with {@code <key>}s, {@code <set>}.</li>
 *   <li>A value met more than once ({@code DoIdrefScan}: the same object, by identity, as CF compares pointers; a
 *       container's members are counted again each time it is met) gets {@code ID="n"} where first written and
 *       {@code <tag IDREF="n"/>} after; n counts from 0 in writing order. Booleans and keys never do.</li>
 *   <li>A value of another type is the string {@code <string>typeID <class> not serializable</string>}, tags
 *       included and escaped, as Apple's {@code DoCFSerialize} writes one with the CF type ID in hex.</li>
 *   <li>A key that is a prefix of one of seven IOKit class names ({@code DoCFSerializeKey}'s {@code strncmp}, e.g.
 *       {@code IOPCITunnelCompatible}, or the empty key) is followed by {@code <!-- 🤦 -->}, as Apple's is.</li>
 * </ul>
 *
 * <p><b>Concurrency.</b> One instance per call; not shared.
 */
public final class XmlSerializer {
    private static final byte[] FACEPALM = "<!-- \uD83E\uDD26 -->".getBytes(StandardCharsets.UTF_8);
    private static final String[] CLASS_NAMES = {"AppleLSIFusionFC", "AppleLSIFusionSAS", "AppleLSIFusionSCSI",
        "AppleUSBXHCI", "ICH8 ATA/100", "Physical Interconnect Location", "IOPCITunnelCompatible"};
    private static final char[] BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
            .toCharArray();

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    /** Per object: {@code FALSE} seen once, {@code TRUE} seen again (needs an ID), an Integer: its ID. */
    private final IdentityHashMap<Object, Object> refs = new IdentityHashMap<>();
    private int nextId;

    private XmlSerializer() {
    }

    /**
     * {@return {@code value} in Apple's XML form, NUL-terminated}
     *
     * @param value the value: a {@code String}, number, {@code Boolean}, {@code byte[]}, {@code List}, {@code Set} or
     *              {@code Map}.
     * @throws Unserializable if {@code value} holds something IOCFSerialize cannot write.
     */
    public static byte[] serialize(Object value) {
        CFValues.check(value);
        final XmlSerializer serializer = new XmlSerializer();
        serializer.scan(value);
        serializer.write(value);
        serializer.out.write(0);
        return serializer.out.toByteArray();
    }

    /** {@code DoIdrefScan}: counts every sighting of every value but booleans and keys. */
    private void scan(Object value) {
        final CFValues.Kind kind = CFValues.kind(value);
        if (kind != CFValues.Kind.BOOLEAN && kind != CFValues.Kind.UNKNOWN) {
            refs.put(value, refs.containsKey(value) ? Boolean.TRUE : Boolean.FALSE);
        }
        switch (value) {
            case Map<?, ?> map -> map.values().forEach(this::scan);
            case List<?> list -> list.forEach(this::scan);
            case Set<?> set -> set.forEach(this::scan);
            default -> { }
        }
    }

    private void write(Object value) {
        final CFValues.Kind kind = CFValues.kind(value);
        if (kind == CFValues.Kind.BOOLEAN) {
            ascii((Boolean) value ? "<true/>" : "<false/>");
            return;
        }
        if (kind == CFValues.Kind.UNKNOWN) { // a fresh CFString each time: never an ID
            ascii("<string>");
            escaped(CFValues.placeholder(value));
            ascii("</string>");
            return;
        }
        final Object ref = refs.get(value);
        if (ref instanceof Integer id) { // previouslySerialized
            ascii("<" + tag(kind) + " IDREF=\"" + id + "\"/>");
            return;
        }
        switch (value) {
            case String string -> element(value, kind, null, () -> escaped(string));
            case Number number -> element(value, kind, "size=\"" + CFValues.size(number) + "\"",
                    () -> ascii("0x" + Long.toHexString(CFValues.integerValue(number))));
            case byte[] bytes -> element(value, kind, null, () -> base64(bytes));
            case List<?> list -> element(value, kind, null, () -> list.forEach(this::write));
            case Set<?> set -> element(value, kind, null, () -> set.forEach(this::write));
            case Map<?, ?> map -> element(value, kind, null, () -> map.forEach((key, member) -> {
                key(CFValues.key(key));
                write(member);
            }));
            default -> throw new Unserializable("unexpected " + value.getClass().getName());
        }
    }

    /** {@code addStartTag}, the content, {@code addEndTag}: an ID if the value is met again. */
    private void element(Object value, CFValues.Kind kind, String attributes, Runnable content) {
        final StringBuilder start = new StringBuilder("<").append(tag(kind));
        if (refs.get(value) == Boolean.TRUE) {
            final int id = nextId++;
            refs.put(value, id);
            start.append(" ID=\"").append(id).append('"');
        }
        if (attributes != null) {
            start.append(' ').append(attributes);
        }
        ascii(start.append('>').toString());
        content.run();
        ascii("</" + tag(kind) + ">");
    }

    private static String tag(CFValues.Kind kind) {
        return switch (kind) {
            case STRING -> "string";
            case NUMBER -> "integer";
            case DATA -> "data";
            case DICTIONARY -> "dict";
            case ARRAY -> "array";
            case SET -> "set";
            case BOOLEAN, UNKNOWN -> throw new IllegalStateException(kind + " has no start tag of its own");
        };
    }

    /** {@code DoCFSerializeKey}. */
    private void key(String key) {
        ascii("<key>");
        final byte[] bytes = escaped(key);
        ascii("</key>");
        for (String name : CLASS_NAMES) {
            if (strncmpEqual(bytes, name.getBytes(StandardCharsets.US_ASCII))) {
                out.writeBytes(FACEPALM);
                break;
            }
        }
    }

    /** {@return {@code strncmp(key, name, key.length) == 0}: the key is a prefix of the name, up to a NUL} */
    private static boolean strncmpEqual(byte[] key, byte[] name) {
        for (int i = 0; i < key.length; i++) {
            final byte expected = i < name.length ? name[i] : 0;
            if (key[i] != expected) {
                return false;
            }
            if (key[i] == 0) {
                return true;
            }
        }
        return true;
    }

    /** Writes {@code text} as UTF-8 with {@code <}, {@code >}, {@code &} escaped; {@return its unescaped bytes} */
    private byte[] escaped(String text) {
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            switch (b) {
                case '<' -> ascii("&lt;");
                case '>' -> ascii("&gt;");
                case '&' -> ascii("&amp;");
                default -> out.write(b);
            }
        }
        return bytes;
    }

    /** {@code DoCFSerializeData}: CFPropertyList's base64 table, 3 bytes to 4 characters, '=' padded. */
    private void base64(byte[] bytes) {
        final StringBuilder text = new StringBuilder(bytes.length / 3 * 4 + 4);
        for (int i = 0; i < bytes.length; i += 3) {
            final int b0 = bytes[i] & 0xFF;
            final int b1 = i + 1 < bytes.length ? bytes[i + 1] & 0xFF : 0;
            final int b2 = i + 2 < bytes.length ? bytes[i + 2] & 0xFF : 0;
            text.append(BASE64[b0 >> 2]).append(BASE64[((b0 << 4) | (b1 >> 4)) & 0x3F]);
            text.append(i + 1 < bytes.length ? BASE64[((b1 << 2) | (b2 >> 6)) & 0x3F] : '=');
            text.append(i + 2 < bytes.length ? BASE64[b2 & 0x3F] : '=');
        }
        ascii(text.toString());
    }

    private void ascii(String text) {
        out.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
    }
}
