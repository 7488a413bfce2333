package org.iokit4j.kerneld;

import java.nio.file.Path;
import java.util.Objects;
import jdk.net.UnixDomainPrincipal;

/**
 * Decides who may use the daemon: the one rule of its security model (docs/kernel-and-bundles.md, "Running the
 * daemon").
 *
 * <p>A peer is admitted only if it runs as the daemon's own user: the user that owns the socket file, which is the
 * user the daemon process runs as (read from the file system, not from {@code user.name}, which a command line can
 * set). Users are compared by name as the OS resolves the peer's uid ({@code SO_PEERCRED}), the same names the
 * entitlements file uses. The socket's 0700 directory and 0600 mode already keep other users out; this check is the
 * second fence, and the one that still holds for {@code root} or a loosened mode. An admitted peer's entitlements are
 * what the daemon's {@link EntitlementsFile} grants that user, never anything the peer says.
 *
 * <p><b>Concurrency.</b> Immutable; {@link #decide} may be called from any thread.
 */
final class PeerAdmission {
    private final String daemonUser;
    private final Path socket;
    private final EntitlementsFile grants;

    /**
     * @param daemonUser the daemon's user name (the socket file's owner).
     * @param socket     the daemon's socket, for explanations.
     * @param grants     the entitlements the daemon grants.
     */
    PeerAdmission(String daemonUser, Path socket, EntitlementsFile grants) {
        this.daemonUser = Objects.requireNonNull(daemonUser, "daemonUser");
        this.socket = Objects.requireNonNull(socket, "socket");
        this.grants = Objects.requireNonNull(grants, "grants");
    }

    /**
     * Decides about the peer whose credentials are {@code credentials}.
     *
     * @param credentials the peer's {@code SO_PEERCRED}, or {@code null} if they could not be read (then the peer is
     *                    refused: nobody is admitted unidentified).
     * @return the admitted peer, or the refusal's explanation.
     */
    Admission decide(UnixDomainPrincipal credentials) {
        if (credentials == null) {
            return Admission.refused("kerneld on " + socket + " could not read this connection's peer credentials"
                    + " (SO_PEERCRED), so it cannot tell who you are and admits only its own user, " + daemonUser);
        }
        final String user = credentials.user().getName();
        final String group = credentials.group().getName();
        if (!daemonUser.equals(user)) {
            return Admission.refused("kerneld on " + socket + " serves only its own user, " + daemonUser + " (the"
                    + " owner of its socket); this connection's peer is user " + user + " (group " + group + ")."
                    + " Start a kerneld of your own as " + user + ". Entitlements are granted by the daemon to the"
                    + " peer's user (here " + grants.describe() + "), never taken from what a client sends.");
        }
        return Admission.admitted(new Peer(user, group, grants.grantedTo(user)));
    }

    /**
     * What {@link #decide} decided: exactly one of the two is non-null.
     *
     * @param peer    the admitted peer, or {@code null} if refused.
     * @param refusal why the peer is refused, or {@code null} if admitted.
     */
    record Admission(Peer peer, String refusal) {
        static Admission admitted(Peer peer) {
            return new Admission(Objects.requireNonNull(peer, "peer"), null);
        }

        static Admission refused(String refusal) {
            return new Admission(null, Objects.requireNonNull(refusal, "refusal"));
        }

        boolean isAdmitted() {
            return peer != null;
        }
    }
}
