package org.iokit4j.kerneld;

import java.util.Map;
import java.util.Objects;
import org.iokit4j.kernel.bundle.PlistValues;

/**
 * Who is on the other end of an admitted connection: read with {@code SO_PEERCRED}, never from what the peer says.
 *
 * @param user         the peer process's user name, as the OS resolves its uid (the uid in decimal if it has no
 *                     name).
 * @param group        the peer process's primary group name, resolved the same way.
 * @param entitlements what the daemon grants this user's apps, from its {@code --entitlements} file (empty without
 *                     one): the map a session's task is created with ({@code Kernel.createTask}). Deeply
 *                     unmodifiable; values keep their property-list types ({@code List}, {@code Boolean}, …).
 */
public record Peer(String user, String group, Map<String, Object> entitlements) {

    /** Checks the names and freezes a deep copy of the entitlements. */
    public Peer {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(group, "group");
        entitlements = PlistValues.immutableCopy(entitlements);
    }
}
