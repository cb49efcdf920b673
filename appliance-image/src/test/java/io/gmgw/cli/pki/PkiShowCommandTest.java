package io.gmgw.cli.pki;

import static io.gmgw.cli.pki.PkiCli.certificate;
import static io.gmgw.cli.pki.PkiCli.fails;
import static io.gmgw.cli.pki.PkiCli.ok;
import static io.gmgw.cli.pki.PkiCli.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.cli.GmgwRun;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.ca.PkiFolder;
import io.gmgw.crypto.core.ModuleState;
import io.gmgw.crypto.key.PrivateKeyPem;
import io.gmgw.crypto.pki.Pem;
import io.gmgw.crypto.pki.Sm2Certificate;
import io.gmgw.crypto.pki.Sm2CertificationRequest;
import io.gmgw.crypto.sm2.Sm2PrivateKey;
import io.gmgw.testing.SecretFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class PkiShowCommandTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path tmp;
    private Path dir;
    private PkiFolder folder;
    private PkiFolder.IssuedFolder gw;

    @BeforeEach
    void init() {
        dir = tmp.resolve("pki");
        folder = PkiCli.init(dir);
        ok("issue", "--dir", dir.toString(), "--server", "gw", "--dns", "gw2.example,127.0.0.1,::1");
        gw = folder.issued("gw");
    }

    @Test
    void aCertificateInThePkiFolderIsShownAndItsChainChecked() {
        Sm2Certificate cert = certificate(gw.certificate(true));
        Sm2Certificate ca = certificate(folder.intermediate().certificate());

        GmgwRun text = ok("show", gw.certificate(true).toString());
        assertTrue(text.out().contains("Subject:          CN=gw"), text::toString);
        assertTrue(text.out().contains("Serial:           " + cert.serialHex()), text::toString);
        assertTrue(text.out().contains("Key usage:        digitalSignature, nonRepudiation"), text::toString);
        assertTrue(text.out().contains("DNS names:        gw, gw2.example\n"), text::toString);
        assertTrue(text.out().contains("IP addresses:     127.0.0.1, ::1\n"), text::toString);
        assertTrue(text.out().contains("SM3 fingerprint:  " + cert.fingerprintSm3(PkiCli.MODULE)), text::toString);
        assertTrue(text.out().contains("Chain: valid for SIGNING use: CN=gw, issued by " + ca.subject()),
                text::toString);
        assertEquals("", text.err());

        JsonNode json = json(ok("show", "--json", gw.certificate(false).toString()));
        assertEquals("certificate", json.get("kind").asString());
        JsonNode c = json.get("certificates").get(0);
        assertEquals(certificate(gw.certificate(false)).serialHex(), c.get("serial").asString());
        assertEquals(List.of("keyEncipherment", "dataEncipherment", "keyAgreement"), strings(c.get("keyUsage")));
        assertEquals(List.of("gw", "gw2.example"), strings(c.get("dnsNames")));
        assertEquals(List.of("127.0.0.1", "::1"), strings(c.get("ipAddresses")));
        assertEquals(HexFormat.of().withUpperCase().formatHex(ca.subjectKeyIdentifier()),
                c.get("authorityKeyId").asString());
        assertFalse(c.get("ca").asBoolean());
        JsonNode check = json.get("chainCheck");
        assertTrue(check.get("valid").asBoolean());
        assertEquals("ENCRYPTION", check.get("purpose").asString());
        assertEquals(folder.root().certificate().toString(), check.get("trustAnchor").asString());
        assertEquals(3, check.get("path").size());
    }

    @Test
    void aChainFileShowsEveryCertificateAndTheCasAreCheckedAsCas() {
        JsonNode chain = json(ok("show", "--json", gw.chain(true).toString()));
        assertEquals(3, chain.get("certificates").size());
        assertTrue(chain.get("certificates").get(1).get("ca").asBoolean());
        assertEquals(0, chain.get("certificates").get(1).get("pathLength").asInt());
        assertTrue(chain.get("certificates").get(2).get("pathLength").isNull());

        JsonNode root = json(ok("show", "--json", folder.root().certificate().toString()));
        assertEquals("CA", root.get("chainCheck").get("purpose").asString());
        assertTrue(root.get("chainCheck").get("valid").asBoolean());
        assertTrue(json(ok("show", "--json", folder.intermediate().chain().toString())).get("chainCheck")
                .get("valid").asBoolean());
    }

    @Test
    void outsideAPkiFolderTheChainIsCheckedOnlyWithDir() throws IOException {
        Path copy = Files.copy(gw.certificate(true), tmp.resolve("copy.pem"));

        GmgwRun unchecked = ok("show", copy.toString());
        assertTrue(unchecked.out().contains("Chain: not checked"), unchecked::toString);
        assertTrue(json(ok("show", "--json", copy.toString())).get("chainCheck").isNull());

        assertTrue(ok("show", "--dir", dir.toString(), copy.toString()).out().contains("Chain: valid"));

        Path other = tmp.resolve("other");
        PkiCli.init(other);
        GmgwRun foreign = fails(2, "show", "--dir", other.toString(), copy.toString());
        assertTrue(foreign.out().contains("Chain: INVALID (UNKNOWN_CA)"), foreign::toString);
        assertTrue(foreign.err().contains("neither a trust anchor nor among"), foreign::toString);

        GmgwRun noCa = fails(74, "show", "--dir", tmp.resolve("nothing").toString(), copy.toString());
        assertTrue(noCa.err().contains("no CA in"), noCa::toString);
    }

    @Test
    void aCrlIsShownWithItsEntriesAndCheckedAgainstItsCa() throws IOException {
        Sm2Certificate revoked = certificate(gw.certificate(true));
        ok("revoke", "--dir", dir.toString(), "--cert", gw.certificate(true).toString(), "--reason", "superseded");

        GmgwRun text = ok("show", folder.intermediate().crl().toString());
        assertTrue(text.out().contains("CRL number:       2"), text::toString);
        assertTrue(text.out().contains(revoked.serialHex() + "  "), text::toString);
        assertTrue(text.out().contains("superseded"), text::toString);
        assertTrue(text.out().contains("Check: valid, signed by the issuing CA"), text::toString);

        JsonNode json = json(ok("show", "--json", folder.root().crl().toString()));
        assertEquals("crl", json.get("kind").asString());
        assertEquals("1", json.get("crlNumber").asString());
        assertEquals(0, json.get("entries").size());
        assertTrue(json.get("check").get("valid").asBoolean());
        assertEquals(folder.root().certificate().toString(), json.get("check").get("issuerCertificate").asString());

        Path copy = Files.copy(folder.intermediate().crl(), tmp.resolve("crl.pem"));
        assertTrue(ok("show", copy.toString()).out().contains("Signature: not checked"));
        Path sameNames = tmp.resolve("same-names");
        PkiCli.init(sameNames);
        GmgwRun forged = fails(2, "show", "--dir", sameNames.toString(), copy.toString());
        assertTrue(forged.err().contains("its signature does not verify with the key of the issuing CA"),
                forged::toString);
        Path otherNames = tmp.resolve("other-names");
        PkiCli.init(otherNames, "--root-subject", "CN=Other Root", "--intermediate-subject", "CN=Other CA");
        GmgwRun foreign = fails(2, "show", "--dir", otherNames.toString(), copy.toString());
        assertTrue(foreign.err().contains("is neither CA of"), foreign::toString);
    }

    @Test
    void anExpiredCrlFailsItsCheckAndEveryChainThroughIt() {
        CryptoModule later = CryptoModule.start(CryptoModule.Options.deterministic(new byte[] {7})
                .clock(Clock.fixed(PkiCli.MODULE.clock().instant().plus(Duration.ofDays(40)), ZoneOffset.UTC)));
        assertEquals(ModuleState.APPROVED, later.state());

        GmgwRun crl = GmgwRun.run(() -> later, "pki", "show", folder.intermediate().crl().toString());
        assertEquals(2, crl.exitCode(), crl::toString);
        assertTrue(crl.err().contains("expired on") && crl.err().contains("gmgw pki crl"), crl::toString);

        GmgwRun cert = GmgwRun.run(() -> later, "pki", "show", gw.certificate(true).toString());
        assertEquals(2, cert.exitCode(), cert::toString);
        assertTrue(cert.out().contains("Chain: INVALID (CRL_EXPIRED)"), cert::toString);
    }

    @Test
    void aRequestIsShownWithItsSelfSignatureCheck() throws IOException {
        Path csr = tmp.resolve("gw.csr");
        ok("csr", "--key", gw.key(true).toString(), "--subject", "CN=gw, O=Example", "--dns", "a.example,192.0.2.5",
                "--out", csr.toString());

        GmgwRun text = ok("show", csr.toString());
        assertTrue(text.out().contains("Self-signature:   valid"), text::toString);
        assertTrue(text.out().contains("IPs asked:        192.0.2.5"), text::toString);
        JsonNode json = json(ok("show", "--json", csr.toString()));
        assertEquals("csr", json.get("kind").asString());
        assertEquals(List.of("a.example"), strings(json.get("requestedDnsNames")));
        assertEquals(List.of("192.0.2.5"), strings(json.get("requestedIpAddresses")));
        assertTrue(json.get("signatureValid").asBoolean());
        assertEquals(HexFormat.of().withUpperCase().formatHex(certificate(gw.certificate(true))
                .subjectKeyIdentifier()), json.get("keyId").asString(), "the same key as the certificate's");

        byte[] der = Sm2CertificationRequest.fromPem(read(csr)).encoded();
        der[der.length - 5] ^= 1;
        Path bad = PkiCli.write(tmp.resolve("bad.csr"), Pem.encode("CERTIFICATE REQUEST", der));
        GmgwRun failed = fails(1, "show", bad.toString());
        assertTrue(failed.out().contains("Self-signature:   INVALID"), failed::toString);
    }

    @Test
    void aKeyShowsItsPublicHalfOnlyAndNeedsItsPasswordWhenEncrypted() throws IOException {
        Sm2PrivateKey key = PrivateKeyPem.read(PkiCli.MODULE, read(gw.key(true)), null, "sign.key.pem");
        String scalar = HexFormat.of().formatHex(key.scalarBytes());
        Sm2Certificate cert = certificate(gw.certificate(true));

        GmgwRun text = ok("show", gw.key(true).toString());
        assertTrue(text.out().contains("Encrypted:        no"), text::toString);
        assertTrue(text.out().contains(HexFormat.of().withUpperCase().formatHex(cert.publicKey().encoded())),
                text::toString);
        JsonNode json = json(ok("show", "--json", gw.key(true).toString()));
        assertEquals("key", json.get("kind").asString());
        assertEquals(HexFormat.of().withUpperCase().formatHex(cert.subjectKeyIdentifier()),
                json.get("keyId").asString());
        for (GmgwRun r : List.of(text, ok("show", "--json", gw.key(true).toString()))) {
            assertFalse(r.out().toLowerCase().contains(scalar), "never the private key");
        }

        Path encrypted = PkiCli.write(tmp.resolve("enc.key.pem"), PrivateKeyPem.writeEncrypted(PkiCli.MODULE, key,
                "pw".toCharArray(), PrivateKeyPem.KeyEncryption.SM4, 1000));
        JsonNode locked = json(ok("show", "--json", encrypted.toString()));
        assertTrue(locked.get("encrypted").asBoolean());
        assertEquals("PBKDF2-HMAC-SM3 (1000 iterations), SM4-CBC", locked.get("encryption").asString());
        assertTrue(locked.get("publicKey").isNull());
        Path pw = SecretFiles.write(tmp.resolve("pw"), "pw");
        JsonNode opened = json(ok("show", "--json", "--password-file", pw.toString(), encrypted.toString()));
        assertEquals(json.get("publicKey").asString(), opened.get("publicKey").asString());
        Path wrong = SecretFiles.write(tmp.resolve("wrong"), "nope");
        assertTrue(fails(77, "show", "--password-file", wrong.toString(), encrypted.toString()).err()
                .contains("does not decrypt"));
    }

    @Test
    void derCertificatesCrlsAndRequestsAreShownToo() {
        Path cert = PkiCli.write(tmp.resolve("x"), "");
        try {
            Files.write(cert, certificate(gw.certificate(true)).encoded());
            Files.write(tmp.resolve("crl.der"), PkiCli.crl(folder.root().crl()).encoded());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertEquals("certificate", json(ok("show", "--json", "--dir", dir.toString(), cert.toString())).get("kind")
                .asString());
        assertEquals("crl", json(ok("show", "--json", tmp.resolve("crl.der").toString())).get("kind").asString());
    }

    @Test
    void whatIsNotACertificateCrlRequestOrKeyIsMalformedInput() throws IOException {
        String cert = read(gw.certificate(true));
        String key = read(gw.key(true));
        List<String> bad = List.of(
                "hello, world\n",
                "",
                "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n-----END PUBLIC KEY-----\n",
                cert + key,
                "-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n",
                "-----BEGIN CERTIFICATE-----\nMIIBAAAA\n-----END CERTIFICATE-----\n",
                "-----BEGIN X509 CRL-----\nMAA=\n-----END X509 CRL-----\n",
                "-----BEGIN PRIVATE KEY-----\nMAA=\n-----END PRIVATE KEY-----\n",
                "-----BEGIN CERTIFICATE-----\n" + cert.lines().skip(1).limit(3).reduce("", (a, b) -> a + b + "\n"));
        for (int i = 0; i < bad.size(); i++) {
            Path file = Files.writeString(tmp.resolve("bad" + i + ".pem"), bad.get(i), StandardCharsets.ISO_8859_1);
            GmgwRun run = PkiCli.run("show", file.toString());
            assertEquals(4, run.exitCode(), "case " + i + ": " + run);
            assertEquals(1, run.err().lines().count(), run::toString);
        }
        assertEquals(74, fails(74, "show", tmp.resolve("absent.pem").toString()).exitCode());
    }

    private static JsonNode json(GmgwRun run) {
        return JSON.readTree(run.out());
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asString()));
        return out;
    }
}
