package org.iokit4j.driverkit;

import static org.iokit4j.IOReturn.kIOReturnBadArgument;
import static org.iokit4j.IOReturn.kIOReturnError;
import static org.iokit4j.IOReturn.kIOReturnNotFound;
import static org.iokit4j.IOReturn.kIOReturnNotPermitted;

import java.io.File;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.iokit4j.Failure;

/**
 * Why a driver server could not make an {@code IOUserClass}, with the real cause first (issue 12 §6;
 * docs/kernel-and-bundles.md, "JPMS pitfalls"):
 *
 * <ul>
 *   <li>the class is not found: a dext module on the module path that no module {@code requires} (and no
 *       {@code --add-modules} names) is never resolved, so its classes are invisible though its jar is there; the
 *       module path is searched for a module holding the package, and the message says so. Otherwise a typo or a
 *       missing jar.</li>
 *   <li>the class is found but cannot be accessed: its package is not exported by its module (reflection from
 *       {@code org.iokit4j.driverkit} needs {@code exports}), or the class or its constructor is not public.</li>
 *   <li>the class is not an {@code IOService} (the kernel checks that a user client's is an
 *       {@code IOUserClient}: {@code ServiceFactory}).</li>
 * </ul>
 *
 * <p><b>Concurrency.</b> Stateless.
 */
final class UserClassProblems {
    private UserClassProblems() {
    }

    /** {@return why {@code userClass} could not be loaded by {@code server}'s loader ({@code missing})} */
    static Failure notLoaded(String userClass, String server, Throwable missing) {
        if (missing instanceof LinkageError) {
            return Failure.of(kIOReturnNotFound, "IOUserClass '%s' was found but could not be linked in driver server"
                    + " '%s': %s. A class it needs is missing from the class or module path, or was compiled for"
                    + " another version", userClass, server, missing);
        }
        final String pkg = userClass.lastIndexOf('.') < 0 ? "" : userClass.substring(0, userClass.lastIndexOf('.'));
        final Optional<ModuleReference> unresolved = unresolvedModuleWith(pkg);
        if (unresolved.isPresent()) {
            final String module = unresolved.get().descriptor().name();
            return Failure.of(kIOReturnNotFound, "IOUserClass '%s' is in module %s, which is on the module path but"
                    + " was never resolved: no module requires it, so its classes are invisible to driver server"
                    + " '%s'. Add 'requires %s;' to the app's module-info.java, or run with --add-modules %s"
                    + " (docs/kernel-and-bundles.md, \"JPMS pitfalls\")", userClass, module, server, module, module);
        }
        return Failure.of(kIOReturnNotFound, "IOUserClass '%s' is not found by driver server '%s': check its"
                + " spelling in Info.plist (a fully qualified class name) and that its jar is on the class or module"
                + " path (%s)", userClass, server, missing);
    }

    /** {@return why {@code type} cannot be an {@code IOUserClass}: it is no {@link IOService}; or {@code null}} */
    static Failure notAService(String userClass, Class<?> type) {
        if (IOService.class.isAssignableFrom(type)) {
            return null;
        }
        return Failure.of(kIOReturnBadArgument, "IOUserClass '%s' is not an IOService (it extends %s): a personality"
                + " must name a subclass of org.iokit4j.driverkit.IOService", userClass,
                type.getSuperclass() == null ? "nothing" : type.getSuperclass().getName());
    }

    /** {@return why {@code type}'s public no-argument constructor could not be called ({@code refused})} */
    static Failure notConstructible(String userClass, Class<?> type, ReflectiveOperationException refused) {
        final Module module = type.getModule();
        final String pkg = type.getPackageName();
        if (module.isNamed() && !module.isExported(pkg, UserClassProblems.class.getModule())) {
            return Failure.of(kIOReturnNotPermitted, "IOUserClass '%s' cannot be made: its package %s is not exported"
                    + " by module %s, so org.iokit4j.driverkit cannot reach its constructor. Add 'exports %s;' (or"
                    + " 'exports %s to org.iokit4j.driverkit;') to that module's module-info.java"
                    + " (docs/kernel-and-bundles.md, \"JPMS pitfalls\")", userClass, pkg, module.getName(), pkg, pkg);
        }
        if (Modifier.isAbstract(type.getModifiers())) {
            return Failure.of(kIOReturnError, "IOUserClass '%s' cannot be made: it is abstract", userClass);
        }
        if (!Modifier.isPublic(type.getModifiers())) {
            return Failure.of(kIOReturnNotPermitted, "IOUserClass '%s' cannot be made: the class is not public",
                    userClass);
        }
        return Failure.of(kIOReturnError, "IOUserClass '%s' cannot be made: it has no public no-argument"
                + " constructor (%s)", userClass, refused);
    }

    /** {@return a module on the module path holding {@code pkg} that the boot layer did not resolve, if any} */
    private static Optional<ModuleReference> unresolvedModuleWith(String pkg) {
        final String modulePath = System.getProperty("jdk.module.path");
        if (pkg.isEmpty() || modulePath == null || modulePath.isBlank()) {
            return Optional.empty();
        }
        try {
            final Path[] entries = Arrays.stream(modulePath.split(File.pathSeparator)).filter(e -> !e.isBlank())
                    .map(Path::of).toArray(Path[]::new);
            return ModuleFinder.of(entries).findAll().stream()
                    .filter(reference -> reference.descriptor().packages().contains(pkg))
                    .filter(reference -> ModuleLayer.boot().findModule(reference.descriptor().name()).isEmpty())
                    .findFirst();
        } catch (RuntimeException unreadable) { // a broken jar on the path: no finding, the plain message stands
            return Optional.empty();
        }
    }
}
