package io.gmgw.cli.otp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.cli.GmgwRun;
import io.gmgw.gateway.otp.OtpPolicy;
import io.gmgw.testing.SecretFiles;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gmgw otp} over a token store with a {@code file:} seed key: import of a seed file made with OpenSSL,
 * assign, show, resync with the token's real passwords, unlock, remove, soft tokens shown once; bad files and keys
 * refused with their line, exit code and audit line.
 */
class OtpCommandTest {
    @TempDir
    Path dir;
    Path log;
    String store;
    String key;

    @BeforeEach
    void setUp() throws Exception {
        log = dir.resolve("audit.log");
        store = dir.resolve("otp").toString();
        key = "file:" + dir.resolve("otp-seed.key");
        try (InputStream in = OtpCommandTest.class.getResourceAsStream("/otp/vendor-seeds.txt")) {
            Files.write(dir.resolve("vendor-seeds.txt"), in.readAllBytes());
        }
        SecretFiles.write(dir.resolve("transport.key"), "000102030405060708090a0b0c0d0e0f\n");
        GmgwRun r = otp("seed-key", "--seed-key", key);
        assertEquals(0, r.exitCode(), r.toString());
    }

    GmgwRun otp(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "otp";
        System.arraycopy(args, 0, all, 1, args.length);
        return GmgwRun.withAuditLog(log, null, all);
    }

    GmgwRun onStore(String... args) {
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--store";
        all[args.length + 1] = store;
        all[args.length + 2] = "--seed-key";
        all[args.length + 3] = key;
        return otp(all);
    }

    String audit() throws Exception {
        return Files.readString(log);
    }

    @Test
    void anImportedTokenIsAssignedShownResynchronisedUnlockedAndRemoved() throws Exception {
        GmgwRun imported = onStore("import", dir.resolve("vendor-seeds.txt").toString(), "--transport-key",
                dir.resolve("transport.key").toString());
        assertEquals(0, imported.exitCode(), imported.toString());
        assertTrue(imported.out().contains("Imported 1 token from "), imported.out());
        assertTrue(audit().contains("\"event\":\"otp.import\",\"outcome\":\"success\""), audit());

        assertEquals(0, onStore("assign", "EV0001", "bob").exitCode());
        GmgwRun show = onStore("show", "@bob", "--json");
        assertEquals(0, show.exitCode(), show.toString());
        assertTrue(show.out().contains("\"serial\" : \"EV0001\""), show.out());
        assertTrue(show.out().contains("\"nextCounter\" : 0"), show.out());

        // counters 5 and 6 of the token (Python's SM3): found 5 presses ahead, the counter moves past the second
        GmgwRun resync = onStore("resync", "EV0001", "380641", "456964");
        assertEquals(0, resync.exitCode(), resync.toString());
        assertTrue(resync.out().contains("next counter 7"), resync.out());
        GmgwRun again = onStore("resync", "EV0001", "380641", "456964");
        assertEquals(1, again.exitCode(), "spent passwords: " + again);
        assertTrue(again.err().contains("nothing changed"), again.err());
        assertTrue(audit().contains("\"event\":\"otp.resync\",\"outcome\":\"failure\""));

        GmgwRun unlock = onStore("unlock", "EV0001");
        assertEquals(0, unlock.exitCode(), unlock.toString());
        assertTrue(audit().contains("\"event\":\"otp.unlock\""));

        GmgwRun list = onStore("list");
        assertTrue(list.out().matches("(?s).*EV0001 +bob +sm3/event/6 +active.*"), list.out());
        assertEquals(0, onStore("assign", "EV0001", "--none").exitCode());
        assertEquals(0, onStore("remove", "EV0001").exitCode());
        GmgwRun gone = onStore("show", "EV0001");
        assertEquals(67, gone.exitCode(), gone.toString());
        assertTrue(gone.err().contains("no token EV0001"), gone.err());
        assertTrue(audit().contains("\"event\":\"otp.token-remove\""));
    }

    @Test
    void aSoftTokenShowsItsSeedOnceAndNeverAgain() throws Exception {
        GmgwRun created = onStore("create", "SOFT0001", "--user", "alice", "--json");
        assertEquals(0, created.exitCode(), created.toString());
        String seed = created.out().replaceAll("(?s).*\"seedBase32\" : \"([A-Z2-7]+)\".*", "$1");
        assertEquals(26, seed.length(), created.out());
        assertTrue(created.out().contains("otpauth://gmtotp/gmgw:alice%20%28SOFT0001%29?secret=" + seed));
        assertFalse(onStore("show", "SOFT0001", "--json").out().contains(seed));
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertFalse(Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1).contains(seed), f + "");
            }
        }
        GmgwRun twice = onStore("create", "SOFT0001");
        assertEquals(73, twice.exitCode(), twice.toString());
        GmgwRun secondUser = onStore("create", "SOFT0002", "--user", "alice");
        assertEquals(69, secondUser.exitCode(), secondUser.toString());
    }

    @Test
    void badSeedFilesAndKeysAreRefusedWithWhatToDo() throws Exception {
        Files.writeString(dir.resolve("bad.txt"), "gmgw-otp-seeds 1\nEV0009 sm3 event 6 60 0 sm4-cbc:00\n");
        GmgwRun bad = onStore("import", dir.resolve("bad.txt").toString(), "--transport-key",
                dir.resolve("transport.key").toString());
        assertEquals(4, bad.exitCode(), bad.toString());
        assertTrue(bad.err().contains("line 2: token EV0009 has no time factor but an interval '60'"), bad.err());
        assertTrue(audit().contains("\"event\":\"otp.import\",\"outcome\":\"failure\""));

        SecretFiles.write(dir.resolve("other.key"), "ffffffffffffffffffffffffffffffff\n");
        GmgwRun wrongKey = onStore("import", dir.resolve("vendor-seeds.txt").toString(), "--transport-key",
                dir.resolve("other.key").toString());
        assertEquals(65, wrongKey.exitCode(), wrongKey.toString());
        assertTrue(wrongKey.err().contains("does not decrypt"), wrongKey.err());
        assertEquals("", onStore("list", "--json").out().replaceAll("(?s).*\"tokens\" : \\[ \\].*", ""),
                "nothing imported");

        GmgwRun otherSeedKey = otp("list", "--store", store, "--seed-key", "file:" + dir.resolve("missing.key"));
        assertEquals(78, otherSeedKey.exitCode(), otherSeedKey.toString());
        assertTrue(otherSeedKey.err().contains("cannot read token seed key"), otherSeedKey.err());
        GmgwRun noStore = otp("list", "--store", dir.resolve("typo").toString(), "--seed-key", key);
        assertEquals(78, noStore.exitCode(), noStore.toString());
        assertTrue(noStore.err().contains("no token store at "), noStore.err());
        assertFalse(Files.exists(dir.resolve("typo")), "a read command creates no store");
        GmgwRun kept = otp("seed-key", "--seed-key", key);
        assertEquals(73, kept.exitCode(), kept.toString());
    }

    @Test
    void theHelpStatesTheDefaultDriftBound() {
        assertEquals(OtpPolicy.DEFAULT.maxDriftSteps(), OtpResyncCommand.DRIFT);
    }
}
