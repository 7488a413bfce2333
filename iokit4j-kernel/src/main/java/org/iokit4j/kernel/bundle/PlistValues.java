package org.iokit4j.kernel.bundle;

import org.iokit4j.kernel.internal.ddplist.NSArray;
import org.iokit4j.kernel.internal.ddplist.NSData;
import org.iokit4j.kernel.internal.ddplist.NSDate;
import org.iokit4j.kernel.internal.ddplist.NSDictionary;
import org.iokit4j.kernel.internal.ddplist.NSNumber;
import org.iokit4j.kernel.internal.ddplist.NSObject;
import org.iokit4j.kernel.internal.ddplist.NSString;
import org.iokit4j.kernel.internal.ddplist.XMLPropertyListParser;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Conversions from dd-plist's {@code NS…} objects to the plain Java values the kernel keeps properties in.
 *
 * <p>dd-plist is inside this module, relocated to the package {@code org.iokit4j.kernel.internal.ddplist}, which
 * the module does not export (issue 12: a published module requires no automatic module). So only the methods that
 * take and return plain Java values are public: {@link #readXml(byte[])} and {@link #immutableCopy(Map)}.
 *
 * <table>
 *   <caption>Property-list types and their Java values</caption>
 *   <tr><th>plist element</th><th>dd-plist</th><th>Java</th></tr>
 *   <tr><td>{@code <dict>}</td><td>{@code NSDictionary}</td><td>{@code Map<String, Object>}, key order kept</td></tr>
 *   <tr><td>{@code <array>}</td><td>{@code NSArray}</td><td>{@code List<Object>}</td></tr>
 *   <tr><td>{@code <string>}</td><td>{@code NSString}</td><td>{@link String}</td></tr>
 *   <tr><td>{@code <true/>}, {@code <false/>}</td><td>{@code NSNumber} (boolean)</td><td>{@link Boolean}</td></tr>
 *   <tr><td>{@code <integer>}</td><td>{@code NSNumber} (integer)</td><td>{@link Long}</td></tr>
 *   <tr><td>{@code <real>}</td><td>{@code NSNumber} (real)</td><td>{@link Double}</td></tr>
 *   <tr><td>{@code <data>}</td><td>{@code NSData}</td><td>{@code byte[]} (a copy)</td></tr>
 *   <tr><td>{@code <date>}</td><td>{@code NSDate}</td><td>{@link Instant}</td></tr>
 * </table>
 *
 * <p>Anything else dd-plist can produce (sets and UIDs from binary or ASCII plists, {@code NSNull}, the null
 * object of a binary plist) has no place in an IOKit property table and is refused.
 *
 * <p>A converted value is also bounded, because a property list need not be a tree: a binary plist may refer to
 * one object from many places, so 203 bytes that nest 25 arrays of two references to the next expand to
 * 2<sup>25</sup> values. Conversion refuses a value nested more than {@value #MAX_DEPTH} dictionaries and arrays deep (the depth
 * dd-plist's XML parser already stops at), or that expands to more than {@value #MAX_VALUES} values, counting a
 * shared object each time it is reached.
 */
public final class PlistValues {

    /** The deepest nesting of dictionaries and arrays one conversion makes: {@value}. */
    static final int MAX_DEPTH = 100;
    /** The most values (containers and leaves, shared ones counted each time) one conversion makes: {@value}. */
    static final int MAX_VALUES = 100_000;

    private PlistValues() {
    }

    /**
     * Converts one dd-plist value, and everything inside it, to plain Java values (see the table above).
     *
     * <p>Maps come back as {@link LinkedHashMap} and lists as {@link ArrayList}, both mutable and owned by
     * the caller.
     *
     * @param value a value parsed by dd-plist.
     * @return the Java value.
     * @throws NullPointerException     if {@code value} is null.
     * @throws IllegalArgumentException if {@code value}, or something inside it, is null or not one of the eight
     *                                  property-list types, or if {@code value} is nested deeper than
     *                                  {@value #MAX_DEPTH} or expands to more than {@value #MAX_VALUES} values; the
     *                                  message names the path and the rule.
     */
    static Object toJava(NSObject value) {
        return new Conversion().toJava(Objects.requireNonNull(value, "value"), "value", 0);
    }

    /**
     * Converts a dd-plist dictionary to a {@code Map<String, Object>} that keeps the file's key order.
     *
     * @param dictionary a dictionary parsed by dd-plist.
     * @return a new, mutable {@link LinkedHashMap} of plain Java values.
     * @throws NullPointerException     if {@code dictionary} is null.
     * @throws IllegalArgumentException as for {@link #toJava(NSObject)}.
     */
    static Map<String, Object> toMap(NSDictionary dictionary) {
        return new Conversion().toMap(Objects.requireNonNull(dictionary, "dictionary"), "value", 0);
    }

    /**
     * Makes a deep, unmodifiable copy of a property table of plain Java values.
     *
     * <p>Maps keep their iteration order; lists and maps at every depth are copied and wrapped so that
     * neither the caller nor the holder of the copy can change them. {@code byte[]} values are copied, but
     * an array cannot be made read-only: whoever reads one out of the copy must not write to it.
     *
     * @param map maps of String keys to {@link String}, {@link Boolean}, {@link Number}, {@link Instant},
     *            {@code byte[]}, {@link List} or {@link Map} values, to any depth.
     * @return the unmodifiable copy.
     * @throws NullPointerException     if {@code map} is null.
     * @throws IllegalArgumentException if a key is not a String, or a value is null or of another type; the
     *                                  message names the path to it, e.g. {@code Info["IOKitPersonalities"]}.
     */
    public static Map<String, Object> immutableCopy(Map<String, ?> map) {
        return freezeMap(Objects.requireNonNull(map, "map"), "map");
    }

    /** One conversion: counts the values it has made, so that shared references cannot expand without bound. */
    private static final class Conversion {
        private int values;

        Object toJava(NSObject value, String path, int depth) {
            if (++values > MAX_VALUES) {
                throw new IllegalArgumentException(path + " is past the " + MAX_VALUES + "th value: a property list"
                        + " expands to at most " + MAX_VALUES + " values (a binary plist's shared references count"
                        + " each time they are reached)");
            }
            return switch (value) {
                case null -> throw new IllegalArgumentException(path + " is null (a binary plist's null object),"
                        + " which is not a property-list type IOKit keeps");
                case NSDictionary dictionary -> toMap(dictionary, path, depth);
                case NSArray array -> toList(array, path, depth);
                case NSString string -> string.getContent();
                case NSNumber number -> toNumber(number);
                case NSData data -> data.bytes().clone();
                case NSDate date -> date.getDate().toInstant();
                default -> throw new IllegalArgumentException(path + " is a " + value.getClass().getSimpleName()
                        + ", which is not a property-list type IOKit keeps (dict, array, string, integer, real,"
                        + " boolean, data, date)");
            };
        }

        Map<String, Object> toMap(NSDictionary dictionary, String path, int depth) {
            checkDepth(path, depth);
            Map<String, Object> map = new LinkedHashMap<>();
            for (Map.Entry<String, NSObject> entry : dictionary.entrySet()) {
                String inner = path + "[\"" + entry.getKey() + "\"]";
                map.put(entry.getKey(), toJava(entry.getValue(), inner, depth + 1));
            }
            return map;
        }

        private List<Object> toList(NSArray array, String path, int depth) {
            checkDepth(path, depth);
            NSObject[] elements = array.getArray();
            List<Object> list = new ArrayList<>(elements.length);
            for (int i = 0; i < elements.length; i++) {
                list.add(toJava(elements[i], path + "[" + i + "]", depth + 1));
            }
            return list;
        }

        private static void checkDepth(String path, int depth) {
            if (depth >= MAX_DEPTH) {
                throw new IllegalArgumentException(path + " is nested " + (depth + 1) + " dictionaries and arrays"
                        + " deep: a property list nests at most " + MAX_DEPTH);
            }
        }
    }

    private static Object toNumber(NSNumber number) {
        if (number.isBoolean()) {
            return number.boolValue();
        }
        if (number.isInteger()) {
            return number.longValue();
        }
        return number.doubleValue();
    }

    private static Object freeze(Object value, String path) {
        return switch (value) {
            case null -> throw new IllegalArgumentException(path + " is null: property tables hold no null values");
            case String s -> s;
            case Boolean b -> b;
            case Number n -> n;
            case Instant i -> i;
            case byte[] bytes -> bytes.clone();
            case List<?> list -> freezeList(list, path);
            case Map<?, ?> map -> freezeMap(map, path);
            default -> throw new IllegalArgumentException(path + " is a " + value.getClass().getName()
                    + ", which is not a property-list value (String, Boolean, Number, Instant, byte[], List, Map)");
        };
    }

    private static List<Object> freezeList(List<?> list, String path) {
        List<Object> copy = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            copy.add(freeze(list.get(i), path + "[" + i + "]"));
        }
        return Collections.unmodifiableList(copy);
    }

    private static Map<String, Object> freezeMap(Map<?, ?> map, String path) {
        Map<String, Object> copy = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getKey() instanceof String key)) {
                throw new IllegalArgumentException(path + " has the key " + entry.getKey()
                        + ": property-list dictionary keys are Strings");
            }
            copy.put(key, freeze(entry.getValue(), path + "[\"" + key + "\"]"));
        }
        return Collections.unmodifiableMap(copy);
    }

    /**
     * Names a plain Java value's property-list type in words, for error messages: "a dictionary",
     * "an array", "a string", "an integer", "a real", "a boolean", "data", "a date", else its class name.
     */
    static String kindOf(Object value) {
        return switch (value) {
            case null -> "null";
            case Map<?, ?> _ -> "a dictionary";
            case List<?> _ -> "an array";
            case String _ -> "a string";
            case Boolean _ -> "a boolean";
            case Long _, Integer _, Short _, Byte _ -> "an integer";
            case Number _ -> "a real";
            case byte[] _ -> "data";
            case Instant _ -> "a date";
            default -> "a " + value.getClass().getName();
        };
    }

    /**
     * Reads an XML property list and converts its root to plain Java values (see the table above): what the kernel
     * daemon's entitlements file is read with.
     *
     * <p>The XML is parsed as bundles' {@code Info.plist} files are (dd-plist's own safe document builder: no
     * external entities, the plist DTD resolved locally; errors thrown, not printed to standard error).
     *
     * @param bytes the file's bytes.
     * @return the root's Java value: a {@code Map<String, Object>} for a {@code <dict>}, and so on; null if the
     *         document holds no value.
     * @throws org.xml.sax.SAXParseException if the bytes are not well-formed XML (it names the line and column).
     * @throws IllegalArgumentException      if the root, or something inside it, is not one of the eight
     *                                       property-list types, nests deeper than {@value #MAX_DEPTH} or expands to
     *                                       more than {@value #MAX_VALUES} values; the message names the path
     *                                       ({@code value[...]}) and the rule.
     * @throws Exception                     anything else dd-plist or the XML parser throws for bytes that are not
     *                                       an XML property list (never an {@link IllegalArgumentException}: one
     *                                       thrown while parsing, e.g. a {@link NumberFormatException} for
     *                                       {@code <integer>x</integer>}, comes wrapped in a
     *                                       {@link java.io.IOException}).
     */
    public static Object readXml(byte[] bytes) throws Exception {
        final NSObject root;
        try {
            root = parseXml(bytes);
        } catch (IllegalArgumentException notAPropertyList) {
            throw new java.io.IOException(notAPropertyList.toString(), notAPropertyList);
        }
        return root == null ? null : toJava(root);
    }

    /**
     * Parses XML with dd-plist's own safe document builder (no external entities, the plist DTD resolved
     * locally), but with an error handler that throws instead of printing "[Fatal Error]" to standard error: what
     * bundles are read with ({@link PlistFile}) and {@link #readXml(byte[])} reads with.
     */
    static NSObject parseXml(byte[] bytes) throws Exception {
        final javax.xml.parsers.DocumentBuilder builder = XMLPropertyListParser.getDocBuilder();
        builder.setErrorHandler(new org.xml.sax.ErrorHandler() {
            @Override
            public void warning(org.xml.sax.SAXParseException e) {
            }

            @Override
            public void error(org.xml.sax.SAXParseException e) throws org.xml.sax.SAXParseException {
                throw e;
            }

            @Override
            public void fatalError(org.xml.sax.SAXParseException e) throws org.xml.sax.SAXParseException {
                throw e;
            }
        });
        return XMLPropertyListParser.parse(builder.parse(new java.io.ByteArrayInputStream(bytes)));
    }
}
