package org.iokit4j.kerneld;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.iokit4j.kernel.bundle.PlistValues;
import org.iokit4j.kernel.userclient.Entitlements;
import org.xml.sax.SAXParseException;

/**
 * The daemon's {@code --entitlements} file: which entitlements it grants the apps of each user (contract.md §6:
 * granted by the daemon, never claimed by the client).
 *
 * <p>The file is an XML property list (Apple's format, as an {@code Info.plist}) whose root dictionary maps a
 * user name, or {@value #ANY_USER} for every admitted user, to the dictionary of entitlements that user's apps get:
 *
 * {@snippet lang=xml :
 * <plist version="1.0">
 * <dict>
 *     <key>alice</key>
 *     <dict>
 *         <key>com.apple.developer.driverkit.userclient-access</key>
 *         <array><string>org.iokit4j.examples.NullDriver</string></array>
 *     </dict>
 * </dict>
 * </plist>
 * }
 *
 * <p>A user's grant is the {@value #ANY_USER} dictionary with the user's own laid over it (the user's keys win).
 * Values keep their property-list types, as the kernel's {@link Entitlements} check reads them; two are checked
 * here because a wrong type there would silently grant nothing: {@value Entitlements#USERCLIENT_ACCESS} must be an
 * array of strings and {@value Entitlements#COMMUNICATES} a boolean. The file is read once, when the daemon
 * starts; no file grants nothing.
 *
 * <p><b>Concurrency.</b> Immutable once read.
 */
final class EntitlementsFile {
    /** The key whose entitlements every admitted user gets: {@value}. */
    static final String ANY_USER = "*";

    private final Path source;
    private final Map<String, Map<String, Object>> byUser;

    private EntitlementsFile(Path source, Map<String, Map<String, Object>> byUser) {
        this.source = source;
        this.byUser = byUser;
    }

    /** {@return the grants of a daemon started without {@code --entitlements}: nothing for anyone} */
    static EntitlementsFile none() {
        return new EntitlementsFile(null, Map.of());
    }

    /**
     * Reads the file at {@code file}.
     *
     * @throws StartRefused naming the file and what is wrong: it is missing or unreadable, is not an XML property
     *                      list, its root is not a dictionary, a user's value is not a dictionary, a user name is
     *                      empty, or an entitlement the kernel reads has the wrong type.
     */
    static EntitlementsFile read(Path file) throws StartRefused {
        final Path path = file.toAbsolutePath();
        final Map<String, Object> root = parse(path, bytes(path));
        final Map<String, Map<String, Object>> byUser = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : root.entrySet()) {
            final String user = entry.getKey();
            if (user.isEmpty()) {
                throw refused(path, "a key is the empty string: each key is a user name, or \"*\" for every user");
            }
            if (!(entry.getValue() instanceof Map<?, ?> granted)) {
                throw refused(path, "user \"" + user + "\" maps to " + kindOf(entry.getValue())
                        + ", not a dictionary: each user maps to the dictionary of entitlements granted to their apps");
            }
            @SuppressWarnings("unchecked") // PlistValues.readXml makes only String keys
            final Map<String, Object> entitlements = (Map<String, Object>) granted;
            checkTypes(path, user, entitlements);
            byUser.put(user, PlistValues.immutableCopy(entitlements));
        }
        return new EntitlementsFile(path, Map.copyOf(byUser));
    }

    /** {@return the entitlements granted to {@code user}'s apps: {@value #ANY_USER}'s, then the user's own over them} */
    Map<String, Object> grantedTo(String user) {
        final Map<String, Object> granted = new LinkedHashMap<>(byUser.getOrDefault(ANY_USER, Map.of()));
        granted.putAll(byUser.getOrDefault(user, Map.of()));
        return PlistValues.immutableCopy(granted);
    }

    /** {@return where the grants come from, in words, e.g. {@code from its --entitlements file /etc/x.plist}} */
    String describe() {
        return source == null ? "none, as it was started without --entitlements"
                : "from its --entitlements file " + source;
    }

    private static byte[] bytes(Path path) throws StartRefused {
        try {
            return Files.readAllBytes(path);
        } catch (NoSuchFileException missing) {
            throw refused(path, "there is no such file");
        } catch (AccessDeniedException denied) {
            throw refused(path, "the file cannot be read by this user (permission denied)");
        } catch (IOException unreadable) {
            throw refused(path, "the file cannot be read: " + unreadable);
        }
    }

    private static Map<String, Object> parse(Path path, byte[] bytes) throws StartRefused {
        final Object root;
        try {
            root = PlistValues.readXml(bytes); // dd-plist's safe builder: no external entities
        } catch (SAXParseException e) {
            throw refused(path, "it is not an XML property list (line " + e.getLineNumber() + ", column "
                    + e.getColumnNumber() + ": " + e.getMessage() + ")");
        } catch (IllegalArgumentException e) { // a value that is not a property-list type, or too deep or too many
            throw refused(path, e.getMessage());
        } catch (Exception | StackOverflowError e) { // dd-plist declares five checked types, and throws others
            throw refused(path, "it is not an XML property list (" + e + ")");
        }
        if (!(root instanceof Map<?, ?> dictionary)) {
            throw refused(path, "the root is " + (root == null ? "empty" : kindOf(root))
                    + ", not a dictionary: the root maps user names (or \"*\") to their entitlements");
        }
        @SuppressWarnings("unchecked") // PlistValues.readXml makes only String keys
        final Map<String, Object> map = (Map<String, Object>) dictionary;
        return map;
    }

    private static void checkTypes(Path path, String user, Map<String, Object> entitlements) throws StartRefused {
        final Object access = entitlements.get(Entitlements.USERCLIENT_ACCESS);
        if (access != null && !(access instanceof List<?> ids && ids.stream().allMatch(String.class::isInstance))) {
            throw refused(path, "user \"" + user + "\": " + Entitlements.USERCLIENT_ACCESS + " is " + kindOf(access)
                    + ", not an array of strings: it lists the bundle identifiers (CFBundleIdentifier) of the dexts"
                    + " the user's apps may open");
        }
        final Object communicates = entitlements.get(Entitlements.COMMUNICATES);
        if (communicates != null && !(communicates instanceof Boolean)) {
            throw refused(path, "user \"" + user + "\": " + Entitlements.COMMUNICATES + " is " + kindOf(communicates)
                    + ", not a boolean (<true/> or <false/>)");
        }
    }

    private static StartRefused refused(Path path, String problem) {
        return new StartRefused("--entitlements " + path + ": " + problem);
    }

    private static String kindOf(Object value) {
        return switch (value) {
            case Map<?, ?> _ -> "a dictionary";
            case List<?> list -> list.stream().allMatch(String.class::isInstance) ? "an array" : "an array holding "
                    + "a non-string";
            case String _ -> "a string";
            case Boolean _ -> "a boolean";
            case Long _, Integer _ -> "an integer";
            case Number _ -> "a real";
            case byte[] _ -> "data";
            case java.time.Instant _ -> "a date";
            default -> "a " + value.getClass().getSimpleName();
        };
    }
}
