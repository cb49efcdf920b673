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
import io.gmgw.crypto.ca.CrlNumberFile;
import io.gmgw.crypto.ca.PkiFolder;
import io.gmgw.crypto.ca.RevocationIndex;
import io.gmgw.crypto.ca.SerialLedgerFile;
import io.gmgw.crypto.key.KeyHandle;
import io.gmgw.crypto.key.KeyOptions;
import io.gmgw.crypto.key.KeyProviders;
import io.gmgw.crypto.key.PasswordSource;
import io.gmgw.crypto.pki.CertificatePurpose;
import io.gmgw.crypto.pki.CertificateVerifier;
import io.gmgw.crypto.pki.DistinguishedNames;
import io.gmgw.crypto.pki.KeyUsage;
import io.gmgw.crypto.pki.RevocationPolicy;
import io.gmgw.crypto.pki.Sm2Certificate;
import io.gmgw.crypto.pki.Sm2Crl;
import io.gmgw.crypto.sm2.Sm2;
import io.gmgw.testing.SecretFiles;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PkiInitCommandTest {
    @TempDir
    Path tmp;

    @Test
    void createsBothCasTheirCrlsAndStateFilesInTheDocumentedLayout() throws IOException {
        Path dir = tmp.resolve("pki");
        GmgwRun run = ok("init", "--dir", dir.toString());
        PkiFolder f = new PkiFolder(dir);

        Sm2Certificate root = certificate(f.root().certificate());
        Sm2Certificate ca = certificate(f.intermediate().certificate());
        assertEquals(DistinguishedNames.parse(PkiInitCommand.DEFAULT_ROOT_SUBJECT), root.subject());
        assertEquals(root.subject(), root.issuer());
        assertTrue(root.isSignedBy(PkiCli.MODULE, root.publicKey(), Sm2.defaultUserId()), "self-signed");
        assertTrue(root.isCa());
        assertEquals(-1, root.pathLengthConstraint());
        assertEquals(DistinguishedNames.parse(PkiInitCommand.DEFAULT_INTERMEDIATE_SUBJECT), ca.subject());
        assertTrue(ca.isSignedBy(PkiCli.MODULE, root.publicKey(), Sm2.defaultUserId()), "issued by the root");
        assertEquals(0, ca.pathLengthConstraint(), "the issuing CA issues end entities only");
        assertEquals(EnumSet.of(KeyUsage.KEY_CERT_SIGN, KeyUsage.CRL_SIGN), ca.keyUsage());
        assertEquals(Duration.ofDays(3650), Duration.between(root.notBefore(), root.notAfter()));
        assertEquals(Duration.ofDays(1825), Duration.between(ca.notBefore(), ca.notAfter()));
        assertEquals(List.of(ca, root), certificates(f.intermediate().chain()));

        for (PkiFolder.CaFolder caFolder : List.of(f.root(), f.intermediate())) {
            Sm2Certificate cert = certificate(caFolder.certificate());
            Sm2Crl crl = crl(caFolder.crl());
            assertEquals(cert.subject(), crl.issuer());
            assertTrue(crl.isSignedBy(PkiCli.MODULE, cert.publicKey(), Sm2.defaultUserId()), caFolder::toString);
            assertEquals(BigInteger.ONE, crl.crlNumber().orElseThrow());
            assertTrue(crl.revoked().isEmpty());
            assertEquals(Duration.ofDays(30), Duration.between(crl.thisUpdate(), crl.nextUpdate().orElseThrow()));
            assertEquals(BigInteger.ONE, CrlNumberFile.last(caFolder.crlNumber()));
            assertTrue(RevocationIndex.load(caFolder.revocations(), "x").revocations().isEmpty());
            assertEquals("rw-------", mode(caFolder.key()), caFolder.key() + " is a private key");
            assertEquals("rwx------", mode(caFolder.directory()));
            assertEquals("rw-r--r--", mode(caFolder.certificate()));
            assertTrue(read(caFolder.key()).startsWith("-----BEGIN PRIVATE KEY-----"), "unencrypted by default");
        }
        List<SerialLedgerFile.Entry> rootSerials = SerialLedgerFile.load(f.root().serials(), "x").entries();
        assertEquals(List.of(root.serialNumber(), ca.serialNumber()),
                rootSerials.stream().map(SerialLedgerFile.Entry::serial).toList());
        assertEquals(ca.subject().toString(), rootSerials.get(1).subject());
        assertEquals(ca.notAfter(), rootSerials.get(1).notAfter());
        assertTrue(SerialLedgerFile.load(f.intermediate().serials(), "x").entries().isEmpty());
        assertTrue(Files.isDirectory(f.issuedDirectory()));
        try (var left = Files.list(dir)) {
            assertEquals(List.of(".lock", "intermediate", "issued", "root"),
                    left.map(p -> p.getFileName().toString()).sorted().toList(), "no staging folder left");
        }

        assertTrue(run.out().contains("Created a root CA and an issuing CA in " + dir), run::toString);
        assertTrue(run.out().contains(root.serialHex()) && run.out().contains(ca.serialHex()), run::toString);
        assertTrue(run.out().contains("Next: gmgw pki issue --server HOST --dir " + dir), run::toString);
        assertTrue(run.err().contains("note: the CA keys in " + dir + " are not encrypted"), run::toString);
        assertTrue(run.err().contains("--password-file"), run::toString);
    }

    @Test
    void theIssuingCaKeyFindsItsChainBesideIt() {
        PkiFolder f = PkiCli.init(tmp.resolve("pki"));
        try (KeyHandle key = KeyProviders.load(PkiCli.MODULE).open(f.intermediate().key().toString(),
                KeyOptions.none())) {
            assertEquals(certificates(f.intermediate().chain()), key.certificateChain());
        }
    }

    @Test
    void aSecondInitChangesNothingAndExits73() {
        Path dir = tmp.resolve("pki");
        PkiCli.init(dir);
        Map<String, String> before = PkiCli.snapshot(dir);

        GmgwRun again = fails(73, "init", "--dir", dir.toString(), "--root-subject", "CN=Other Root");

        assertTrue(again.err().contains(dir + " already holds a CA"), again::toString);
        assertTrue(again.err().contains("never overwrites a CA"), again::toString);
        assertEquals(1, again.err().lines().count(), again::toString);
        assertEquals(before, PkiCli.snapshot(dir));
    }

    @Test
    void whatAnInterruptedInitLeftIsNotOverwrittenEither() throws IOException {
        Path dir = tmp.resolve("pki");
        Files.createDirectories(dir.resolve("intermediate"));

        GmgwRun run = fails(73, "init", "--dir", dir.toString());

        assertTrue(run.err().contains("an earlier init was interrupted"), run::toString);
        assertFalse(Files.exists(dir.resolve("root")));
    }

    @Test
    void aFileWhereTheFolderShouldBeCannotBeCreated() throws IOException {
        Path file = Files.writeString(tmp.resolve("taken"), "x");

        GmgwRun run = fails(73, "init", "--dir", file.toString());

        assertTrue(run.err().contains("cannot create the PKI folder " + file), run::toString);
    }

    @Test
    void subjectsAndValiditiesAreTheOnesAsked() {
        PkiFolder f = PkiCli.init(tmp.resolve("pki"), "--root-subject", "/C=CN/O=Example/CN=Example Root",
                "--intermediate-subject", "CN=Example Issuing, O=Example, C=CN", "--root-days", "400",
                "--intermediate-days", "200", "--crl-days", "7");

        Sm2Certificate root = certificate(f.root().certificate());
        Sm2Certificate ca = certificate(f.intermediate().certificate());
        assertEquals(DistinguishedNames.parse("CN=Example Root, O=Example, C=CN"), root.subject());
        assertEquals(DistinguishedNames.parse("/C=CN/O=Example/CN=Example Issuing"), ca.subject());
        assertEquals(Duration.ofDays(400), Duration.between(root.notBefore(), root.notAfter()));
        assertEquals(Duration.ofDays(200), Duration.between(ca.notBefore(), ca.notAfter()));
        Sm2Crl crl = crl(f.intermediate().crl());
        assertEquals(Duration.ofDays(7), Duration.between(crl.thisUpdate(), crl.nextUpdate().orElseThrow()));
        CertificateVerifier verifier = CertificateVerifier.builder(PkiCli.MODULE).trustAnchor(root)
                .crls(List.of(crl(f.root().crl()), crl)).revocationPolicy(RevocationPolicy.REQUIRE).build();
        assertTrue(verifier.verify(ca, CertificatePurpose.CA).isValid());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"--root-subject=not a name", "--root-days=0", "--intermediate-days=3651",
            "--crl-days=-1", "--root-days=36501", "--key-encryption=sm4", "--intermediate-subject=CN=gmgw Root CA, O=gmgw",
            "--password-file=a --password-env=B"})
    void badOptionsAreUsageErrorsAndCreateNothing(String options) {
        Path dir = tmp.resolve("pki");
        List<String> args = new java.util.ArrayList<>(List.of("init", "--dir", dir.toString()));
        args.addAll(List.of(options.split(" ")));

        GmgwRun run = fails(64, args.toArray(String[]::new));

        assertFalse(Files.exists(dir.resolve("root")), run::toString);
    }

    @Test
    void encryptedCaKeysNeedTheirPasswordLater() throws IOException {
        Path dir = tmp.resolve("pki");
        Path password = SecretFiles.write(tmp.resolve("ca.pw"), "ca password\n");
        GmgwRun run = ok("init", "--dir", dir.toString(), "--password-file", password.toString());
        PkiFolder f = new PkiFolder(dir);

        assertFalse(run.err().contains("not encrypted"), run::toString);
        assertTrue(run.out().contains("encrypted: PBKDF2-HMAC-SM3, SM4-CBC"), run::toString);
        for (PkiFolder.CaFolder ca : List.of(f.root(), f.intermediate())) {
            assertTrue(read(ca.key()).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"), ca::toString);
            try (KeyHandle key = KeyProviders.load(PkiCli.MODULE).open(ca.key().toString(),
                    KeyOptions.withPassword(PasswordSource.of("ca password".toCharArray())))) {
                assertEquals(certificate(ca.certificate()).publicKey(), key.publicKey());
            }
        }

        GmgwRun noPassword = fails(77, "issue", "--dir", dir.toString(), "--server", "gw");
        assertTrue(noPassword.err().contains("is encrypted: give its password with --ca-password-file"),
                noPassword::toString);
        Path wrong = SecretFiles.write(tmp.resolve("wrong.pw"), "not it");
        GmgwRun wrongPassword = fails(77, "issue", "--dir", dir.toString(), "--server", "gw", "--ca-password-file",
                wrong.toString());
        assertTrue(wrongPassword.err().contains("the password does not decrypt this key"), wrongPassword::toString);
        assertFalse(wrongPassword.err().contains("not it"), "never the password");
        assertFalse(Files.exists(f.issued("gw").directory()));

        ok("issue", "--dir", dir.toString(), "--server", "gw", "--ca-password-file", password.toString());
        ok("crl", "--dir", dir.toString(), "--ca-password-file", password.toString());
    }

    @Test
    void aPasswordThatCannotBeHadIs77() {
        Path dir = tmp.resolve("pki");
        GmgwRun prompt = fails(77, "init", "--dir", dir.toString(), "--password-prompt");
        assertTrue(prompt.err().contains("no terminal to ask on"), prompt::toString);

        GmgwRun env = fails(77, "init", "--dir", dir.toString(), "--password-env", "GMGW_TEST_SURELY_UNSET_VARIABLE");
        assertTrue(env.err().contains("GMGW_TEST_SURELY_UNSET_VARIABLE is not set"), env::toString);

        GmgwRun missingFile = fails(74, "init", "--dir", dir.toString(), "--password-file",
                tmp.resolve("absent.pw").toString());
        assertTrue(missingFile.err().contains("absent.pw does not exist"), missingFile::toString);
        assertFalse(Files.exists(dir), "nothing is created before the password is known");
    }

    @Test
    void anEmptyPasswordIsRefused() throws IOException {
        Path empty = SecretFiles.write(tmp.resolve("empty.pw"), "\n");

        GmgwRun run = fails(77, "init", "--dir", tmp.resolve("pki").toString(), "--password-file", empty.toString());

        assertTrue(run.err().contains("is empty"), run::toString);
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
