package io.gmgw.gateway.otp.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.audit.Actor;
import io.gmgw.audit.Audit;
import io.gmgw.audit.AuditEvent;
import io.gmgw.crypto.Bytes;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.crypto.otp.DynamicPasswords;
import io.gmgw.crypto.otp.OtpAlgorithm;
import io.gmgw.crypto.otp.OtpFactors;
import io.gmgw.crypto.otp.OtpProfile;
import io.gmgw.gateway.GatewayException;
import io.gmgw.gateway.otp.OtpLogins;
import io.gmgw.gateway.otp.OtpOutcome;
import io.gmgw.gateway.otp.OtpPolicy;
import io.gmgw.gateway.otp.OtpVerifier;
import io.gmgw.gateway.otp.TokenState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The token store: seeds sealed at rest, atomic durable state, compare-and-set, audit of every change. */
class TokenStoreTest {
    static final CryptoModule MODULE = TestModules.deterministic("otp-store");
    static final DynamicPasswords PASSWORDS = new DynamicPasswords(MODULE.sm3(), MODULE.sm4());
    static final OtpProfile TIME = OtpProfile.timeBased(OtpAlgorithm.SM3);
    static final byte[] SEED = HexFormat.of().parseHex("8f1e2d3c4b5a69788796a5b4c3d2e1f0");
    static final long NOW = 1_800_000_000L;

    @TempDir
    Path tmp;
    final List<AuditEvent> events = new CopyOnWriteArrayList<>();
    final Clock clock = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
    final Audit audit = new Audit(events::add, clock, new Actor("root", 0, "gw1", 1, "gmgw otp"), Map.of());

    Sm4SeedKey key(String name) throws IOException {
        return Sm4SeedKey.generate(MODULE, tmp.resolve(name));
    }

    TokenStore store(SeedKey key) throws IOException {
        return TokenStore.open(tmp.resolve("tokens"), key, audit);
    }

