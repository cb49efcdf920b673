package io.gmgw.gateway.otp.enrol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.audit.Actor;
import io.gmgw.audit.Audit;
import io.gmgw.audit.AuditEvent;
import io.gmgw.audit.AuditEventType;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.crypto.otp.DynamicPasswords;
import io.gmgw.crypto.otp.IdLayout;
import io.gmgw.crypto.otp.OtpAlgorithm;
import io.gmgw.crypto.otp.OtpFactor;
import io.gmgw.crypto.otp.OtpFactors;
import io.gmgw.crypto.sm4.Sm4Gcm;
import io.gmgw.gateway.otp.store.Sm4SeedKey;
import io.gmgw.gateway.otp.store.TokenStore;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Vendor seed files: the documented format, one clear problem per bad line, all or nothing, audit. */
class SeedFileTest {
    static final CryptoModule MODULE = TestModules.deterministic("otp-seed-file");
    static final byte[] TRANSPORT = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");
    static final byte[] SEED = HexFormat.of().parseHex("8f1e2d3c4b5a69788796a5b4c3d2e1f0");
    static final DynamicPasswords PASSWORDS = new DynamicPasswords(MODULE.sm3(), MODULE.sm4());

    @TempDir
    Path tmp;
    final List<AuditEvent> events = new CopyOnWriteArrayList<>();
    final Audit audit = new Audit(events::add, Clock.systemUTC(), new Actor("root", 0, "gw1", 1, "gmgw otp"), Map.of());

    /** A seed field as a vendor would write it: SM4-GCM under the transport key, bound to the serial. */
    static String gcm(String serial, byte[] seed, byte[] key) {
        byte[] nonce = new byte[12];
        MODULE.random().nextBytes(nonce);
        byte[] out = new byte[12 + seed.length + 16];
        System.arraycopy(nonce, 0, out, 0, 12);
        Sm4Gcm c = MODULE.sm4().gcm(key);
        c.seal(nonce, SeedFile.context(serial), seed, 0, seed.length, out, 12);
        return "sm4-gcm:" + HexFormat.of().formatHex(out);
    }

    static byte[] resource() throws Exception {
        try (InputStream in = SeedFileTest.class.getResourceAsStream("/otp/vendor-seeds.txt")) {
            return in.readAllBytes();
        }
    }

    @Test
    void aFileMadeWithOpenSslReadsAndItsTokenComputesTheIndependentPasswords() throws Exception {
        List<ImportedSeed> seeds = new SeedFile(MODULE).read("vendor-seeds.txt", resource(), TRANSPORT);
        assertEquals(1, seeds.size());
        ImportedSeed s = seeds.get(0);
        assertEquals("EV0001", s.serial());
        assertEquals(4, s.line());
        assertEquals(Set.of(OtpFactor.EVENT), s.profile().factors());
        assertArrayEquals(SEED, s.seed());
        // the passwords Python's hashlib SM3 (OpenSSL 3) gives for counters 0 and 7 (resources/otp/README.md)
        assertEquals("687289", PASSWORDS.password(s.profile(), s.seed(), OtpFactors.event(0)));
        assertEquals("437619", PASSWORDS.password(s.profile(), s.seed(), OtpFactors.event(7)));
        s.close();
        assertArrayEquals(new byte[16], s.seed(), "closed: wiped");
    }

    @Test
    void everyColumnAndOptionIsRead() {
        String file = SeedFile.HEADER + "\n"
                + "T1 sm4 time 8 30 0 " + gcm("T1", SEED, TRANSPORT) + " epoch=946684800\n"
                + "TE.2 sm3 time+event 6 60 42 " + gcm("TE.2", new byte[32], TRANSPORT)
                + " layout=time-and-event-always\n";
        List<ImportedSeed> seeds = new SeedFile(MODULE).read("f", file.getBytes(StandardCharsets.US_ASCII), TRANSPORT);
        assertEquals(OtpAlgorithm.SM4, seeds.get(0).profile().algorithm());
        assertEquals(8, seeds.get(0).profile().digits());
        assertEquals(30, seeds.get(0).profile().intervalSeconds());
        assertEquals(946684800L, seeds.get(0).profile().epochSeconds());
        assertEquals(42, seeds.get(1).firstCounter());
        assertEquals(IdLayout.TIME_AND_EVENT_ALWAYS, seeds.get(1).profile().layout());
        assertEquals(32, seeds.get(1).seed().length);
    }

