package org.iokit4j.kernel;

import static org.iokit4j.IOReturn.kIOReturnBadArgument;
import static org.iokit4j.IOReturn.kIOReturnNotFound;

import java.util.ArrayList;
import java.util.List;
import org.iokit4j.Failure;
import org.iokit4j.kernel.bundle.DriverBundle;
import org.iokit4j.kernel.bundle.Personality;
import org.iokit4j.kernel.matching.Matching;
import org.iokit4j.kernel.registry.RegistryEntry;

/**
 * The personalities that would be silent failures, reported as the kernel's boot problems (issue 12 §6;
 * docs/kernel-and-bundles.md, "Boot problems"):
 *
 * <ul>
 *   <li><b>no {@code IOUserServerName}</b>, when the bundle loads. Apple's kernel launches a dext's process by that
 *       name, so without it the dext never runs; iokit4j still runs the driver, in a server named after the bundle
 *       identifier, and says so.</li>
 *   <li><b>an {@code IOProviderClass} no class has</b>, once matching has quiesced (after boot, or after a bundle
 *       loaded later was matched): neither a kernel class nor any {@code IOClass} or {@code IOUserClass} a loaded
 *       bundle declares (its personalities, or a dictionary in them that {@code IOService::Create} makes). No service
 *       of that class can ever register, so the personality never matches: most likely a typo. A provider a dext
 *       registers later has a class some loaded bundle declares, so it is not reported.</li>
 *   <li><b>a personality on {@code IOUserResources} whose other matching keys refuse it</b>, once matching has
 *       quiesced. {@code IOUserResources} is registered at boot and its properties never change, so such a
 *       personality can never match. One waiting for an {@code IOResourceMatch} resource is not reported: the
 *       resource may be published later. Personalities on other providers are not judged on "matched nothing": a
 *       provider may register at any time.</li>
 * </ul>
 *
 * <p>Each problem names the personality, the bundle and its {@code Info.plist}, the key and what to check, and the
 * personality's {@code IOUserClass}, so that an app's "not found" for that class can list it.
 *
 * <p><b>Concurrency.</b> Stateless.
 */
final class BootProblems {
    private BootProblems() {
    }

    /** {@return the problems of {@code bundle} found when it loads: personalities without {@code IOUserServerName}} */
    static List<Failure> atLoad(DriverBundle bundle) {
        final List<Failure> problems = new ArrayList<>();
        for (Personality personality : bundle.personalities()) {
            if (!personality.properties().containsKey(Personality.kIOUserServerNameKey)) {
                problems.add(Failure.of(kIOReturnBadArgument, "%s has no %s: Apple's kernel launches a dext's driver"
                        + " server by that name, so on macOS this driver would never run (iokit4j runs it in a server"
                        + " named after the bundle identifier, \"%s\"). Check the personality: add <key>%s</key>"
                        + "<string>%s</string> (docs/kernel-and-bundles.md, \"Info.plist\")",
                        where(bundle, personality), Personality.kIOUserServerNameKey, bundle.bundleIdentifier(),
                        Personality.kIOUserServerNameKey, bundle.bundleIdentifier()));
            }
        }
        return problems;
    }

    /**
     * {@return the problems of {@code bundles}' personalities found once matching has quiesced: an unknown
     * {@code IOProviderClass}, or a personality on {@code IOUserResources} that can never match it}
     */
    static List<Failure> afterMatching(Kernel kernel, List<DriverBundle> bundles) {
        final ClassTable classes = new ClassTable(kernel.catalogue());
        final RegistryEntry userResources = kernel.registry().userResources();
        final List<Failure> problems = new ArrayList<>();
        for (DriverBundle bundle : bundles) {
            for (Personality personality : bundle.personalities()) {
                final String provider = personality.ioProviderClass();
                if (!classes.isKnown(provider)) {
                    problems.add(Failure.of(kIOReturnNotFound, "%s has %s \"%s\", a class the kernel does not know (no"
                            + " kernel class, and no IOClass or IOUserClass of a loaded bundle): no such provider can"
                            + " ever register, so this personality never matches and %s is never made. Check the"
                            + " spelling of %s (IOUserResources for a driver that needs no hardware), or load the"
                            + " bundle whose driver registers that class (docs/kernel-and-bundles.md, \"Boot"
                            + " problems\")", where(bundle, personality), Personality.kIOProviderClassKey, provider,
                            personality.ioUserClass(), Personality.kIOProviderClassKey));
                } else if ("IOUserResources".equals(provider)
                        && personality.ioResourceMatch() == null
                        && !Matching.matches(personality.properties(), userResources, resource -> true)) {
                    problems.add(Failure.of(kIOReturnNotFound, "%s has %s \"%s\" but its other matching keys refuse"
                            + " IOUserResources, whose properties never change: this personality never matches and %s"
                            + " is never made. Check its matching keys (IOPropertyMatch, IONameMatch,"
                            + " IOParentMatch, …): a driver on IOUserResources usually needs none"
                            + " (docs/kernel-and-bundles.md, \"Boot problems\")", where(bundle, personality),
                            Personality.kIOProviderClassKey, provider, personality.ioUserClass()));
                }
            }
        }
        return problems;
    }

    /** {@return {@code personality "P" (IOUserClass C) of bundle B at URI}} */
    static String where(DriverBundle bundle, Personality personality) {
        return "personality \"" + personality.name() + "\" (IOUserClass " + personality.ioUserClass() + ") of bundle "
                + bundle.bundleIdentifier() + " at " + bundle.location();
    }
}