    @Test
    void noSeedBytesAtRestInAnyEncoding() throws IOException {
        TokenStore store = store(key("seed.key"));
        store.add("GM0001", TIME, SEED.clone(), Optional.of("alice"), 0, "test");
        byte[] file = Files.readAllBytes(store.directory().resolve("GM0001.token"));
        String text = new String(file, StandardCharsets.ISO_8859_1);
        assertFalse(Bytes.contains(file, SEED), "raw seed");
        assertFalse(text.toLowerCase().contains(HexFormat.of().formatHex(SEED)), "hex seed");
        assertFalse(text.contains(Base64.getEncoder().encodeToString(SEED)), "base64 seed");
        assertFalse(text.contains(Base64.getEncoder().withoutPadding().encodeToString(SEED)), "unpadded base64");
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(store.directory().resolve("GM0001.token"))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store.directory())));
    }

    @Test
    void theSeedOpensOnlyUnderItsKeyAndIsWipedAfterUse() throws IOException {
        TokenStore store = store(key("seed.key"));
        TokenRecord r = store.add("GM0001", TIME, SEED.clone(), Optional.empty(), 0, "test");
        byte[][] seen = new byte[1][];
        String password = store.withSeed(r, seed -> {
            seen[0] = seed;
            return PASSWORDS.password(TIME, seed, OtpFactors.time(TIME.timeStep(NOW)));
        });
        assertEquals(PASSWORDS.password(TIME, SEED, OtpFactors.time(TIME.timeStep(NOW))), password);
        assertArrayEquals(new byte[SEED.length], seen[0], "wiped after use");
        TokenStore otherKey = store(key("other.key"));
        GatewayException e = assertThrows(GatewayException.class,
                () -> otherKey.withSeed(otherKey.get("GM0001").orElseThrow(), s -> s));
        assertEquals(GatewayException.Kind.POLICY, e.kind());
    }

    @Test
    void aSeedCopiedIntoAnotherTokensFileDoesNotOpen() throws IOException {
        TokenStore store = store(key("seed.key"));
        TokenRecord a = store.add("GM0001", TIME, SEED.clone(), Optional.empty(), 0, "test");
        store.add("GM0002", TIME, new byte[16], Optional.empty(), 0, "test");
        Path b = store.directory().resolve("GM0002.token");
        String swapped = Files.readString(b).replaceAll("\"sealedSeed\" : \"[^\"]*\"",
                "\"sealedSeed\" : \"" + Base64.getEncoder().encodeToString(a.sealedSeed()) + "\"");
        Files.writeString(b, swapped);
        assertThrows(GatewayException.class, () -> store.withSeed(store.get("GM0002").orElseThrow(), s -> s));
    }

    @Test
    void stateIsReplacedAtomicallyDurablyAndOnlyFromTheStateItWasComputedFrom() throws IOException {
        TokenStore store = store(key("seed.key"));
        store.add("GM0001", TIME, SEED.clone(), Optional.empty(), 0, "test");
        TokenState initial = TokenState.initial(0);
        TokenState next = new TokenState(1, 30_000_000, 0, 1, 0, false);
        assertTrue(store.replace("GM0001", initial, next));
        assertFalse(store.replace("GM0001", initial, new TokenState(1, 29_999_999, 0, 0, 0, false)),
                "computed from a state that is gone");
        TokenStore reopened = store(Sm4SeedKey.fromFile(MODULE, tmp.resolve("seed.key")));
        assertEquals(next, reopened.get("GM0001").orElseThrow().state());
        try (Stream<Path> files = Files.list(store.directory())) {
            assertEquals(List.of(".lock", "GM0001.token", UserIndex.FILE), files.map(p -> p.getFileName()
                    .toString()).sorted().toList(), "no temporary file left");
        }
    }

    @Test
    void loginsThroughTheStoreSurviveARestart() throws IOException {
        Sm4SeedKey key = key("seed.key");
        TokenStore store = store(key);
        store.add("GM0001", TIME, SEED.clone(), Optional.of("alice"), 0, "test");
        String password = PASSWORDS.password(TIME, SEED, OtpFactors.time(TIME.timeStep(NOW)));
        OtpVerifier verifier = new OtpVerifier(PASSWORDS, OtpPolicy.DEFAULT);
        TokenRecord r = store.forUser("alice").orElseThrow();
        OtpLogins.Result first = store.withSeed(r, seed -> new OtpLogins(verifier, store, audit, clock)
                .login("alice", "GM0001", r.profile(), seed, r.state(), password, Optional.empty()));
        assertTrue(first.accepted());
        // a new gateway process, a new store object over the same folder
        TokenStore restarted = store(Sm4SeedKey.fromFile(MODULE, tmp.resolve("seed.key")));
        TokenRecord again = restarted.get("GM0001").orElseThrow();
        OtpLogins.Result replay = restarted.withSeed(again, seed -> new OtpLogins(verifier, restarted, audit, clock)
                .login("alice", "GM0001", again.profile(), seed, again.state(), password, Optional.empty()));
        assertEquals(OtpOutcome.REPLAYED, replay.outcome());
    }

    @Test
    void addAssignRemoveAreAuditedAndSerialsAreUnique() throws IOException {
        TokenStore store = store(key("seed.key"));
        store.add("GM0001", TIME, SEED.clone(), Optional.empty(), 0, "soft token");
        assertEquals("otp.token-add", events.getLast().event());
        assertEquals("soft token", events.getLast().details().get("origin"));
        assertThrows(FileAlreadyExistsException.class,
                () -> store.add("GM0001", TIME, SEED.clone(), Optional.empty(), 0, "test"));
        store.add("GM0002", TIME, SEED.clone(), Optional.empty(), 0, "test");
        store.assign("GM0001", Optional.of("alice"), "root");
        assertEquals("otp.assign", events.getLast().event());
        assertEquals("alice", store.forUser("alice").orElseThrow().user().orElseThrow());
        assertThrows(GatewayException.class, () -> store.assign("GM0002", Optional.of("alice"), "root"),
                "one token per user");
        store.remove("GM0001", "root");
        assertEquals("otp.token-remove", events.getLast().event());
        assertEquals(List.of("GM0002"), store.list().stream().map(TokenRecord::serial).toList());
        assertThrows(IllegalArgumentException.class,
                () -> store.add("../evil", TIME, SEED.clone(), Optional.empty(), 0, "test"));
        assertThrows(IllegalArgumentException.class,
                () -> store.add(".hidden", TIME, SEED.clone(), Optional.empty(), 0, "test"));
    }

    @Test
    void aDamagedFileIsNamedWithWhatToDo() throws IOException {
        TokenStore store = store(key("seed.key"));
        store.add("GM0001", TIME, SEED.clone(), Optional.empty(), 0, "test");
        Files.writeString(store.directory().resolve("GM0001.token"), "{\"format\": \"gmgw-otp-token-1\"}");
        GatewayException e = assertThrows(GatewayException.class, () -> store.get("GM0001"));
        assertTrue(e.getMessage().contains("GM0001.token is damaged"), e.getMessage());
        assertTrue(e.getMessage().contains("restore it from a backup"), e.getMessage());
    }

    @Test
    void aSeedKeyFileReadableByOthersIsRefused() throws IOException {
        key("seed.key").close();
        Files.setPosixFilePermissions(tmp.resolve("seed.key"), PosixFilePermissions.fromString("rw-r--r--"));
        GatewayException e = assertThrows(GatewayException.class,
                () -> Sm4SeedKey.fromFile(MODULE, tmp.resolve("seed.key")));
        assertTrue(e.getMessage().contains("chmod 600"), e.getMessage());
    }
}
