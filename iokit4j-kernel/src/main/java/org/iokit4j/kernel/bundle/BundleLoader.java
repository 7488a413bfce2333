package org.iokit4j.kernel.bundle;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reads driver bundles from the class path: an {@code Info.plist} in Apple's property-list format, its
 * {@code IOKitPersonalities}, and the {@code Entitlements.plist} beside it (contract.md §4).
 *
 * <p>Every class-path entry may carry one bundle at {@value #INFO_PLIST}; {@link #discover} reads them
 * all. Bundles kept elsewhere (tests, isolated kernels) are read one at a time with {@link #loadFrom}, so
 * that nothing loads them by accident.
 *
 * <p>Every failure is a {@link BundleException} whose message names the file, where it was found, the key
 * at fault and the rule it broke. That is the one declared failure, whatever bytes an {@code Info.plist} or
 * {@code Entitlements.plist} holds: apart from {@link NullPointerException} for a null argument nothing else is
 * thrown, and a hostile file (nested past {@value PlistValues#MAX_DEPTH} levels, or binary references shared
 * to expand past {@value PlistValues#MAX_VALUES} values) is refused in bounded time and memory. Both files are
 * fuzzed ({@code BundlePlistFuzzTest}; docs/reliability.md, "Fuzzing").
 */
public final class BundleLoader {

    /** Where every class-path entry may declare a driver bundle: {@value}. */
    public static final String INFO_PLIST = "META-INF/driverkit/Info.plist";
    /** The name of the entitlements file, in the same directory as the {@code Info.plist}: {@value}. */
    public static final String ENTITLEMENTS_PLIST = "Entitlements.plist";
    /** Where an app declares its own entitlements on the class path. */
    public static final String APP_ENTITLEMENTS = "META-INF/iokit4j/Entitlements.plist";

    private static final String CF_BUNDLE_IDENTIFIER = "CFBundleIdentifier";
    private static final String IOKIT_PERSONALITIES = "IOKitPersonalities";
    /** Holder idiom: the logging back end starts only when a problem is first logged. */
    private static final class Log {
        static final System.Logger LOG = System.getLogger(BundleLoader.class.getName());
    }

    private BundleLoader() {
    }

    /**
     * Reads every bundle at {@value #INFO_PLIST} that {@code loader} can see, skipping broken ones.
     *
     * <p>Each bundle that cannot be loaded is logged at {@code WARNING} and left out; use
     * {@link #discoverAll} to see the problems.
     *
     * @param loader where to look, and what the bundles' classes will be loaded with.
     * @return the bundles that loaded, in class-path order.
     */
    public static List<DriverBundle> discover(ClassLoader loader) {
        Discovery discovery = discoverAll(loader);
        for (BundleException problem : discovery.problems()) {
            Log.LOG.log(System.Logger.Level.WARNING, problem.getMessage());
        }
        return discovery.bundles();
    }

    /**
     * Reads every bundle at {@value #INFO_PLIST} that {@code loader} can see; one broken bundle does not
     * stop the others.
     *
     * <p>A URL the loader reports twice is read once. A bundle whose {@code CFBundleIdentifier} is already
     * taken by an earlier one is a problem, and the earlier one wins.
     *
     * @param loader where to look, and what the bundles' classes will be loaded with.
     * @return the bundles that loaded and one {@link BundleException} per bundle that did not (or, if the
     *         class path cannot be searched at all, a single problem with no location).
     */
    public static Discovery discoverAll(ClassLoader loader) {
        Objects.requireNonNull(loader, "loader");
        Enumeration<URL> urls;
        try {
            urls = loader.getResources(INFO_PLIST);
        } catch (IOException e) {
            return new Discovery(List.of(), List.of(
                    new BundleException(INFO_PLIST, null, "the class path of " + loader + " cannot be searched: " + e, e)));
        }
        Set<String> seen = new HashSet<>();
        Map<String, DriverBundle> bundles = new LinkedHashMap<>();
        List<BundleException> problems = new ArrayList<>();
        while (urls.hasMoreElements()) {
            URL url = urls.nextElement();
            if (!seen.add(url.toExternalForm())) {
                continue;
            }
            try {
                DriverBundle bundle = load(INFO_PLIST, url, loader);
                DriverBundle first = bundles.putIfAbsent(bundle.bundleIdentifier(), bundle);
                if (first != null) {
                    problems.add(new BundleException(INFO_PLIST, bundle.location(), CF_BUNDLE_IDENTIFIER + "="
                            + bundle.bundleIdentifier() + " is already used by the bundle at " + first.location()
                            + ": bundle identifiers are unique, so this bundle is skipped", null));
                }
            } catch (BundleException e) {
                problems.add(e);
            }
        }
        return new Discovery(new ArrayList<>(bundles.values()), problems);
    }

    /**
     * Reads the bundle whose {@code Info.plist} is at {@code infoPlist}.
     *
     * @param infoPlist the {@code Info.plist} file; {@value #ENTITLEMENTS_PLIST} is looked for beside it.
     * @param loader    what the bundle's classes will be loaded with.
     * @return the bundle.
     * @throws BundleException if a file is unreadable or malformed (in any of the XML, binary and ASCII formats,
     *                         or nested or expanding past the limits above), the root is not a dictionary,
     *                         {@code CFBundleIdentifier} is missing or not a string, {@code IOKitPersonalities}
     *                         is not a dictionary, or a personality is not a dictionary or breaks a rule of
     *                         {@link Personality} (no {@code IOProviderClass} or {@code IOUserClass}, …).
     */
    public static DriverBundle load(URL infoPlist, ClassLoader loader) {
        String path = Objects.requireNonNull(infoPlist, "infoPlist").getPath();
        return load(path.substring(path.lastIndexOf('/') + 1), infoPlist, loader);
    }

    /**
     * Reads the bundle whose {@code Info.plist} is the class-path resource {@code resourcePath}, e.g.
     * {@code bundles/echo/Info.plist}.
     *
     * @param resourcePath a resource name as for {@link ClassLoader#getResource}; a leading {@code /} is
     *                     dropped.
     * @param loader       where to look, and what the bundle's classes will be loaded with.
     * @return the bundle.
     * @throws BundleException if {@code loader} finds no such resource, or as for {@link #load(URL, ClassLoader)}.
     */
    public static DriverBundle loadFrom(String resourcePath, ClassLoader loader) {
        Objects.requireNonNull(resourcePath, "resourcePath");
        Objects.requireNonNull(loader, "loader");
        String resource = resourcePath.startsWith("/") ? resourcePath.substring(1) : resourcePath;
        URL url = loader.getResource(resource);
        if (url == null) {
            throw new BundleException(resource, null, "there is no such resource on the class path of " + loader, null);
        }
        return load(resource, url, loader);
    }

    /**
     * Reads the app's own entitlements: every {@value #APP_ENTITLEMENTS} on {@code loader}'s class path, merged
     * (a later file's keys win). This is how an embedded app declares, e.g.,
     * {@code com.apple.developer.driverkit.userclient-access} (contract.md §4).
     *
     * @param loader the class loader whose {@code META-INF/iokit4j/Entitlements.plist} is read.
     * @return the entitlements, empty if there is no such file.
     * @throws BundleException if a file is not a property list with a dictionary at its root.
     */
    public static Map<String, Object> appEntitlements(ClassLoader loader) {
        final Map<String, Object> merged = new java.util.LinkedHashMap<>();
        try {
            for (URL url : java.util.Collections.list(loader.getResources(APP_ENTITLEMENTS))) {
                final Map<String, Object> one = PlistFile.readDictionary(APP_ENTITLEMENTS, toURI(url), url, true);
                if (one != null) {
                    merged.putAll(one);
                }
            }
        } catch (java.io.IOException unreadable) {
            throw new BundleException(APP_ENTITLEMENTS, null, "the class path cannot be searched: " + unreadable,
                    unreadable);
        }
        return merged;
    }

    /**
     * {@return where {@link #appEntitlements} reads the app's entitlements from, in words: the files found, or the
     * file to create} A refused {@code IOServiceOpen} names it as the file to edit.
     *
     * @param loader the class loader whose class path is searched.
     */
    public static String appEntitlementsSource(ClassLoader loader) {
        final List<String> found = new ArrayList<>();
        try {
            for (URL url : java.util.Collections.list(loader.getResources(APP_ENTITLEMENTS))) {
                found.add(url.toString());
            }
        } catch (IOException unreadable) {
            // the search failed: say what to create, as when none is found
        }
        return found.isEmpty()
                ? "the app's " + APP_ENTITLEMENTS + " (none is on the class path: create"
                        + " src/main/resources/" + APP_ENTITLEMENTS + ")"
                : "the app's " + APP_ENTITLEMENTS + " at " + String.join(", ", found);
    }

    /**
     * Reads the property list at class-path resource {@code resourcePath} (an entitlements file such as
     * {@code test/Entitlements.plist}), in any of the formats {@link #load(URL, ClassLoader)} reads.
     *
     * @param resourcePath the resource's path on the class path (a leading {@code /} is allowed).
     * @param loader       the class loader that finds it.
     * @return its root dictionary.
     * @throws BundleException naming the resource if {@code loader} finds no such resource, or it is not a property
     *                         list with a dictionary at its root.
     */
    public static Map<String, Object> loadDictionary(String resourcePath, ClassLoader loader) {
        Objects.requireNonNull(resourcePath, "resourcePath");
        final String resource = resourcePath.startsWith("/") ? resourcePath.substring(1) : resourcePath;
        final URL url = Objects.requireNonNull(loader, "loader").getResource(resource);
        if (url == null) {
            throw new BundleException(resource, null, "there is no such resource on the class path of " + loader, null);
        }
        return PlistFile.readDictionary(resource, toURI(url), url, false);
    }

    private static URI toURI(URL url) {
        try {
            return url.toURI();
        } catch (java.net.URISyntaxException notAUri) {
            return null;
        }
    }

    private static DriverBundle load(String resource, URL url, ClassLoader loader) {
        Objects.requireNonNull(loader, "loader");
        URI location = toUri(resource, url);
        Map<String, Object> info = PlistFile.readDictionary(resource, location, url, false);
        String identifier = bundleIdentifier(resource, location, info);
        List<Personality> personalities = personalities(resource, location, identifier, info);
        Map<String, Object> entitlements = entitlements(resource, location);
        return new DriverBundle(location, identifier, info, personalities, entitlements, loader);
    }

    private static String bundleIdentifier(String resource, URI location, Map<String, Object> info) {
        Object value = info.get(CF_BUNDLE_IDENTIFIER);
        if (value == null) {
            throw new BundleException(resource, location, "there is no " + CF_BUNDLE_IDENTIFIER
                    + ": every bundle names itself with a reverse-DNS identifier such as com.example.driver", null);
        }
        if (!(value instanceof String identifier) || identifier.isBlank()) {
            throw new BundleException(resource, location, CF_BUNDLE_IDENTIFIER + "=" + value + " is "
                    + PlistValues.kindOf(value) + ": it must be a non-empty string such as com.example.driver", null);
        }
        return identifier;
    }

    private static List<Personality> personalities(String resource, URI location, String identifier,
                                                   Map<String, Object> info) {
        Object value = info.get(IOKIT_PERSONALITIES);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof Map<?, ?> table)) {
            throw new BundleException(resource, location, IOKIT_PERSONALITIES + " is " + PlistValues.kindOf(value)
                    + ", not a dictionary: it maps each personality's name to its matching dictionary", null);
        }
        List<Personality> personalities = new ArrayList<>(table.size());
        for (Map.Entry<?, ?> entry : table.entrySet()) {
            String name = (String) entry.getKey(); // PlistValues.toMap only makes String keys
            if (!(entry.getValue() instanceof Map<?, ?> properties)) {
                throw new BundleException(resource, location, "personality \"" + name + "\" in " + IOKIT_PERSONALITIES
                        + " is " + PlistValues.kindOf(entry.getValue())
                        + ", not a dictionary: each personality is a matching dictionary", null);
            }
            try {
                @SuppressWarnings("unchecked") // toMap made it, so every key is a String
                Map<String, Object> typed = (Map<String, Object>) properties;
                personalities.add(new Personality(name, identifier, typed));
            } catch (IllegalArgumentException e) {
                throw new BundleException(resource, location, e.getMessage(), e);
            }
        }
        return personalities;
    }

    private static Map<String, Object> entitlements(String infoResource, URI infoLocation) {
        String resource = infoResource.substring(0, infoResource.lastIndexOf('/') + 1) + ENTITLEMENTS_PLIST;
        String info = infoLocation.toString();
        URI location = URI.create(info.substring(0, info.lastIndexOf('/') + 1) + ENTITLEMENTS_PLIST);
        URL url;
        try {
            url = location.toURL();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new BundleException(resource, location, "the location is not a URL Java can open: " + e, e);
        }
        Map<String, Object> entitlements = PlistFile.readDictionary(resource, location, url, true);
        return entitlements == null ? Map.of() : entitlements;
    }

    private static URI toUri(String resource, URL url) {
        try {
            return url.toURI();
        } catch (URISyntaxException e) {
            // A URL with characters a URI must escape (a space in a directory name): let URI quote them.
            String external = url.toExternalForm();
            String schemeSpecific = external.substring(url.getProtocol().length() + 1);
            if (url.getRef() != null) {
                schemeSpecific = schemeSpecific.substring(0, schemeSpecific.length() - url.getRef().length() - 1);
            }
            try {
                return new URI(url.getProtocol(), schemeSpecific, url.getRef());
            } catch (URISyntaxException again) {
                throw new BundleException(resource, null, "its URL " + url + " is not a valid URI: " + again.getMessage(), again);
            }
        }
    }
}
