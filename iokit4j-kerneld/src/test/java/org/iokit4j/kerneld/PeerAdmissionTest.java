package org.iokit4j.kerneld;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import java.util.Map;
import jdk.net.UnixDomainPrincipal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who the daemon admits (contract.md §6, issue 9 deliverable 3: the peer's uid read with SO_PEERCRED, others refused
 * with an explanation, entitlements granted for that user from the daemon's own file), decided on fake principals.
 */
class PeerAdmissionTest {
    private static final Path SOCKET = Path.of("/run/user/1000/iokit4j/kerneld.sock");

    @TempDir
    Path directory;

    @Test
    void shouldAdmitTheDaemonsOwnUserWithTheEntitlementsTheFileGrantsThem() throws Exception {
        final PeerAdmission admission = new PeerAdmission("alice", SOCKET, grants());

        final PeerAdmission.Admission decided = admission.decide(principal("alice", "staff"));

        assertThat(decided.isAdmitted()).isTrue();
        assertThat(decided.refusal()).isNull();
        assertThat(decided.peer()).isEqualTo(new Peer("alice", "staff", Map.of(
                "com.apple.developer.driverkit.userclient-access", List.of("com.example.Driver"))));
    }

    @Test
    void shouldRefuseAnotherUserSayingWhoTheyAreWhoIsAdmittedAndWhereEntitlementsComeFrom() throws Exception {
        final EntitlementsFile grants = grants();
        final PeerAdmission admission = new PeerAdmission("alice", SOCKET, grants);

        final PeerAdmission.Admission decided = admission.decide(principal("mallory", "users"));

        assertThat(decided.isAdmitted()).isFalse();
        assertThat(decided.peer()).isNull();
        assertThat(decided.refusal()).isEqualTo("kerneld on " + SOCKET + " serves only its own user, alice (the owner"
                + " of its socket); this connection's peer is user mallory (group users). Start a kerneld of your"
                + " own as mallory. Entitlements are granted by the daemon to the peer's user (here from its"
                + " --entitlements file " + directory.resolve("e.plist") + "), never taken from what a client sends.");
    }

    @Test
    void shouldRefuseRootToo() {
        final PeerAdmission admission = new PeerAdmission("alice", SOCKET, EntitlementsFile.none());

        final PeerAdmission.Admission decided = admission.decide(principal("root", "root"));

        assertThat(decided.isAdmitted()).isFalse();
        assertThat(decided.refusal()).contains("peer is user root (group root)")
                .contains("here none, as it was started without --entitlements");
    }

    @Test
    void shouldRefuseAPeerWhoseCredentialsCouldNotBeRead() {
        final PeerAdmission admission = new PeerAdmission("alice", SOCKET, EntitlementsFile.none());

        final PeerAdmission.Admission decided = admission.decide(null);

        assertThat(decided.isAdmitted()).isFalse();
        assertThat(decided.refusal()).contains("could not read this connection's peer credentials (SO_PEERCRED)")
                .contains("admits only its own user, alice");
    }

    @Test
    void shouldGrantTheAdmittedUserNothingWithoutAFile() {
        final PeerAdmission admission = new PeerAdmission("alice", SOCKET, EntitlementsFile.none());

        assertThat(admission.decide(principal("alice", "alice")).peer().entitlements()).isEmpty();
    }

    private EntitlementsFile grants() throws Exception {
        final Path file = directory.resolve("e.plist");
        Files.writeString(file, """
                <?xml version="1.0" encoding="UTF-8"?>
                <plist version="1.0"><dict>
                <key>alice</key><dict><key>com.apple.developer.driverkit.userclient-access</key>
                  <array><string>com.example.Driver</string></array></dict>
                <key>mallory</key><dict><key>com.apple.private.driverkit.driver-access</key><true/></dict>
                </dict></plist>
                """);
        return EntitlementsFile.read(file);
    }

    private static UnixDomainPrincipal principal(String user, String group) {
        final UserPrincipal userPrincipal = () -> user;
        final GroupPrincipal groupPrincipal = () -> group;
        return new UnixDomainPrincipal(userPrincipal, groupPrincipal);
    }
}
