package io.gmgw.cli.pki;

import static io.gmgw.cli.pki.PkiCli.certificate;
import static io.gmgw.cli.pki.PkiCli.crl;
import static io.gmgw.cli.pki.PkiCli.fails;
import static io.gmgw.cli.pki.PkiCli.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.cli.GmgwRun;
import io.gmgw.crypto.ca.CrlNumberFile;
import io.gmgw.crypto.ca.PkiFolder;
import io.gmgw.crypto.ca.RevocationIndex;
import io.gmgw.crypto.pki.RevocationReason;
import io.gmgw.crypto.pki.RevokedCertificate;
import io.gmgw.crypto.pki.Sm2Certificate;
import io.gmgw.crypto.pki.Sm2Crl;
import io.gmgw.crypto.sm2.Sm2;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class PkiRevokeAndCrlCommandTest {
    @TempDir
    Path tmp;
    private Path dir;
    private PkiFolder folder;

    @BeforeEach
    void init() {
        dir = tmp.resolve("pki");
        folder = PkiCli.init(dir);
        ok("issue", "--dir", dir.toString(), "--client", "alice");
        ok("issue", "--dir", dir.toString(), "--server", "gw");
    }

    @Test
    void aRevokedCertificateIsOnTheNewCrlAndItsChainCheckSaysRevoked() throws IOException {
        Path aliceSign = folder.issued("alice").certificate(true);
        Sm2Certificate cert = certificate(aliceSign);
        ok("show", aliceSign.toString());

        GmgwRun run = ok("revoke", "--dir", dir.toString(), "--cert", aliceSign.toString(), "--reason",
                "keyCompromise");

        Sm2Crl crl = crl(folder.intermediate().crl());
        assertEquals(BigInteger.TWO, crl.crlNumber().orElseThrow());
        RevokedCertificate entry = crl.find(cert.serialNumber()).orElseThrow();
        assertEquals(RevocationReason.KEY_COMPROMISE, entry.reason());
        assertTrue(crl.isSignedBy(PkiCli.MODULE, certificate(folder.intermediate().certificate()).publicKey(),
                Sm2.defaultUserId()));
        assertEquals(Duration.ofDays(30), Duration.between(crl.thisUpdate(), crl.nextUpdate().orElseThrow()));
        RevocationIndex.Entry indexed = RevocationIndex.load(folder.intermediate().revocations(), "x")
                .find(cert.serialNumber()).orElseThrow();
        assertEquals(entry, indexed.revocation());
        assertEquals("CN=alice", indexed.subject());
        assertEquals(BigInteger.ONE, crl(folder.root().crl()).crlNumber().orElseThrow(), "the root's CRL is untouched");
        assertTrue(run.out().contains("Revoked serial " + cert.serialHex() + " ('CN=alice')"), run::toString);
        assertTrue(run.out().contains("CRL number 2, 1 revoked"), run::toString);

        GmgwRun show = fails(2, "show", aliceSign.toString());
        assertTrue(show.out().contains("Chain: INVALID (REVOKED)"), show::toString);
        assertTrue(show.err().contains("was revoked on " + entry.revocationDate() + " (reason keyCompromise)"),
                show::toString);
        GmgwRun json = fails(2, "show", "--json", aliceSign.toString());
        JsonNode check = JsonMapper.builder().build().readTree(json.out()).get("chainCheck");
        assertFalse(check.get("valid").asBoolean());
        assertEquals("REVOKED", check.get("reason").asString());

        ok("show", folder.issued("alice").certificate(false).toString());
    }

    @Test
    void aSerialMayBeGivenAsOpenSslPrintsIt() {
        Sm2Certificate enc = certificate(folder.issued("gw").certificate(false));
        String hex = enc.serialHex().toLowerCase(Locale.ROOT);
        StringBuilder colons = new StringBuilder();
        for (int i = 0; i < hex.length(); i += 2) {
            colons.append(i == 0 ? "" : ":").append(hex, i, Math.min(i + 2, hex.length()));
        }

        ok("revoke", "--dir", dir.toString(), "--serial", colons.toString(), "--reason", "superseded",
                "--crl-days", "3");

        Sm2Crl crl = crl(folder.intermediate().crl());
        assertEquals(RevocationReason.SUPERSEDED, crl.find(enc.serialNumber()).orElseThrow().reason());
        assertEquals(Duration.ofDays(3), Duration.between(crl.thisUpdate(), crl.nextUpdate().orElseThrow()));
        assertEquals(2, fails(2, "show", folder.issued("gw").chain(false).toString()).exitCode());
    }

    @Test
    void revokingTheIssuingCaGoesOnTheRootsCrlAndBreaksEveryChain() {
        Sm2Certificate ca = certificate(folder.intermediate().certificate());

        ok("revoke", "--dir", dir.toString(), "--cert", folder.intermediate().certificate().toString(), "--reason",
                "cACompromise");

        Sm2Crl rootCrl = crl(folder.root().crl());
        assertEquals(RevocationReason.CA_COMPROMISE, rootCrl.find(ca.serialNumber()).orElseThrow().reason());
        assertEquals(BigInteger.TWO, rootCrl.crlNumber().orElseThrow());
        GmgwRun show = fails(2, "show", folder.issued("gw").certificate(true).toString());
        assertTrue(show.err().contains("'" + ca.subject() + "'"), show::toString);
    }

    @Test
    void revokingAgainWithTheSameReasonChangesNothingAndWithAnotherIsRefused() {
        Path cert = folder.issued("gw").certificate(true);
        ok("revoke", "--dir", dir.toString(), "--cert", cert.toString(), "--reason", "superseded");
        Map<String, String> before = PkiCli.snapshot(dir);

        GmgwRun again = ok("revoke", "--dir", dir.toString(), "--cert", cert.toString(), "--reason", "SUPERSEDED");
        assertTrue(again.out().contains("already revoked"), again::toString);
        assertEquals(before, PkiCli.snapshot(dir));

        GmgwRun other = fails(65, "revoke", "--dir", dir.toString(), "--cert", cert.toString(), "--reason",
                "key-compromise");
        assertTrue(other.err().contains("with reason superseded; a revocation cannot be changed"), other::toString);
        assertEquals(before, PkiCli.snapshot(dir));

        // A run that recorded the revocation but could not write its CRL is completed by the next one.
        Path crl = folder.intermediate().crl();
        PkiCli.write(crl, PkiCli.read(folder.root().crl()));
        GmgwRun repaired = ok("revoke", "--dir", dir.toString(), "--cert", cert.toString(), "--reason", "superseded");
        assertTrue(repaired.out().contains("CRL number 3, 1 revoked"), repaired::toString);
        assertTrue(crl(crl).find(certificate(cert).serialNumber()).isPresent());
    }

    @Test
    void whatThisPkiDidNotIssueCannotBeRevokedHere() {
        Path otherDir = tmp.resolve("other");
        PkiCli.init(otherDir);
        ok("issue", "--dir", otherDir.toString(), "--client", "eve");
        Map<String, String> before = PkiCli.snapshot(dir);

        GmgwRun foreign = fails(65, "revoke", "--dir", dir.toString(), "--cert",
                new PkiFolder(otherDir).issued("eve").certificate(true).toString());
        assertTrue(foreign.err().contains("was not issued by the CAs in " + dir), foreign::toString);

        GmgwRun unknown = fails(65, "revoke", "--dir", dir.toString(), "--serial", "0A1B2C");
        assertTrue(unknown.err().contains("serial A1B2C was not issued by the CAs in " + dir), unknown::toString);
        assertTrue(unknown.err().contains("serials.txt"), unknown::toString);

        String rootSerial = certificate(folder.root().certificate()).serialHex();
        GmgwRun root = fails(65, "revoke", "--dir", dir.toString(), "--serial", rootSerial);
        assertTrue(root.err().contains("root CA's own certificate, which no CRL can revoke"), root::toString);
        assertEquals(before, PkiCli.snapshot(dir));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"--serial=xyz", "--serial=0", "--serial=12 --reason=forgetful",
            "--serial=12 --reason=removeFromCRL", "--serial=12 --crl-days=0", "--serial=12 --cert=x.pem"})
    void badArgumentsAreUsageErrors(String options) {
        List<String> args = new ArrayList<>(List.of("revoke", "--dir", dir.toString()));
        args.addAll(List.of(options.split(" ")));

        assertEquals(64, PkiCli.run(args.toArray(String[]::new)).exitCode(), options);
    }

    @Test
    void aMissingOrMalformedCertificateIsReportedAsSuch() throws IOException {
        assertEquals(74, fails(74, "revoke", "--dir", dir.toString(), "--cert", tmp.resolve("no.pem").toString())
                .exitCode());
        Path garbage = Files.writeString(tmp.resolve("garbage.pem"), "-----BEGIN CERTIFICATE-----\nMIIBAAAA\n"
                + "-----END CERTIFICATE-----\n");
        assertTrue(fails(4, "revoke", "--dir", dir.toString(), "--cert", garbage.toString()).err()
                .contains("garbage.pem"));
        assertEquals(74, fails(74, "revoke", "--dir", tmp.resolve("none").toString(), "--serial", "12").exitCode());
    }

    @Test
    void crlIssuesBothCrlsWithHigherNumbersEachTime() {
        GmgwRun first = ok("crl", "--dir", dir.toString(), "--days", "2");
        assertEquals(BigInteger.TWO, crl(folder.root().crl()).crlNumber().orElseThrow());
        assertEquals(BigInteger.TWO, crl(folder.intermediate().crl()).crlNumber().orElseThrow());
        assertTrue(first.out().contains("issuing CA CRL number 2"), first::toString);
        Sm2Crl c = crl(folder.intermediate().crl());
        assertEquals(Duration.ofDays(2), Duration.between(c.thisUpdate(), c.nextUpdate().orElseThrow()));

        ok("revoke", "--dir", dir.toString(), "--cert", folder.issued("alice").certificate(true).toString());
        ok("crl", "--dir", dir.toString());

        Sm2Crl latest = crl(folder.intermediate().crl());
        assertEquals(BigInteger.valueOf(4), latest.crlNumber().orElseThrow());
        assertEquals(1, latest.revoked().size(), "the revocation stays on every later CRL");
        assertEquals(RevocationReason.UNSPECIFIED, latest.revoked().get(0).reason());
        assertEquals(BigInteger.valueOf(3), crl(folder.root().crl()).crlNumber().orElseThrow());
        assertEquals(64, PkiCli.run("crl", "--dir", dir.toString(), "--days", "0").exitCode());
        assertEquals(64, PkiCli.run("crl", "--dir", dir.toString(), "--ca", "leaf").exitCode());
    }

    @Test
    void withTheRootKeyOfflineTheIssuingCasCrlCanStillBeRenewed() throws IOException {
        Path offline = Files.move(folder.root().key(), tmp.resolve("root.key.pem"));

        GmgwRun both = fails(74, "crl", "--dir", dir.toString());
        assertTrue(both.err().contains("root/ca.key.pem does not exist"), both::toString);
        GmgwRun one = ok("crl", "--dir", dir.toString(), "--ca", "intermediate");

        assertTrue(one.out().contains("issuing CA CRL number 2"), one::toString);
        assertFalse(one.out().contains("root CA CRL"), one::toString);
        assertEquals(BigInteger.ONE, crl(folder.root().crl()).crlNumber().orElseThrow());
        Files.move(offline, folder.root().key());
        ok("crl", "--dir", dir.toString(), "--ca", "root", "--days", "365");
        assertEquals(BigInteger.TWO, crl(folder.root().crl()).crlNumber().orElseThrow());
    }

    @Test
    void concurrentCrlRunsNeverShareANumber() throws Exception {
        int runs = 5;
        ExecutorService pool = Executors.newFixedThreadPool(runs);
        List<Future<GmgwRun>> results = new ArrayList<>();
        try {
            for (int i = 0; i < runs; i++) {
                results.add(pool.submit(() -> PkiCli.run("crl", "--dir", dir.toString())));
            }
            Set<String> numbers = new HashSet<>();
            for (Future<GmgwRun> f : results) {
                GmgwRun r = f.get();
                assertEquals(0, r.exitCode(), r::toString);
                String line = r.out().lines().filter(l -> l.contains("issuing CA CRL number")).findFirst()
                        .orElseThrow();
                assertTrue(numbers.add(line.replaceAll(".*CRL number (\\d+),.*", "$1")), "number twice: " + numbers);
            }
            assertEquals(Set.of("2", "3", "4", "5", "6"), numbers);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(BigInteger.valueOf(6), CrlNumberFile.last(folder.intermediate().crlNumber()));
        assertEquals(BigInteger.valueOf(6), crl(folder.intermediate().crl()).crlNumber().orElseThrow());
    }

    @Test
    void aDamagedStateFileIsMalformedInputNamedByFileAndLine() throws IOException {
        Path index = folder.intermediate().revocations();
        String intact = Files.readString(index);
        Files.writeString(index, "# header\n1234\tyesterday\tkeyCompromise\tCN=x\n");

        GmgwRun run = fails(4, "crl", "--dir", dir.toString());
        assertTrue(run.err().contains(index + " line 2 'yesterday' is not an ISO 8601 date"), run::toString);

        Files.writeString(index, intact);
        Files.writeString(folder.intermediate().crlNumber(), "seven\n");
        GmgwRun number = fails(4, "revoke", "--dir", dir.toString(), "--cert",
                folder.issued("gw").certificate(true).toString());
        assertTrue(number.err().contains("crlnumber line 1 'seven' is not a non-negative decimal number"),
                number::toString);

        Files.delete(folder.intermediate().serials());
        GmgwRun ledger = fails(74, "issue", "--dir", dir.toString(), "--server", "x");
        assertTrue(ledger.err().contains("serials.txt is missing"), ledger::toString);
    }
}
