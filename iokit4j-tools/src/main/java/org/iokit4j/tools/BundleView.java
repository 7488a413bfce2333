package org.iokit4j.tools;

import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The class path as the embedded kernel sees it when a tool was given {@code --bundle} or {@code --no-discover}: the
 * tools' own class path, except that the resource {@value #INFO_PLIST}, which the embedded kernel discovers its
 * bundles by, lists the bundles the options chose (the class path's own ones unless {@code --no-discover}, then
 * each {@code --bundle} resource).
 *
 * <p>The embedded carrier boots its kernel with the context class loader; a tool sets this view as the context class
 * loader while it asks the carrier for a kernel, so the options reach the kernel without the tools importing it.
 * Classes and every other resource come from the parent, unchanged.
 *
 * <p><b>Concurrency.</b> Immutable once made; thread-safe as {@link ClassLoader} is.
 */
final class BundleView extends ClassLoader {
    /** The resource every driver bundle's {@code Info.plist} is found under: {@value}. */
    static final String INFO_PLIST = "META-INF/driverkit/Info.plist";

    private final boolean discover;
    private final List<URL> bundles;

    /**
     * @param parent   the tools' class loader.
     * @param discover whether the parent's own {@value #INFO_PLIST} resources are listed.
     * @param bundles  the {@code Info.plist} files {@code --bundle} named, listed after those.
     */
    BundleView(ClassLoader parent, boolean discover, List<URL> bundles) {
        super("iokit4j-tools bundles", parent);
        this.discover = discover;
        this.bundles = List.copyOf(bundles);
    }

    /** {@inheritDoc} For {@value #INFO_PLIST}: the chosen bundles, each once, in class-path then option order. */
    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        if (!INFO_PLIST.equals(name)) {
            return super.getResources(name);
        }
        final Map<String, URL> chosen = new LinkedHashMap<>();
        if (discover) {
            for (URL url : Collections.list(getParent().getResources(name))) {
                chosen.putIfAbsent(url.toExternalForm(), url);
            }
        }
        bundles.forEach(url -> chosen.putIfAbsent(url.toExternalForm(), url));
        return Collections.enumeration(new ArrayList<>(chosen.values()));
    }

    /** {@inheritDoc} For {@value #INFO_PLIST}: the first of {@link #getResources}. */
    @Override
    public URL getResource(String name) {
        if (!INFO_PLIST.equals(name)) {
            return super.getResource(name);
        }
        try {
            final Enumeration<URL> all = getResources(name);
            return all.hasMoreElements() ? all.nextElement() : null;
        } catch (IOException unreadable) {
            return null;
        }
    }
}
