package org.iokit4j.kernel.bundle;

import org.iokit4j.kernel.internal.ddplist.NSDictionary;
import org.iokit4j.kernel.internal.ddplist.NSObject;
import org.iokit4j.kernel.internal.ddplist.PropertyListParser;
import org.xml.sax.SAXParseException;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.NoSuchFileException;
import java.util.Map;

/**
 * Reads one property-list file whose root must be a dictionary, turning every failure into a
 * {@link BundleException} that names the file.
 *
 * <p>{@link BundleException} is the only failure, whatever the bytes (issue 8: fuzzed by
 * {@code BundlePlistFuzzTest}): dd-plist's exceptions, a stack overflow in its recursive parsers, a binary
 * array declaring more elements than the file holds ({@link BinaryPlistArrays}, refused before dd-plist would
 * allocate it), and values {@link PlistValues} refuses (unknown types, nesting deeper than
 * {@value PlistValues#MAX_DEPTH}, more than {@value PlistValues#MAX_VALUES} values once shared references are
 * expanded) all become one.
 */
final class PlistFile {

    private PlistFile() {
    }

    /**
     * Reads the dictionary at {@code url}.
     *
     * @param resource the file as it was looked up, for messages.
     * @param location {@code url} as a URI, for messages.
     * @param url      where to read.
     * @param optional whether a missing file is fine (then null is returned) or an error.
     * @return the dictionary as plain Java values, or null if {@code optional} and there is no such file.
     * @throws BundleException if the file is missing (and not optional) or unreadable, is not a property
     *                         list, holds a type IOKit does not keep, nests too deeply or expands to too many
     *                         values, or its root is not a dictionary.
     */
    static Map<String, Object> readDictionary(String resource, URI location, URL url, boolean optional) {
        byte[] bytes;
        try {
            URLConnection connection = url.openConnection();
            connection.setUseCaches(false); // do not keep a JarFile open behind the caller's back
            try (InputStream in = connection.getInputStream()) {
                bytes = in.readAllBytes();
            }
        } catch (FileNotFoundException | NoSuchFileException e) {
            if (optional) {
                return null;
            }
            throw new BundleException(resource, location, "there is no such file", e);
        } catch (IOException e) {
            throw new BundleException(resource, location, "the file cannot be read: " + e, e);
        }
        NSObject root = parse(resource, location, bytes);
        if (!(root instanceof NSDictionary dictionary)) {
            String kind = root == null ? "empty" : root.getClass().getSimpleName();
            throw new BundleException(resource, location, "the root is " + kind
                    + ", not a dictionary: the file must hold a <dict> at the top", null);
        }
        try {
            return PlistValues.toMap(dictionary);
        } catch (IllegalArgumentException e) {
            throw new BundleException(resource, location, e.getMessage(), e);
        }
    }

    private static NSObject parse(String resource, URI location, byte[] bytes) {
        final String oversized = BinaryPlistArrays.oversized(bytes);
        if (oversized != null) { // checked first: dd-plist would allocate the whole array before refusing it
            throw notAPropertyList(resource, location, oversized, null);
        }
        try {
            return isXml(bytes) ? PlistValues.parseXml(bytes) : PropertyListParser.parse(bytes);
        } catch (SAXParseException e) {
            throw notAPropertyList(resource, location, "line " + e.getLineNumber() + ", column " + e.getColumnNumber()
                    + ": " + e.getMessage(), e);
        } catch (Exception e) { // dd-plist throws five checked types and, on some broken input, runtime ones
            throw notAPropertyList(resource, location,
                    e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
        } catch (StackOverflowError tooDeep) {
            // dd-plist's ASCII and binary parsers recurse once per level; the parse touches nothing shared, so the
            // stack it unwound leaves nothing half-done. (XML stops at depth 100 in the JDK's parser instead.)
            throw notAPropertyList(resource, location, "it nests arrays or dictionaries too deeply to parse; a"
                    + " property list nests at most " + PlistValues.MAX_DEPTH, null);
        }
    }

    /** {@return whether the first character, after a UTF-8 byte-order mark and white space, is {@code <}} */
    private static boolean isXml(byte[] bytes) {
        int i = bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF
                ? 3 : 0;
        while (i < bytes.length && Character.isWhitespace(bytes[i])) {
            i++;
        }
        return i < bytes.length && bytes[i] == '<';
    }

    private static BundleException notAPropertyList(String resource, URI location, String detail, Exception cause) {
        return new BundleException(resource, location, "the file is not a valid property list (" + detail
                + "); Apple's XML format starts with <?xml …?>, the plist DOCTYPE and <plist version=\"1.0\">", cause);
    }
}
