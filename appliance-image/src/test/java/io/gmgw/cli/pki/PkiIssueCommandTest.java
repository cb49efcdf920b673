package io.gmgw.cli.pki;

import static io.gmgw.cli.pki.PkiCli.certificate;
import static io.gmgw.cli.pki.PkiCli.certificates;
import static io.gmgw.cli.pki.PkiCli.crl;
import static io.gmgw.cli.pki.PkiCli.fails;
import static io.gmgw.cli.pki.PkiCli.ok;
import static io.gmgw.cli.pki.PkiCli.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.cli.GmgwRun;
import io.gmgw.crypto.Bytes;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.crypto.ca.PkiFolder;
import io.gmgw.crypto.ca.SerialLedgerFile;
import io.gmgw.crypto.key.KeyHandle;
import io.gmgw.crypto.key.KeyOptions;
import io.gmgw.crypto.key.KeyProviders;
import io.gmgw.crypto.key.PasswordSource;
import io.gmgw.crypto.key.PrivateKeyPem;
import io.gmgw.crypto.pki.CertificatePurpose;
import io.gmgw.crypto.pki.CertificateVerifier;
import io.gmgw.crypto.pki.DistinguishedNames;
import io.gmgw.crypto.pki.ExtendedKeyUsages;
import io.gmgw.crypto.pki.KeyUsage;
import io.gmgw.crypto.pki.RevocationPolicy;
import io.gmgw.crypto.pki.Sm2Certificate;
import io.gmgw.crypto.pki.Sm2CertificationRequest;
import io.gmgw.crypto.sm2.Sm2PrivateKey;
import io.gmgw.testing.SecretFiles;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PkiIssueCommandTest {
    @TempDir
    Path tmp;
    private Path dir;
    private PkiFolder folder;

    @BeforeEach
    void init() {
        dir = tmp.resolve("pki");
        folder = PkiCli.init(dir);
    }

    @Test
    void aServerPairHasTheRightUsagesNamesAndFiles() throws IOException {
        GmgwRun run = ok("issue", "--dir", dir.toString(), "--server", "VPN.example.com", "--dns",
                "vpn2.example.com,10.0.0.1", "--dns", "vpn3.example.com", "--days", "90");
        PkiFolder.IssuedFolder issued = folder.issued("VPN.example.com");
        Sm2Certificate sign = certificate(issued.certificate(true));
        Sm2Certificate enc = certificate(issued.certificate(false));

        assertEquals(EnumSet.of(KeyUsage.DIGITAL_SIGNATURE, KeyUsage.NON_REPUDIATION), sign.keyUsage());
        assertEquals(EnumSet.of(KeyUsage.KEY_ENCIPHERMENT, KeyUsage.DATA_ENCIPHERMENT, KeyUsage.KEY_AGREEMENT),
                enc.keyUsage());
        for (Sm2Certificate c : List.of(sign, enc)) {
            assertEquals(DistinguishedNames.commonName("VPN.example.com"), c.subject());
            assertEquals(List.of("vpn.example.com", "vpn2.example.com", "vpn3.example.com"), c.dnsNames());
            assertEquals(List.of("10.0.0.1"), c.ipAddresses(), "an IP address is an iPAddress name, not a dNSName");
            assertEquals(Duration.ofDays(90), Duration.between(c.notBefore(), c.notAfter()));
            assertFalse(c.isCa());
        }
        assertTrue(run.out().contains("DNS vpn.example.com vpn2.example.com vpn3.example.com, IP 10.0.0.1, valid"),
                run::toString);
        assertFalse(sign.publicKey().equals(enc.publicKey()), "two keys");
        assertFalse(sign.serialNumber().equals(enc.serialNumber()));

        CertificateVerifier verifier = verifier();
        assertTrue(verifier.verify(sign, CertificatePurpose.SIGNING).isValid());
        assertTrue(verifier.verify(enc, CertificatePurpose.ENCRYPTION).isValid());
        assertFalse(verifier.verify(enc, CertificatePurpose.SIGNING).isValid(), "usages are not interchangeable");

        Sm2Certificate ca = certificate(folder.intermediate().certificate());
        Sm2Certificate root = certificate(folder.root().certificate());
        for (boolean signing : new boolean[] {true, false}) {
            Sm2Certificate leaf = signing ? sign : enc;
            assertEquals(List.of(leaf, ca, root), certificates(issued.chain(signing)));
            assertEquals("rw-------", mode(issued.key(signing)));
            assertTrue(read(issued.key(signing)).startsWith("-----BEGIN PRIVATE KEY-----"));
            // What a gateway does with --sign-key FILE: the file: provider finds the chain beside the key.
            try (KeyHandle key = KeyProviders.load(PkiCli.MODULE).open(issued.key(signing).toString(),
                    KeyOptions.none())) {
                assertEquals(List.of(leaf, ca, root), key.certificateChain());
                byte[] message = "hello".getBytes();
                assertTrue(PkiCli.MODULE.sm2().verify(leaf.publicKey(), message, key.sign(message)));
            }
        }
        assertEquals("rwx------", mode(issued.directory()));

        Map<BigInteger, SerialLedgerFile.Entry> ledger = new java.util.HashMap<>();
        SerialLedgerFile.load(folder.intermediate().serials(), "x").entries().forEach(e -> ledger.put(e.serial(), e));
        assertEquals(sign.subject().toString(), ledger.get(sign.serialNumber()).subject());
        assertEquals(enc.notAfter(), ledger.get(enc.serialNumber()).notAfter());

        assertTrue(run.out().contains("Issued a server pair for 'VPN.example.com' in " + issued.directory()),
                run::toString);
        assertTrue(run.out().contains(sign.serialHex()) && run.out().contains(enc.serialHex()), run::toString);
        assertTrue(run.out().contains("--sign-key " + issued.key(true)), run::toString);
        assertTrue(run.err().contains("not encrypted"), run::toString);
    }

    @Test
    void aClientPairHasNoDnsNameUnlessAskedAndMayTakeASubject() {
        ok("issue", "--dir", dir.toString(), "--client", "alice");
        ok("issue", "--dir", dir.toString(), "--client", "bob", "--subject", "CN=Bob, OU=VPN, O=Example, C=CN");

        Sm2Certificate alice = certificate(folder.issued("alice").certificate(true));
        assertEquals(DistinguishedNames.commonName("alice"), alice.subject());
        assertTrue(alice.dnsNames().isEmpty());
        assertEquals(Duration.ofDays(365), Duration.between(alice.notBefore(), alice.notAfter()));
        Sm2Certificate bob = certificate(folder.issued("bob").certificate(false));
        assertEquals(DistinguishedNames.parse("CN=Bob, OU=VPN, O=Example, C=CN"), bob.subject());
        assertTrue(verifier().verify(bob, CertificatePurpose.ENCRYPTION).isValid());
    }

    @Test
    void anAclSignersSigningCertificateNamesTheAclSigningPurpose() {
        GmgwRun run = ok("issue", "--dir", dir.toString(), "--client", "acl-admin", "--acl-signer");
        Sm2Certificate sign = certificate(folder.issued("acl-admin").certificate(true));
        Sm2Certificate enc = certificate(folder.issued("acl-admin").certificate(false));
        assertEquals(List.of(ExtendedKeyUsages.ACL_SIGNING), sign.extendedKeyUsages());
        assertFalse(enc.hasExtendedKeyUsageExtension());
        assertTrue(verifier().verify(sign, List.of(), PkiCli.MODULE.clock().instant(), CertificatePurpose.SIGNING,
                ExtendedKeyUsages.ACL_SIGNING).isValid());
        assertTrue(run.out().contains("extended key usage gmgwAclSigning"), run::toString);
        ok("issue", "--dir", dir.toString(), "--client", "alice");
        assertFalse(certificate(folder.issued("alice").certificate(true)).hasExtendedKeyUsageExtension());
    }

    @Test
    void anIssuedNameIsNeverOverwritten() {
        ok("issue", "--dir", dir.toString(), "--server", "gw");
        Map<String, String> before = PkiCli.snapshot(dir);

        GmgwRun again = fails(73, "issue", "--dir", dir.toString(), "--client", "gw");

        assertTrue(again.err().contains("a pair was already issued into " + dir.resolve("issued/gw")),
                again::toString);
        assertTrue(again.err().contains("--name"), "says how to issue a second pair: " + again);
        assertTrue(again.err().contains("gmgw pki revoke --cert"), "says what to do: " + again);
        assertEquals(before, PkiCli.snapshot(dir), "not even a serial is used");
    }

    @Test
    void withoutACaItSaysHowToMakeOne() {
        Path empty = tmp.resolve("empty");

        GmgwRun run = fails(74, "issue", "--dir", empty.toString(), "--server", "gw");

        assertTrue(run.err().contains("no CA in " + empty), run::toString);
        assertTrue(run.err().contains("gmgw pki init --dir " + empty), run::toString);
        assertFalse(Files.exists(empty));
    }

    @Test
    void newKeysCanBeEncryptedWithAesForOpenSsl() throws IOException {
        Path pw = SecretFiles.write(tmp.resolve("keys.pw"), "key password");
        GmgwRun run = ok("issue", "--dir", dir.toString(), "--server", "gw", "--password-file", pw.toString(),
                "--key-encryption", "AES");
        PkiFolder.IssuedFolder issued = folder.issued("gw");

        assertFalse(run.err().contains("not encrypted"), run::toString);
        assertTrue(read(issued.key(true)).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
        GmgwRun shown = ok("show", issued.key(true).toString());
        assertTrue(shown.out().contains("PBKDF2-HMAC-SHA256 (65536 iterations), AES-256-CBC"), shown::toString);
        try (KeyHandle key = KeyProviders.load(PkiCli.MODULE).open(issued.key(false).toString(),
                KeyOptions.withPassword(PasswordSource.of("key password".toCharArray())))) {
            assertEquals(certificate(issued.certificate(false)).publicKey(), key.publicKey());
        }
        assertEquals(64, PkiCli.run("issue", "--dir", dir.toString(), "--server", "gw2", "--password-file",
                pw.toString(), "--key-encryption", "des").exitCode());
    }

    @Test
    void existingKeysStayWhereTheyAreAndOnlyCertificatesAreWritten() throws IOException {
        Sm2PrivateKey signKey = PkiCli.MODULE.sm2().generateKeyPair().privateKey();
        Sm2PrivateKey encKey = PkiCli.MODULE.sm2().generateKeyPair().privateKey();
        Path keys = Files.createDirectories(tmp.resolve("token"));
        Path signFile = PkiCli.write(keys.resolve("sign.pem"), PrivateKeyPem.write(signKey));
        Path encFile = PkiCli.write(keys.resolve("enc.pem"), PrivateKeyPem.writeEncrypted(PkiCli.MODULE, encKey,
                "pw".toCharArray(), PrivateKeyPem.KeyEncryption.SM4, 1000));
        Path pw = SecretFiles.write(tmp.resolve("pw"), "pw");

        GmgwRun run = ok("issue", "--dir", dir.toString(), "--server", "gw", "--sign-key", signFile.toString(),
                "--enc-key", encFile.toUri().toString(), "--password-file", pw.toString());

        PkiFolder.IssuedFolder issued = folder.issued("gw");
        assertEquals(signKey.publicKey(), certificate(issued.certificate(true)).publicKey());
        assertEquals(encKey.publicKey(), certificate(issued.certificate(false)).publicKey());
        assertFalse(Files.exists(issued.key(true)));
        assertFalse(Files.exists(issued.key(false)));
        assertTrue(Files.exists(issued.chain(true)));
        assertFalse(run.err().contains("not encrypted"), "no key was written: " + run);
        assertTrue(run.out().contains("The keys stay where they are"), run::toString);
    }

    @Test
    void aKeyThatCannotBeOpenedSaysWhy() throws IOException {
        Sm2PrivateKey encKey = PkiCli.MODULE.sm2().generateKeyPair().privateKey();
        Path encFile = PkiCli.write(tmp.resolve("enc.pem"), PrivateKeyPem.writeEncrypted(PkiCli.MODULE, encKey,
                "pw".toCharArray(), PrivateKeyPem.KeyEncryption.SM4, 1000));
        Path signFile = PkiCli.write(tmp.resolve("sign.pem"),
                PrivateKeyPem.write(PkiCli.MODULE.sm2().generateKeyPair().privateKey()));
        Path wrong = SecretFiles.write(tmp.resolve("wrong"), "wrong");
        Path garbage = PkiCli.write(tmp.resolve("garbage.pem"), "-----BEGIN PRIVATE KEY-----\nAAAA\n"
                + "-----END PRIVATE KEY-----\n");
        String[] common = {"issue", "--dir", dir.toString(), "--server", "gw", "--sign-key", signFile.toString()};

        assertTrue(fails(77, concat(common, "--enc-key", encFile.toString())).err().contains("is encrypted"));
        assertTrue(fails(77, concat(common, "--enc-key", encFile.toString(), "--password-file", wrong.toString()))
                .err().contains("does not decrypt"));
        Path readable = Files.writeString(tmp.resolve("readable.pw"), "pw");
        assertTrue(fails(77, concat(common, "--enc-key", encFile.toString(), "--password-file",
                readable.toString())).err().contains("chmod 600 " + readable), "a password file others can read");
        assertTrue(fails(77, concat(common, "--enc-key", encFile.toString(), "--password-source",
                "file:" + wrong)).err().contains("does not decrypt"), "--password-source takes the one secret syntax");
        assertTrue(fails(74, concat(common, "--enc-key", tmp.resolve("absent.pem").toString())).err()
                .contains("does not exist"));
        assertTrue(fails(4, concat(common, "--enc-key", garbage.toString())).err().contains("garbage.pem"));
        assertTrue(fails(4, concat(common, "--enc-key", "pkcs11:token=gw;object=enc")).err()
                .contains("names no module"), "a pkcs11: key without module-path");
        assertFalse(Files.exists(folder.issued("gw").directory()));
    }

    @Test
    void keySourcesMustBeGivenForBothHalvesAndDiffer() throws IOException {
        Path key = PkiCli.write(tmp.resolve("k.pem"),
                PrivateKeyPem.write(PkiCli.MODULE.sm2().generateKeyPair().privateKey()));
        String[] common = {"issue", "--dir", dir.toString(), "--server", "gw"};

        assertTrue(fails(64, concat(common, "--sign-key", key.toString())).err().contains("add --enc-key or --enc-csr"));
        assertTrue(fails(64, concat(common, "--enc-csr", key.toString())).err().contains("add --sign-key or --csr"));
        assertTrue(fails(64, concat(common, "--sign-key", key.toString(), "--enc-key", key.toString())).err()
                .contains("two different keys"));
        assertTrue(fails(64, concat(common, "--sign-key", key.toString(), "--csr", key.toString(), "--enc-key",
                key.toString())).err().contains("not both"));
        assertTrue(fails(64, concat(common, "--sign-key", key.toString(), "--enc-key", key.toString(),
                "--key-encryption", "aes")).err().contains("no key is written"));
        assertFalse(Files.exists(folder.issued("gw").directory()));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"--server=gw --client=gw", "--server=../etc", "--server=a/b", "--client=.hidden",
            "--server=gw --days=0", "--server=gw --days=1826", "--server=bad_host!", "--server=gw --dns=-x.example",
            "--client=alice --subject=nonsense", ""})
    void badArgumentsAreUsageErrorsAndIssueNothing(String options) {
        Map<String, String> before = PkiCli.snapshot(dir);
        List<String> args = new ArrayList<>(List.of("issue", "--dir", dir.toString()));
        if (!options.isEmpty()) {
            args.addAll(List.of(options.split(" ")));
        }

        GmgwRun run = PkiCli.run(args.toArray(String[]::new));

        assertEquals(64, run.exitCode(), run::toString);
        assertTrue(run.err().contains("gmgw pki issue"), run::toString);
        assertEquals(before.keySet(), PkiCli.snapshot(dir).keySet(), run::toString);
    }

    @Test
    void daysBeyondTheIssuingCaAreRefusedWithTheMaximum() {
        GmgwRun run = fails(64, "issue", "--dir", dir.toString(), "--server", "gw", "--days", "1826");

        assertTrue(run.err().contains("would outlive the issuing CA"), run::toString);
        assertTrue(run.err().matches("(?s).*give --days 18\\d\\d or less.*"), run::toString);
    }

    @Test
    void anExpiredIssuingCaIsACertificateProblem() {
        CryptoModule later = CryptoModule.start(CryptoModule.Options.deterministic(new byte[] {9}).clock(
                java.time.Clock.fixed(PkiCli.MODULE.clock().instant().plus(Duration.ofDays(1900)),
                        java.time.ZoneOffset.UTC)));

        GmgwRun run = io.gmgw.cli.GmgwRun.run(() -> later, "pki", "issue", "--dir", dir.toString(), "--server", "gw");

        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().contains("is not valid now"), run::toString);
        assertFalse(Files.exists(folder.issued("gw").directory()));
    }

    @Test
    void requestsGetCertificatesForTheirKeysWithTheCasExtensions() throws IOException {
        Sm2PrivateKey signKey = PkiCli.MODULE.sm2().generateKeyPair().privateKey();
        Sm2PrivateKey encKey = PkiCli.MODULE.sm2().generateKeyPair().privateKey();
        Path signFile = PkiCli.write(tmp.resolve("s.key.pem"), PrivateKeyPem.write(signKey));
        Path encFile = PkiCli.write(tmp.resolve("e.key.pem"), PrivateKeyPem.write(encKey));
        Path signCsr = tmp.resolve("s.csr");
        Path encCsr = tmp.resolve("e.csr");
        GmgwRun csr = ok("csr", "--key", signFile.toString(), "--subject", "CN=carol, O=Example", "--dns",
                "carol.example,evil.example", "--out", signCsr.toString());
        assertTrue(csr.out().contains("Wrote a request for"), csr::toString);
        ok("csr", "--key", encFile.toString(), "--subject", "CN=carol, O=Example", "--out", encCsr.toString());
        Sm2CertificationRequest request = Sm2CertificationRequest.fromPem(read(signCsr));
        assertTrue(request.isSelfSignatureValid(PkiCli.MODULE));
        assertEquals(List.of("carol.example", "evil.example"), request.requestedDnsNames());

        GmgwRun run = ok("issue", "--dir", dir.toString(), "--server", "carol.example", "--csr", signCsr.toString(),
                "--enc-csr", encCsr.toString());

        PkiFolder.IssuedFolder issued = folder.issued("carol.example");
        Sm2Certificate sign = certificate(issued.certificate(true));
        Sm2Certificate enc = certificate(issued.certificate(false));
        assertEquals(signKey.publicKey(), sign.publicKey());
        assertEquals(encKey.publicKey(), enc.publicKey());
        assertEquals(DistinguishedNames.parse("CN=carol, O=Example"), sign.subject());
        assertEquals(List.of("carol.example"), sign.dnsNames(), "the CA decides: evil.example is not granted");
        assertTrue(run.out().contains("not granted") && run.out().contains("evil.example"), run::toString);
        assertEquals(EnumSet.of(KeyUsage.DIGITAL_SIGNATURE, KeyUsage.NON_REPUDIATION), sign.keyUsage());
        assertTrue(verifier().verify(enc, CertificatePurpose.ENCRYPTION).isValid());
        assertFalse(Files.exists(issued.key(true)));
    }

    @Test
    void anAlteredRequestFailsItsSelfSignatureCheckAndAGarbledOneIsMalformed() throws IOException {
        Path keyFile = PkiCli.write(tmp.resolve("k.key.pem"),
                PrivateKeyPem.write(PkiCli.MODULE.sm2().generateKeyPair().privateKey()));
        Path csr = tmp.resolve("k.csr");
        ok("csr", "--key", keyFile.toString(), "--subject", "CN=mallory", "--out", csr.toString());
        byte[] der = Sm2CertificationRequest.fromPem(read(csr)).encoded();
        byte[] subject = "mallory".getBytes();
        int at = Bytes.indexOf(der, subject);
        der[at] = 'M';
        Path altered = PkiCli.write(tmp.resolve("altered.csr"),
                io.gmgw.crypto.pki.Pem.encode("CERTIFICATE REQUEST", der));
        Path garbled = PkiCli.write(tmp.resolve("garbled.csr"), "-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n"
                + "-----END CERTIFICATE REQUEST-----\n");

        GmgwRun bad = fails(1, "issue", "--dir", dir.toString(), "--client", "m", "--csr", altered.toString(),
                "--enc-csr", csr.toString());
        assertTrue(bad.err().contains("self-signature of the request " + altered), bad::toString);
        GmgwRun malformed = fails(4, "issue", "--dir", dir.toString(), "--client", "m", "--csr", garbled.toString(),
                "--enc-csr", csr.toString());
        assertTrue(malformed.err().contains("garbled.csr"), malformed::toString);
        assertFalse(Files.exists(folder.issued("m").directory()));
    }

    @Test
    void csrRefusesToOverwriteAndCanWriteToStandardOutput() throws IOException {
        Path keyFile = PkiCli.write(tmp.resolve("k.key.pem"),
                PrivateKeyPem.write(PkiCli.MODULE.sm2().generateKeyPair().privateKey()));
        Path taken = Files.writeString(tmp.resolve("taken.csr"), "keep me");

        GmgwRun refused = fails(73, "csr", "--key", keyFile.toString(), "--subject", "CN=x", "--out",
                taken.toString());
        assertTrue(refused.err().contains("already exists"), refused::toString);
        assertEquals("keep me", Files.readString(taken));

        GmgwRun stdout = ok("csr", "--key", keyFile.toString(), "--subject", "CN=x", "--out", "-");
        assertTrue(Sm2CertificationRequest.fromPem(stdout.out()).isSelfSignatureValid(PkiCli.MODULE));
        assertEquals(64, PkiCli.run("csr", "--key", keyFile.toString(), "--subject", "CN=x", "--dns", "a..b",
                "--out", "-").exitCode());
        assertEquals(74, PkiCli.run("csr", "--key", tmp.resolve("none.pem").toString(), "--subject", "CN=x",
                "--out", "-").exitCode());
    }

    /**
     * Runs that share the module's seed draw the same random serials, so only the persistent ledger, read and
     * written under the folder's lock, keeps them apart: every pair gets distinct serials and the ledger lists all.
     * (The k-th run finds the first 2(k-1) draws used; the issuer gives up after 8 draws, so 4 runs is the most
     * that can succeed with one seed.) Without the lock, runs read the same ledger and issue the same serials.
     */
    @Test
    void concurrentIssuesUnderTheLockGetDistinctSerials() throws Exception {
        int runs = 4;
        ExecutorService pool = Executors.newFixedThreadPool(runs);
        List<Future<GmgwRun>> results = new ArrayList<>();
        try {
            for (int i = 0; i < runs; i++) {
                String name = "host" + i;
                Callable<GmgwRun> issue = () -> io.gmgw.cli.GmgwRun.run(() -> sameSeed(),
                        "pki", "issue", "--dir", dir.toString(), "--server", name);
                results.add(pool.submit(issue));
            }
            for (Future<GmgwRun> f : results) {
                GmgwRun r = f.get();
                assertEquals(0, r.exitCode(), r::toString);
            }
        } finally {
            pool.shutdownNow();
        }
        Set<BigInteger> serials = new HashSet<>();
        CertificateVerifier verifier = verifier();
        for (int i = 0; i < runs; i++) {
            for (boolean signing : new boolean[] {true, false}) {
                Sm2Certificate c = certificate(folder.issued("host" + i).certificate(signing));
                assertTrue(serials.add(c.serialNumber()), "serial used twice: " + c);
                assertTrue(verifier.verify(c, CertificatePurpose.ANY).isValid());
            }
        }
        Set<BigInteger> ledger = new HashSet<>();
        SerialLedgerFile.load(folder.intermediate().serials(), "x").entries().forEach(e -> ledger.add(e.serial()));
        assertTrue(ledger.containsAll(serials), "every serial is in the ledger: " + ledger + " vs " + serials);
    }

    private static CryptoModule sameSeed() {
        return TestModules.deterministic("same seed for every run");
    }

    private CertificateVerifier verifier() {
        return CertificateVerifier.builder(PkiCli.MODULE)
                .trustAnchor(certificate(folder.root().certificate()))
                .intermediates(List.of(certificate(folder.intermediate().certificate())))
                .crls(List.of(crl(folder.root().crl()), crl(folder.intermediate().crl())))
                .revocationPolicy(RevocationPolicy.REQUIRE)
                .build();
    }

    static String[] concat(String[] a, String... b) {
        List<String> all = new ArrayList<>(List.of(a));
        all.addAll(List.of(b));
        return all.toArray(String[]::new);
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

}
