package io.gmgw.cli.otp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.audit.Audit;
import io.gmgw.cli.GmgwRun;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.crypto.otp.DynamicPasswords;
import io.gmgw.crypto.otp.OtpProfile;
import io.gmgw.gateway.otp.store.Sm4SeedKey;
import io.gmgw.gateway.otp.store.TokenRecord;
import io.gmgw.gateway.otp.store.TokenStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gmgw otp --config FILE}: the gateway's otp section names the token store and the seed key, and its verifier
 * numbers are the ones resync searches with (a token seven intervals off is found with the default ten and not with
 * the file's five); --store and --seed-key still win; a file without the store, or with errors, exits 78 naming it.
 */
class OtpConfigOptionTest {
    private static final CryptoModule MODULE = TestModules.deterministic("otp-config-option");

    @TempDir
    static Path dir;
    static Path log;

    /** conf/gateway.yaml as shipped (beside the demo's PKI, which it names), with otp: filled in or broken. */
    @BeforeAll
    static void demoAndConfigurations() throws IOException {
        log = dir.resolve("audit.log");
        ok("demo", "--dir", dir.resolve("demo").toString());
        Path conf = Files.createDirectories(dir.resolve("conf/vpn-acls"));
        try (Stream<Path> acls = Files.list(Path.of("..", "conf", "vpn-acls"))) {
            for (Path acl : acls.filter(p -> p.toString().endsWith(".cfg")).toList()) {
                Files.copy(acl, conf.resolve(acl.getFileName()));
            }
        }
        String example = Files.readString(Path.of("..", "conf", "gateway.yaml"));
        write("gateway.yaml", example.replace("# token-store: /var/lib/gmgw/otp", "token-store: ../otp")
                .replace("# seed-key: file:/etc/gmgw/otp-seed.key", "seed-key: file:../otp-seed.key")
                .replace("max-drift-steps: 10", "max-drift-steps: 5"));
        write("no-store.yaml", example);
        write("bad.yaml", example.replace("max-failures: 5", "max-failures: 500"));
        ok("otp", "seed-key", "--seed-key", "file:" + dir.resolve("otp-seed.key"));
    }

    /** A fresh store with alice's time token TIME0001. */
    @BeforeEach
    void store() throws IOException {
        if (Files.isDirectory(dir.resolve("otp"))) {
            try (Stream<Path> files = Files.list(dir.resolve("otp"))) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
        }
        ok("otp", "create", "TIME0001", "--user", "alice", "--store", dir.resolve("otp").toString(), "--seed-key",
                "file:" + dir.resolve("otp-seed.key"));
    }

    @Test
    void theConfigurationNamesTheStoreAndTheSeedKey() {
        GmgwRun list = ok("otp", "list", "--config", conf("gateway.yaml"));
        assertTrue(list.out().matches("(?s).*TIME0001 +alice +sm3/time/6.*"), list.out());
        GmgwRun show = ok("otp", "show", "@alice", "--config", conf("gateway.yaml"), "--json");
        assertTrue(show.out().contains("\"serial\" : \"TIME0001\""), show.out());
    }

    @Test
    void resyncSearchesTheConfiguredDriftAndTheOptionsWin() throws IOException {
        // seven intervals ahead: outside the file's five, inside the default ten
        String first = password(7);
        String second = password(8);
        GmgwRun narrow = GmgwRun.withAuditLog(log, null, "otp", "resync", "TIME0001", first, second, "--config",
                conf("gateway.yaml"));
        assertEquals(1, narrow.exitCode(), narrow::toString);
        assertTrue(narrow.err().contains("within 5 intervals of now"), narrow::toString);
        // --store and --seed-key given with --config win for the store; the policy is still the file's
        GmgwRun elsewhere = GmgwRun.withAuditLog(log, null, "otp", "resync", "TIME0001", first, second, "--config",
                conf("gateway.yaml"), "--store", dir.resolve("nowhere").toString());
        assertEquals(78, elsewhere.exitCode(), elsewhere::toString);
        assertTrue(elsewhere.err().contains("no token store at " + dir.resolve("nowhere")), elsewhere::toString);
        // without --config: the gateway's default window (ten intervals) finds them
        GmgwRun wide = ok("otp", "resync", "TIME0001", first, second, "--store", dir.resolve("otp").toString(),
                "--seed-key", "file:" + dir.resolve("otp-seed.key"));
        assertTrue(wide.out().contains("clock drift"), wide.out());
    }

    @Test
    void aConfigurationWithoutTheStoreOrWithErrorsExits78() {
        GmgwRun noStore = GmgwRun.withAuditLog(log, null, "otp", "list", "--config", conf("no-store.yaml"));
        assertEquals(78, noStore.exitCode(), noStore::toString);
        assertTrue(noStore.err().contains("no-store.yaml has no otp.token-store; set it there"), noStore::toString);
        GmgwRun bad = GmgwRun.withAuditLog(log, null, "otp", "unlock", "TIME0001", "--config", conf("bad.yaml"));
        assertEquals(78, bad.exitCode(), bad::toString);
        assertTrue(bad.err().contains("bad.yaml:"), bad::toString);
        assertTrue(bad.err().contains("max-failures"), bad::toString);
    }

    private String password(int stepsAhead) throws IOException {
        try (TokenStore store = TokenStore.open(dir.resolve("otp"), Sm4SeedKey.fromFile(MODULE,
                dir.resolve("otp-seed.key")), Audit.toLogger(Clock.systemUTC()))) {
            TokenRecord t = store.get("TIME0001").orElseThrow();
            OtpProfile p = t.profile();
            long step = p.timeStep(Clock.systemUTC().instant().getEpochSecond()) + stepsAhead;
            return store.withSeed(t, seed -> new DynamicPasswords(MODULE.sm3(), MODULE.sm4()).password(p, seed,
                    p.factors(step, 0, Optional.empty())));
        }
    }

    private String conf(String name) {
        return dir.resolve("conf").resolve(name).toString();
    }

    private static void write(String name, String text) throws IOException {
        Files.writeString(dir.resolve("conf").resolve(name), text);
    }

    private static GmgwRun ok(String... args) {
        GmgwRun r = GmgwRun.withAuditLog(log, null, args);
        assertEquals(0, r.exitCode(), r::toString);
        return r;
    }

}
