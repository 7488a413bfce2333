package org.iokit4j.kerneld;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import org.iokit4j.kernel.bundle.BundleException;
import org.iokit4j.kernel.bundle.BundleLoader;
import org.iokit4j.kernel.bundle.DriverBundle;

/**
 * Loads the dexts given with {@code --dext}: each a jar, or a directory, holding
 * {@value BundleLoader#INFO_PLIST} and the driver's classes, read through a class loader of its own over that path
 * alone, whose parent is the daemon's (the DriverKit runtime's) loader. Two dexts' classes therefore never see each
 * other, and nothing else on the daemon's class path is taken for a dext.
 *
 * <p>A path that is not there, or holds no {@code Info.plist}, refuses the start ({@link StartRefused}): the
 * operator named something that is not a dext. A dext whose {@code Info.plist} is malformed, or whose
 * {@code CFBundleIdentifier} an earlier {@code --dext} already has, is a problem, reported and left out, and the
 * others load (as the kernel treats a broken bundle on the class path).
 *
 * <p><b>Concurrency.</b> Not thread-safe: the daemon's main thread loads, and closes at stop.
 */
final class DextLoader implements AutoCloseable {
    private final List<DriverBundle> bundles = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private final List<URLClassLoader> loaders = new ArrayList<>();

    private DextLoader() {
    }

    /**
     * Loads every dext at {@code paths}, in order.
     *
     * @param parent the parent of every dext's class loader: the loader of the DriverKit runtime.
     * @throws StartRefused naming the path, if one does not exist, or is neither a directory nor a jar holding
     *                      {@value BundleLoader#INFO_PLIST}.
     */
    static DextLoader load(List<Path> paths, ClassLoader parent) throws StartRefused {
        final DextLoader dexts = new DextLoader();
        final Map<String, Path> identifiers = new HashMap<>();
        try {
            for (Path given : paths) {
                final Path path = given.toAbsolutePath().normalize();
                checkIsDext(path);
                final URLClassLoader loader = new URLClassLoader("dext " + path.getFileName(), new URL[] {url(path)},
                        parent);
                dexts.loaders.add(loader);
                dexts.add(path, loader, identifiers);
            }
        } catch (StartRefused | RuntimeException refused) {
            dexts.close();
            throw refused;
        }
        return dexts;
    }

    /** {@return the dexts that loaded, in {@code --dext} order} */
    List<DriverBundle> bundles() {
        return List.copyOf(bundles);
    }

    /** {@return one line per dext that did not load, naming its path and why} */
    List<String> problems() {
        return List.copyOf(problems);
    }

    /** Closes every dext's class loader; call after the kernel stopped, when no driver runs any more. */
    @Override
    public void close() {
        for (URLClassLoader loader : loaders) {
            try {
                loader.close();
            } catch (IOException failed) {
                org.iokit4j.Diagnostics.warn("kerneld: closing the class loader of " + loader.getName() + " failed: "
                        + failed);
            }
        }
        loaders.clear();
    }

    private void add(Path path, URLClassLoader loader, Map<String, Path> identifiers) {
        final URL infoPlist = loader.findResource(BundleLoader.INFO_PLIST); // this path only, never the parent's
        try {
            final DriverBundle bundle = BundleLoader.load(infoPlist, loader);
            final Path first = identifiers.putIfAbsent(bundle.bundleIdentifier(), path);
            if (first != null) {
                problems.add("--dext " + path + ": CFBundleIdentifier=" + bundle.bundleIdentifier() + " is already"
                        + " used by --dext " + first + "; bundle identifiers are unique, so this dext is left out");
                return;
            }
            bundles.add(bundle);
        } catch (BundleException broken) {
            problems.add("--dext " + path + ": " + broken.getMessage());
        }
    }

    private static void checkIsDext(Path path) throws StartRefused {
        final String expected = ": a dext is a jar, or a directory, holding " + BundleLoader.INFO_PLIST
                + " and the driver's classes";
        if (!Files.exists(path)) {
            throw new StartRefused("--dext " + path + ": there is no such file or directory" + expected);
        }
        if (Files.isDirectory(path)) {
            if (!Files.isRegularFile(path.resolve(BundleLoader.INFO_PLIST))) {
                throw new StartRefused("--dext " + path + ": the directory holds no " + BundleLoader.INFO_PLIST
                        + expected);
            }
            return;
        }
        try (JarFile jar = new JarFile(path.toFile())) {
            if (jar.getEntry(BundleLoader.INFO_PLIST) == null) {
                throw new StartRefused("--dext " + path + ": the jar holds no " + BundleLoader.INFO_PLIST + expected);
            }
        } catch (IOException notAJar) {
            throw new StartRefused("--dext " + path + ": it is neither a directory nor a readable jar (" + notAJar
                    + ")" + expected);
        }
    }

    private static URL url(Path path) throws StartRefused {
        try {
            return path.toUri().toURL(); // a directory's URI ends with '/', as URLClassLoader needs
        } catch (MalformedURLException impossible) {
            throw new StartRefused("--dext " + path + ": its path is not a URL Java can open: " + impossible);
        }
    }
}
