package io.gmgw.cli.otp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.audit.Actor;
import io.gmgw.audit.Audit;
import io.gmgw.cli.GmgwRun;
import io.gmgw.cli.token.SoftKeyFixture;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.gateway.otp.store.SeedKeys;
import io.gmgw.gateway.otp.store.TokenRecord;
import io.gmgw.gateway.otp.store.TokenStore;
import io.gmgw.pkcs11.token.TokenAbsentException;
import io.gmgw.testing.SecretFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The token store with its seed key in the soft smart key (an SM4 key made by {@code gmgw otp seed-key} inside the
 * token): usable with the token, unusable without it or with a wrong PIN, with a clear error and no seed opened.
 */
class OtpTokenSeedKeyTest {
    private static final CryptoModule MODULE = TestModules.deterministic("otp-token-seed-key");

    @TempDir
    Path dir;
    Path library;
    Path storeDir;
    String uri;

    @BeforeEach
    void setUp() throws Exception {
        library = SoftKeyFixture.library();
        SoftKeyFixture.freshStore("profile = 0x8000\nslots = 1\nuser_pin_retries = 5\n");
        SecretFiles.write(dir.resolve("so.pin"), "so-secret-77\n");
        SecretFiles.write(dir.resolve("user.pin"), "user-secret-42\n");
        SecretFiles.write(dir.resolve("wrong.pin"), "guess-0000\n");
        GmgwRun init = GmgwRun.run(() -> MODULE, "token", "init", "--module", library.toString(), "--slot", "0",
                "--label", "gw", "--so-pin-source", "file:" + dir.resolve("so.pin"), "--pin-source",
                "file:" + dir.resolve("user.pin"));
        assertEquals(0, init.exitCode(), init.toString());
        storeDir = dir.resolve("otp");
        uri = "pkcs11:token=gw;object=otp-seed;type=secret-key?module-path=" + library
                + "&x-monitor-ms=0&pin-source=file:" + dir.resolve("user.pin");
        GmgwRun key = GmgwRun.run(() -> MODULE, "otp", "seed-key", "--seed-key", uri);
        assertEquals(0, key.exitCode(), key.toString());
        assertTrue(key.out().contains("Generated SM4 seed key 'otp-seed'"), key.out());
        GmgwRun again = GmgwRun.run(() -> MODULE, "otp", "seed-key", "--seed-key", uri);
        assertEquals(73, again.exitCode(), "an existing seed key is kept: " + again);
        GmgwRun created = GmgwRun.run(() -> MODULE, "otp", "create", "GM0001", "--user", "alice", "--store",
                storeDir.toString(), "--seed-key", uri);
        assertEquals(0, created.exitCode(), created.toString());
    }

    @AfterEach
    void reinsert() throws Exception {
        Files.deleteIfExists(Path.of(System.getProperty("gmgw.softkey.store")).resolve("slot0").resolve("removed"));
    }

    private void pull() throws Exception {
        Files.writeString(Path.of(System.getProperty("gmgw.softkey.store")).resolve("slot0").resolve("removed"), "");
    }

    @Test
    void withTheTokenTheStoreWorksWithoutItNoSeedOpens() throws Exception {
        Audit audit = new Audit(e -> { }, Clock.systemUTC(), new Actor("root", 0, "gw1", 1, "test"), Map.of());
        try (TokenStore store = TokenStore.open(storeDir, SeedKeys.open(uri, MODULE), audit)) {
            TokenRecord r = store.get("GM0001").orElseThrow();
            assertEquals(16, (int) store.withSeed(r, seed -> seed.length));
            String file = Files.readString(storeDir.resolve("GM0001.token"));
            assertTrue(file.contains("\"sealedSeed\""), file);

            pull();
            AtomicInteger handedOut = new AtomicInteger();
            TokenAbsentException absent = assertThrows(TokenAbsentException.class,
                    () -> store.withSeed(r, seed -> handedOut.incrementAndGet()));
            assertTrue(absent.getMessage().contains("token=gw"), absent.getMessage());
            assertEquals(0, handedOut.get(), "no seed was opened without the token");
        }

        GmgwRun removed = GmgwRun.run(() -> MODULE, "otp", "show", "GM0001", "--store", storeDir.toString(),
                "--seed-key", uri);
        assertEquals(74, removed.exitCode(), removed.toString());
        assertTrue(removed.err().contains("no token matching token=gw"), removed.err());
    }

    @Test
    void aWrongPinOrAnotherKeyOpensNothing() throws Exception {
        String wrongPin = uri.replace("user.pin", "wrong.pin");
        GmgwRun wrong = GmgwRun.run(() -> MODULE, "otp", "resync", "GM0001", "123456", "654321", "--store",
                storeDir.toString(), "--seed-key", wrongPin);
        assertEquals(77, wrong.exitCode(), wrong.toString());
        assertTrue(wrong.err().contains("PIN"), wrong.err());

        // the sealed seeds do not open under a file key, even one holding some SM4 key: they need the token
        SecretFiles.write(dir.resolve("file.key"), "000102030405060708090a0b0c0d0e0f\n");
        GmgwRun other = GmgwRun.run(() -> MODULE, "otp", "resync", "GM0001", "123456", "654321", "--store",
                storeDir.toString(), "--seed-key", "file:" + dir.resolve("file.key"));
        assertEquals(1, other.exitCode(), other.toString());
        assertTrue(other.err().contains("not sealed under a file: key (format 2; 2 is a key in a token)"),
                other.err());
        assertFalse(other.err().contains("resynchronised"));
    }
}