    @Test
    void eachBadLineIsNamedWithWhatToDo() {
        String file = "# shipment 7\n" + SeedFile.HEADER + "\n"
                + "A1 sm3 time 6 60 0 " + gcm("A1", SEED, TRANSPORT) + "\n"     // good
                + "A2 sha1 time 6 60 0 " + gcm("A2", SEED, TRANSPORT) + "\n"    // line 4: algorithm
                + "A3 sm3 time 6 90 0 " + gcm("A3", SEED, TRANSPORT) + "\n"     // line 5: interval
                + "A4 sm3 event 6 60 0 " + gcm("A4", SEED, TRANSPORT) + "\n"    // line 6: interval without time
                + "A5 sm3 time 6 60 0 8f1e2d3c4b5a69788796a5b4c3d2e1f0\n"        // line 7: clear seed
                + "A6 sm3 time 6 60 0 " + gcm("A7", SEED, TRANSPORT) + "\n"     // line 8: seed of another serial
                + "A1 sm3 time 6 60 0 " + gcm("A1", SEED, TRANSPORT) + "\n"     // line 9: duplicate
                + "A8 sm3 time 6\n";                                            // line 10: short
        SeedFileException e = assertThrows(SeedFileException.class,
                () -> new SeedFile(MODULE).read("shipment-7.txt", file.getBytes(StandardCharsets.US_ASCII), TRANSPORT));
        List<Integer> lines = e.problems().stream().map(SeedFileException.Problem::line).toList();
        assertEquals(List.of(4, 5, 6, 7, 8, 9, 10), lines);
        assertTrue(e.getMessage().startsWith("shipment-7.txt: 7 problems, nothing imported"), e.getMessage());
        assertTrue(e.getMessage().contains("line 4: algorithm 'sha1' of A2 is not sm3 or sm4"), e.getMessage());
        assertTrue(e.getMessage().contains("line 6: token A4 has no time factor but an interval '60'; write '-'"));
        assertTrue(e.getMessage().contains("line 7: the seed of A5 does not start with sm4-gcm: or sm4-cbc:; seeds"
                + " are encrypted under the transport key"));
        assertTrue(e.getMessage().contains("line 8: the seed does not decrypt under the transport key for A6"));
        assertTrue(e.getMessage().contains("line 9: serial A1 appears again (first on line 3)"));
        assertTrue(e.getMessage().contains("line 10: expected 7 fields"));
        assertFalse(e.undecryptable());
    }

    @Test
    void aWrongTransportKeyOpensNoSeed() {
        String file = SeedFile.HEADER + "\nA1 sm3 time 6 60 0 " + gcm("A1", SEED, TRANSPORT) + "\n";
        byte[] other = HexFormat.of().parseHex("ffffffffffffffffffffffffffffffff");
        SeedFileException e = assertThrows(SeedFileException.class,
                () -> new SeedFile(MODULE).read("f", file.getBytes(StandardCharsets.US_ASCII), other));
        assertTrue(e.undecryptable());
        assertThrows(SeedFileException.class, () -> new SeedFile(MODULE).read("f",
                "not a seed file\n".getBytes(StandardCharsets.US_ASCII), TRANSPORT));
        assertThrows(SeedFileException.class, () -> new SeedFile(MODULE).read("f",
                (SeedFile.HEADER + "\n").getBytes(StandardCharsets.US_ASCII), TRANSPORT));
    }

    @Test
    void anImportIsAllOrNothingAndAudited() throws Exception {
        TokenStore store = TokenStore.open(tmp.resolve("tokens"), Sm4SeedKey.generate(MODULE, tmp.resolve("k")), audit);
        String first = SeedFile.HEADER + "\nB1 sm3 time 6 60 0 " + gcm("B1", SEED, TRANSPORT) + "\n";
        SeedImport.run(store, audit, "first.txt", new SeedFile(MODULE).read("first.txt",
                first.getBytes(StandardCharsets.US_ASCII), TRANSPORT), "root");
        String second = SeedFile.HEADER + "\nB2 sm3 time 6 60 0 " + gcm("B2", SEED, TRANSPORT)
                + "\nB1 sm3 time 6 60 0 " + gcm("B1", SEED, TRANSPORT) + "\n";
        List<ImportedSeed> seeds = new SeedFile(MODULE).read("second.txt", second.getBytes(StandardCharsets.US_ASCII),
                TRANSPORT);
        SeedFileException e = assertThrows(SeedFileException.class,
                () -> SeedImport.run(store, audit, "second.txt", seeds, "root"));
        assertTrue(e.getMessage().contains("line 3: token B1 is already in the store; drop the line, or 'gmgw otp"
                + " remove B1' first"), e.getMessage());
        assertEquals(List.of("B1"), store.list().stream().map(r -> r.serial()).toList(), "B2 was not added");
        assertArrayEquals(new byte[16], seeds.get(0).seed(), "the seeds were wiped");

        List<AuditEvent> imports = events.stream().filter(x -> x.event().equals(AuditEventType.OTP_IMPORT.id()))
                .toList();
        assertEquals(2, imports.size());
        assertEquals(io.gmgw.audit.Outcome.SUCCESS, imports.get(0).outcome());
        assertEquals("1", imports.get(0).details().get("tokens"));
        assertEquals(io.gmgw.audit.Outcome.FAILURE, imports.get(1).outcome());
        assertFalse(Files.readString(tmp.resolve("tokens/B1.token")).contains(HexFormat.of().formatHex(SEED)));
    }
}
