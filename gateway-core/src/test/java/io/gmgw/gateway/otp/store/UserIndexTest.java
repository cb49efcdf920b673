package io.gmgw.gateway.otp.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.audit.Actor;
import io.gmgw.audit.Audit;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.crypto.otp.OtpAlgorithm;
import io.gmgw.crypto.otp.OtpProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The token store's user index: a login's lookup reads the index and one token file (a damaged file of another user's
 * token does not matter), the index follows add, assign and remove, and one that is missing, damaged, names other
 * serials than the folder holds, or names a token that is not the user's is rebuilt from the token files.
 */
class UserIndexTest {
    static final CryptoModule MODULE = TestModules.deterministic("otp-index");
    static final OtpProfile TIME = OtpProfile.timeBased(OtpAlgorithm.SM3);
    static final byte[] SEED = HexFormat.of().parseHex("8f1e2d3c4b5a69788796a5b4c3d2e1f0");

    @TempDir
    Path tmp;
    final Audit audit = new Audit(e -> { }, Clock.fixed(Instant.ofEpochSecond(1_800_000_000L), ZoneOffset.UTC),
            new Actor("root", 0, "gw1", 1, "gmgw otp"), Map.of());
    TokenStore store;

    @BeforeEach
    void threeTokens() throws IOException {
        store = open();
        store.add("GM0001", TIME, SEED.clone(), Optional.of("alice"), 0, "test");
        store.add("GM0002", TIME, SEED.clone(), Optional.of("bob"), 0, "test");
        store.add("GM0003", TIME, SEED.clone(), Optional.empty(), 0, "test");
    }

    TokenStore open() throws IOException {
        Path key = tmp.resolve("seed.key");
        return TokenStore.open(tmp.resolve("tokens"), Files.exists(key) ? Sm4SeedKey.fromFile(MODULE, key)
                : Sm4SeedKey.generate(MODULE, key), audit);
    }

    Path index() {
        return tmp.resolve("tokens").resolve(UserIndex.FILE);
    }

    UserIndex.Snapshot onDisk() throws IOException {
        return UserIndex.decode(Files.readAllBytes(index())).orElseThrow();
    }

    @Test
    void aLookupReadsTheIndexAndOneTokenFile() throws IOException {
        Files.writeString(tmp.resolve("tokens/GM0002.token"), "not a token"); // bob's file, damaged
        assertEquals("GM0001", store.forUser("alice").orElseThrow().serial());
        assertTrue(store.forUser("carol").isEmpty());
    }

    @Test
    void theIndexFollowsAddAssignAndRemove() throws IOException {
        assertEquals(new UserIndex.Snapshot(Set.of("GM0001", "GM0002", "GM0003"), Map.of("alice", "GM0001", "bob",
                "GM0002")), onDisk());
        store.assign("GM0002", Optional.of("carol"), "root");
        store.assign("GM0003", Optional.of("bob"), "root");
        assertEquals(Map.of("alice", "GM0001", "carol", "GM0002", "bob", "GM0003"), onDisk().users());
        store.assign("GM0001", Optional.empty(), "root");
        store.remove("GM0002", "root");
        assertEquals(new UserIndex.Snapshot(Set.of("GM0001", "GM0003"), Map.of("bob", "GM0003")), onDisk());
        assertTrue(store.forUser("alice").isEmpty());
        assertTrue(store.forUser("carol").isEmpty());
        assertEquals("GM0003", store.forUser("bob").orElseThrow().serial());
        assertEquals(UserIndex.Snapshot.of(store.list()), onDisk());
    }

    @Test
    void aMissingOrDamagedIndexIsRebuiltWhenTheStoreOpens() throws IOException {
        UserIndex.Snapshot good = onDisk();
        Files.delete(index());
        assertEquals(good, onDisk(open()));
        Files.writeString(index(), "{\"format\":\"gmgw-otp-users-1\",\"serials\":[");
        assertEquals(good, onDisk(open()));
    }

    @Test
    void aTokenFileRestoredByHandIsFoundAtTheNextOpen() throws IOException {
        byte[] bobs = Files.readAllBytes(tmp.resolve("tokens/GM0002.token"));
        store.remove("GM0002", "root");
        Files.write(tmp.resolve("tokens/GM0002.token"), bobs); // from a backup, behind the store's back
        assertEquals("GM0002", open().forUser("bob").orElseThrow().serial());
    }

    @Test
    void anIndexThatNamesSomeoneElsesTokenIsRebuilt() throws IOException {
        // as a crash between the index write and the token file's leaves it: alice's pair points at bob's token
        Files.write(index(), UserIndex.encode(new UserIndex.Snapshot(Set.of("GM0001", "GM0002", "GM0003"),
                Map.of("alice", "GM0002", "bob", "GM0002"))));
        assertEquals("GM0001", store.forUser("alice").orElseThrow().serial());
        assertEquals(Map.of("alice", "GM0001", "bob", "GM0002"), onDisk().users());
        // and a pair whose token file is gone
        Files.write(index(), UserIndex.encode(new UserIndex.Snapshot(Set.of("GM0001", "GM0002", "GM0003", "GM0009"),
                Map.of("alice", "GM0001", "bob", "GM0002", "dave", "GM0009"))));
        assertTrue(store.forUser("dave").isEmpty());
        assertEquals(Set.of("GM0001", "GM0002", "GM0003"), onDisk().serials());
    }

    @Test
    void aUserStillHoldsAtMostOneTokenThroughTheIndex() throws IOException {
        Files.delete(index());
        org.junit.jupiter.api.Assertions.assertThrows(io.gmgw.gateway.GatewayException.class,
                () -> store.assign("GM0003", Optional.of("alice"), "root"));
        org.junit.jupiter.api.Assertions.assertThrows(io.gmgw.gateway.GatewayException.class,
                () -> store.add("GM0004", TIME, SEED.clone(), Optional.of("bob"), 0, "test"));
        assertEquals(Set.of("GM0001", "GM0002", "GM0003"), onDisk().serials());
    }

    private UserIndex.Snapshot onDisk(TokenStore opened) throws IOException {
        opened.close();
        return onDisk();
    }
}
