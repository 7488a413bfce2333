package org.iokit4j.kernel.userclient;

import static org.iokit4j.IOReturn.kIOReturnNotPermitted;

import java.util.List;
import java.util.Map;
import org.iokit4j.Failure;

/**
 * The DriverKit entitlement check a new user client passes before the client gets it (apple-semantics.md §9,
 * "DriverKit entitlement check"; contract.md §4). A refusal names the files to edit: the app's entitlements (its
 * {@code META-INF/iokit4j/Entitlements.plist}, or wherever its task's came from) and the dext's
 * {@code Entitlements.plist}.
 *
 * <p>Access is granted when any of these holds: the dext has {@value #ALLOW_ANY} = true; the app's
 * {@value #USERCLIENT_ACCESS} array lists the dext's bundle identifier; the app has
 * {@value #DRIVER_ACCESS}; or (iPadOS style) the app has {@value #COMMUNICATES} = true and the dext has
 * {@value #ALLOW_THIRD_PARTY}. Then the user client's {@code IOServiceDEXTEntitlements} must be held by the app.
 *
 * <p><b>Concurrency.</b> Stateless.
 */
public final class Entitlements {
    /** The dext lets any app open it (macOS). */
    public static final String ALLOW_ANY = "com.apple.developer.driverkit.allow-any-userclient-access";
    /** The app's list of dext bundle identifiers it may open (macOS). */
    public static final String USERCLIENT_ACCESS = "com.apple.developer.driverkit.userclient-access";
    /** The app may talk to drivers (iPadOS). */
    public static final String COMMUNICATES = "com.apple.developer.driverkit.communicates-with-drivers";
    /** The dext accepts apps of other teams (iPadOS). */
    public static final String ALLOW_THIRD_PARTY = "com.apple.developer.driverkit.allow-third-party-userclients";
    /** Apple-private: access to any driver. */
    public static final String DRIVER_ACCESS = "com.apple.private.driverkit.driver-access";
    /** A user client's extra entitlements the app must hold. */
    public static final String DEXT_ENTITLEMENTS = "IOServiceDEXTEntitlements";

    private Entitlements() {
    }

    /**
     * The app side of a check.
     *
     * @param name         the app's task name.
     * @param entitlements the task's entitlements.
     * @param source       where they come from, in words (a file to edit, e.g. the app's
     *                     {@code META-INF/iokit4j/Entitlements.plist}).
     */
    public record App(String name, Map<String, Object> entitlements, String source) {
    }

    /**
     * Checks an app against a dext.
     *
     * @param app                  the app: its task name, entitlements and where they come from.
     * @param bundleID             the dext's bundle identifier.
     * @param dext                 the dext's entitlements.
     * @param dextFile             where the dext's entitlements are read from ({@code Entitlements.plist} beside
     *                             its {@code Info.plist}), named in the refusal.
     * @param userClientProperties the personality's {@code UserClientProperties}, or {@code null}.
     * @return {@code null} if the app may open the user client, else {@code kIOReturnNotPermitted} with the fix
     *         and the files to edit.
     */
    public static Failure check(App app, String bundleID, Map<String, Object> dext, String dextFile,
                                Map<String, Object> userClientProperties) {
        final Map<String, Object> held = app.entitlements();
        final boolean granted = Boolean.TRUE.equals(dext.get(ALLOW_ANY))
                || held.get(DRIVER_ACCESS) != null && !Boolean.FALSE.equals(held.get(DRIVER_ACCESS))
                || held.get(USERCLIENT_ACCESS) instanceof List<?> ids && ids.contains(bundleID)
                || Boolean.TRUE.equals(held.get(COMMUNICATES)) && Boolean.TRUE.equals(dext.get(ALLOW_THIRD_PARTY));
        if (!granted) {
            return Failure.of(kIOReturnNotPermitted, "UC failed userclient-access check, needed bundle ID %s: the app"
                    + " '%s' does not list %s in its %s entitlement, and the dext does not have %s = true. Add one of"
                    + " them: <key>%s</key><array><string>%s</string></array> to %s, or <key>%s</key><true/> to the"
                    + " dext's %s (docs/kernel-and-bundles.md, \"Entitlements\")", bundleID, app.name(), bundleID,
                    USERCLIENT_ACCESS, ALLOW_ANY, USERCLIENT_ACCESS, bundleID, app.source(), ALLOW_ANY, dextFile);
        }
        final Object required = userClientProperties.get(DEXT_ENTITLEMENTS);
        if (required != null && !holds(held, required)) {
            return Failure.of(kIOReturnNotPermitted, "the user client requires %s = %s (IOServiceDEXTEntitlements)"
                    + " and the app '%s' does not hold them: add them to %s (docs/kernel-and-bundles.md,"
                    + " \"Entitlements\")", DEXT_ENTITLEMENTS, required, app.name(), app.source());
        }
        return null;
    }

    /** A string: that entitlement; a list of strings: all of them; a list of lists: any one group. */
    private static boolean holds(Map<String, Object> app, Object required) {
        if (required instanceof String name) {
            return app.get(name) != null && !Boolean.FALSE.equals(app.get(name));
        }
        if (required instanceof List<?> list && !list.isEmpty() && list.getFirst() instanceof List<?>) {
            return list.stream().anyMatch(group -> holds(app, group));
        }
        if (required instanceof List<?> list) {
            return list.stream().allMatch(name -> holds(app, name));
        }
        return Boolean.FALSE.equals(required);
    }
}
