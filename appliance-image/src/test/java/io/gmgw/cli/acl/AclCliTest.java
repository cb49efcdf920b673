package io.gmgw.cli.acl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.acl.AclSamples;
import io.gmgw.acl.AclTestPki;
import io.gmgw.cli.GmgwRun;
import io.gmgw.crypto.CryptoModule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code gmgw acl} end to end, in-process: every format, every exit code, batch mode, the chain, tampering. */
class AclCliTest {
    static final AclTestPki PKI = new AclTestPki("acl-cli");
    static final CryptoModule MODULE = AclTestPki.module("acl-cli-during", AclTestPki.DURING);

    @TempDir
    static Path pkiDir;
    @TempDir
    Path dir;

    @BeforeAll
    static void writePki() throws IOException {
        PKI.writeTo(pkiDir);
    }

    static GmgwRun run(String... args) {
        List<String> all = new ArrayList<>(List.of("acl"));
        all.addAll(List.of(args));
        return GmgwRun.run(() -> MODULE, all.toArray(String[]::new));
    }

    static GmgwRun expect(int code, String... args) {
        GmgwRun r = run(args);
        assertEquals(code, r.exitCode(), r::toString);
        if (code != 0) {
            assertTrue(r.err().startsWith("gmgw acl " + args[0]), r::toString);
        }
        return r;
    }

    static String pki(String name) {
        return pkiDir.resolve(name).toString();
    }

    static GmgwRun sign(Path file, String signer, String... more) {
        List<String> args = new ArrayList<>(List.of("sign", file.toString(), "--key", pki(signer + ".key.pem"),
                "--cert", pki(signer + ".chain.pem")));
        args.addAll(List.of(more));
        return expect(0, args.toArray(String[]::new));
    }

    static GmgwRun verify(int code, Path file, String... more) {
        List<String> args = new ArrayList<>(List.of("verify", file.toString(), "--trust", pki("root.pem")));
        args.addAll(List.of(more));
        return expect(code, args.toArray(String[]::new));
    }

    @ParameterizedTest
    @ValueSource(strings = {"iptables-save", "nftables", "nftables-json", "cisco-ios", "huawei-vrp"})
    void everyFormatSignsAndVerifiesThroughTheChain(String format) throws IOException {
        Path file = Files.write(dir.resolve("edge." + format), AclSamples.of(format, 400));
        Path chain = dir.resolve("acl.chain");
        GmgwRun signed = sign(file, "signer", "--log", chain.toString());
        assertTrue(signed.out().contains("(" + format + ", 400 rules"), signed::toString);
        GmgwRun r = verify(0, file, "--log", chain.toString(), "--crl", pki("ca.crl.pem"));
        for (String field : List.of("format:              " + format, "rules:               400",
                "signer subject:      C=CN,O=gmgw,CN=ACL signer", "signer serial:", "signer SKI:", "signer issuer:",
                "signer validity:", "certificate chain:   valid", "signing time:        2030-07-01T00:00:00Z",
                "SM2 user ID:         1234567812345678", "1.2.156.10197.1.501", "1.2.156.10197.1.401",
                "newest version (1)", "result:              VALID")) {
            assertTrue(r.out().contains(field), () -> field + "\n" + r);
        }
        GmgwRun json = verify(0, file, "--json", "--log", chain.toString());
        assertTrue(json.out().contains("\"verdict\" : \"VALID\""), json::toString);
        assertTrue(json.out().contains("\"ruleCount\" : 400"), json::toString);
        expect(0, "log", "verify", chain.toString(), "--trust", pki("root.pem"));
    }

    @Test
    void exitCodesForContentSignatureCertificateRollbackMalformedUsageAndIo() throws IOException {
        byte[] acl = AclSamples.iptables(200, 5);
        Path file = Files.write(dir.resolve("edge.rules"), acl);
        Path chain = dir.resolve("acl.chain");
        sign(file, "signer", "--log", chain.toString());
        verify(0, file);
        // 1: a rule changed; a blanks-only change fails by default and passes with --canonical; CR LF line ends,
        // which iptables-restore refuses, have no canonical form.
        String text = new String(acl, StandardCharsets.UTF_8);
        Files.writeString(file, text.replace(" -j ", "\t -j "));
        GmgwRun ws = verify(1, file);
        assertTrue(ws.out().contains("content (canonical): matches"), ws::toString);
        verify(0, file, "--canonical");
        Files.writeString(file, text.replace("\n", "\r\n"));
        GmgwRun crlf = verify(1, file, "--canonical");
        assertTrue(crlf.err().contains("carriage return"), crlf::toString);
        Files.writeString(file, text.replaceFirst("ACCEPT", "DROP"));
        verify(1, file, "--canonical");
        Files.write(file, acl);
        // 2: revoked (with the CRL), another CA; an expired certificate cannot even sign.
        for (String signer : List.of("revoked", "stranger")) {
            Path f = Files.write(dir.resolve(signer + ".rules"), acl);
            sign(f, signer);
            GmgwRun r = verify(2, f, "--crl", pki("ca.crl.pem"));
            assertTrue(r.err().contains(signer.equals("revoked") ? "REVOKED" : "UNKNOWN_CA"), r::toString);
        }
        Path late = Files.write(dir.resolve("expired.rules"), acl);
        GmgwRun expired = expect(2, "sign", late.toString(), "--key", pki("expired.key.pem"), "--cert",
                pki("expired.chain.pem"));
        assertTrue(expired.err().contains("is not valid now"), expired::toString);
        assertFalse(Files.exists(dir.resolve("expired.rules.p7s")));
        // 3: version 1 restored after version 2 was signed.
        Path v1 = dir.resolve("v1");
        Files.createDirectories(v1);
        Files.copy(file, v1.resolve("edge.rules"));
        Files.copy(dir.resolve("edge.rules.p7s"), v1.resolve("edge.rules.p7s"));
        Files.writeString(file, text.replaceFirst("ACCEPT", "DROP"));
        sign(file, "signer", "--log", chain.toString());
        verify(0, file, "--log", chain.toString());
        Files.copy(v1.resolve("edge.rules"), file, StandardCopyOption.REPLACE_EXISTING);
        Files.copy(v1.resolve("edge.rules.p7s"), dir.resolve("edge.rules.p7s"), StandardCopyOption.REPLACE_EXISTING);
        verify(0, file); // a valid signature...
        GmgwRun rollback = verify(3, file, "--log", chain.toString()); // ...of an older version
        assertTrue(rollback.err().contains("rollback"), rollback::toString);
        // 4: not a signature; 74: no such file; 64: no --trust.
        Files.writeString(dir.resolve("edge.rules.p7s"), "garbage");
        verify(4, file);
        verify(74, dir.resolve("missing.rules"));
        expect(64, "verify", file.toString());
        // 4 too for an ACL in no known format.
        Path junk = Files.writeString(dir.resolve("junk.txt"), "hello\n");
        GmgwRun unsigned = run("sign", junk.toString(), "--key", pki("signer.key.pem"), "--cert",
                pki("signer.chain.pem"));
        assertEquals(4, unsigned.exitCode(), unsigned::toString);
    }

    @Test
    void aSignerPolicyNarrowsWhoMaySignAndTheReportSaysWhichRuleMatched() throws IOException {
        byte[] acl = AclSamples.nftables(30, 4);
        Path byAclSigner = Files.write(dir.resolve("a.nft"), acl);
        Path byUser = Files.write(dir.resolve("u.nft"), acl);
        sign(byAclSigner, "signer");
        sign(byUser, "plain");
        verify(0, byUser); // no policy: any signing certificate that chains to --trust, as the report says
        assertTrue(verify(0, byUser).out().contains("signer policy:       none given"));
        GmgwRun ok = verify(0, byAclSigner, "--signer-eku", "acl-signing");
        assertTrue(ok.out().contains("ALLOWED (extendedKeyUsage gmgwAclSigning"), ok::toString);
        GmgwRun refused = verify(2, byUser, "--signer-eku", "acl-signing", "--json");
        assertTrue(refused.out().contains("\"allowed\" : false"), refused::toString);
        assertTrue(refused.err().contains("gmgwAclSigning"), refused::toString);
        String print = PKI.plain.chain().get(0).fingerprintSm3(MODULE);
        GmgwRun listed = verify(0, byUser, "--signer-cert-sm3", print);
        assertTrue(listed.out().contains("ALLOWED (certificate SM3 " + print + " on the allow-list)"),
                listed::toString);
        verify(0, byUser, "--signer-subject", "CN=ACL plain, O=gmgw, C=CN");
        verify(2, byUser, "--signer-subject", "CN=ACL signer, O=gmgw, C=CN");
        expect(64, "verify", byUser.toString(), "--trust", pki("root.pem"), "--signer-eku", "acl signing");
        expect(64, "verify", byUser.toString(), "--trust", pki("root.pem"), "--signer-cert-sm3", "abc");
    }

    @Test
    void anEncryptionCertificateCannotSignAndNoSignatureIsEverDestroyed() throws IOException {
        byte[] acl = AclSamples.iptables(60, 6);
        Path file = Files.write(dir.resolve("edge.rules"), acl);
        Path chain = Files.createDirectories(dir.resolve("log")).resolve("acl.chain");
        sign(file, "signer", "--log", chain.toString());
        Map<String, byte[]> before = snapshot(dir);
        // The encryption half of a pair (keyEncipherment only): refused before anything is written, chained or not.
        for (List<String> more : List.of(List.<String>of(), List.of("--log", chain.toString()))) {
            List<String> args = new ArrayList<>(List.of("sign", file.toString(), "--key", pki("encryption.key.pem"),
                    "--cert", pki("encryption.chain.pem")));
            args.addAll(more);
            GmgwRun refused = expect(2, args.toArray(String[]::new));
            assertTrue(refused.err().contains("may not sign")
                    && refused.err().contains("nothing was signed or written"), refused::toString);
            Map<String, byte[]> after = snapshot(dir);
            assertEquals(before.keySet(), after.keySet(), "no file created or removed");
            before.forEach((name, bytes) -> assertArrayEquals(bytes, after.get(name), name));
        }
        verify(0, file, "--log", chain.toString());
        // Signing again keeps the signature it replaces: FILE.p7s.1, .sig.1, .signer.pem.1; then .2.
        byte[] v1 = Files.readAllBytes(dir.resolve("edge.rules.p7s"));
        String text = new String(acl, StandardCharsets.UTF_8);
        Files.writeString(file, text.replaceFirst("ACCEPT", "DROP"));
        GmgwRun second = sign(file, "signer", "--log", chain.toString());
        assertTrue(second.out().contains("kept           the signature they replace as " + file + ".p7s.1"),
                second::toString);
        assertArrayEquals(v1, Files.readAllBytes(dir.resolve("edge.rules.p7s.1")));
        assertTrue(Files.exists(dir.resolve("edge.rules.sig.1"))
                && Files.exists(dir.resolve("edge.rules.signer.pem.1")));
        Files.writeString(file, text.replaceFirst("ACCEPT", "REJECT"));
        sign(file, "plain");
        assertTrue(Files.exists(dir.resolve("edge.rules.p7s.2")));
        // The kept ones are no ACLs to a folder's verification, are listed, and each still checks its own version.
        GmgwRun folder = expect(0, "verify", dir.toString(), "--trust", pki("root.pem"), "--json");
        assertTrue(folder.out().startsWith("{\n  \"file\" : \"" + file + "\""), folder::toString); // one report
        GmgwRun one = verify(0, file);
        assertTrue(one.out().contains("earlier signatures:  2 kept (edge.rules.p7s.1 … edge.rules.p7s.2"),
                one::toString);
        GmgwRun show = expect(0, "show", file.toString());
        assertTrue(show.out().contains("kept earlier:   " + file + ".p7s.1, " + file + ".p7s.2"), show::toString);
        Files.write(file, acl);
        verify(0, file, "--sig", dir.resolve("edge.rules.p7s.1").toString());
        verify(3, file, "--sig", dir.resolve("edge.rules.p7s.1").toString(), "--log", chain.toString());
    }

    @Test
    void aSignerWithoutTheAclSigningPurposeSignsWithANote() throws IOException {
        Path file = Files.write(dir.resolve("edge.nft"), AclSamples.nftables(20, 2));
        GmgwRun r = sign(file, "plain");
        assertTrue(r.err().contains("does not name the ACL-signing purpose") && r.err().contains("--signer-cert-sm3"),
                r::toString);
        assertFalse(sign(Files.write(dir.resolve("b.nft"), AclSamples.nftables(20, 3)), "signer").err()
                .contains("note:"));
    }

    /** Every file under {@code folder} (relative name → bytes). */
    private static Map<String, byte[]> snapshot(Path folder) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> s = Files.walk(folder)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                files.put(folder.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return files;
    }

    @Test
    void everyByteOfASmallAclAndSampledBytesOfItsSignatureAndChainRecordAreDetected() throws IOException {
        byte[] acl = "*filter\n:INPUT DROP [0:0]\n-A INPUT -i lo -j ACCEPT\nCOMMIT\n".getBytes(StandardCharsets.UTF_8);
        Path file = Files.write(dir.resolve("small.rules"), acl);
        Path chain = dir.resolve("acl.chain");
        sign(file, "signer", "--log", chain.toString());
        for (int i = 0; i < acl.length; i++) {
            byte[] t = acl.clone();
            t[i] ^= 0x01;
            Files.write(file, t);
            verify(1, file);
        }
        Files.write(file, acl);
        Path p7s = dir.resolve("small.rules.p7s");
        byte[] sig = Files.readAllBytes(p7s);
        SplittableRandom random = new SplittableRandom(7);
        for (int n = 0; n < 120; n++) {
            byte[] t = sig.clone();
            int i = random.nextInt(t.length);
            t[i] ^= (byte) (1 << random.nextInt(8));
            Files.write(p7s, t);
            int code = run("verify", file.toString(), "--trust", pki("root.pem")).exitCode();
            assertTrue(code == 1 || code == 2 || code == 4, "signature byte " + i + " changed gave exit " + code);
        }
        Files.write(p7s, sig);
        byte[] log = Files.readAllBytes(chain);
        for (int n = 0; n < 120; n++) {
            byte[] t = log.clone();
            int i = random.nextInt(t.length);
            t[i] ^= (byte) (1 << random.nextInt(7));
            Files.write(chain, t);
            GmgwRun r = run("log", "verify", chain.toString(), "--trust", pki("root.pem"));
            assertEquals(3, r.exitCode(), () -> "chain byte " + i + " changed\n" + r);
        }
    }

    @Test
    void aFolderIsVerifiedFileByFileWithTheWorstExitCode() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("acls"));
        for (String format : AclSamples.FORMATS) {
            sign(Files.write(folder.resolve("edge." + format), AclSamples.of(format, 120)), "signer");
        }
        GmgwRun ok = expect(0, "verify", folder.toString(), "--trust", pki("root.pem"), "--json");
        assertTrue(ok.out().contains("\"files\" : 5") && ok.out().contains("\"valid\" : 5"), ok::toString);
        Path nft = folder.resolve("edge.nftables");
        Files.writeString(nft, Files.readString(nft).replaceFirst("accept", "drop"));
        Files.writeString(folder.resolve("unsigned.conf"), "access-list 1 permit any\n");
        GmgwRun bad = expect(1, "verify", folder.toString(), "--trust", pki("root.pem"));
        assertTrue(bad.out().contains("batch: 4 of 6 files valid; verdict SIGNATURE_INVALID"), bad::toString);
        assertTrue(bad.out().contains("unsigned: "), bad::toString);
    }

    @Test
    void verifyWithLogSaysWhyTheChainWasNotConsulted() throws IOException {
        Path file = Files.write(dir.resolve("edge.rules"), AclSamples.iptables(30, 2));
        Path chain = dir.resolve("acl.chain");
        sign(file, "stranger", "--log", chain.toString());
        GmgwRun r = verify(2, file, "--log", chain.toString());
        assertTrue(r.out().contains("audit chain:         " + chain + ": not checked: the signer's certificate failed"),
                r::toString);
        assertFalse(r.out().contains("no --log"), r::toString);
        GmgwRun json = verify(2, file, "--log", chain.toString(), "--json");
        assertTrue(json.out().contains("\"result\" : \"not checked: the signer's certificate failed\""),
                json::toString);
        Files.writeString(file, Files.readString(file).replaceFirst("ACCEPT", "DROP"));
        assertTrue(verify(1, file, "--log", chain.toString()).out().contains("not checked: the signature or the "
                + "content failed"));
        assertTrue(verify(1, file).out().contains("(not checked: no --log)"));
    }

    @Test
    void theChainCommandsDetectDeletionAndRefuseToAppendToABrokenChain() throws IOException {
        Path file = dir.resolve("edge.nft");
        Path chain = dir.resolve("acl.chain");
        for (int v = 1; v <= 3; v++) {
            Files.write(file, AclSamples.nftables(50 + v, v));
            sign(file, "signer", "--log", chain.toString());
        }
        expect(0, "log", "checkpoint", chain.toString(), "--key", pki("signer.key.pem"), "--cert",
                pki("signer.chain.pem"));
        GmgwRun ok = expect(0, "log", "verify", chain.toString(), "--trust", pki("root.pem"));
        assertTrue(ok.out().contains("7 (3 versions, 4 checkpoints)"), ok::toString);
        String head = ok.out().lines().filter(l -> l.startsWith("head")).findFirst().orElseThrow().split(":\\s+")[1];
        expect(0, "log", "verify", chain.toString(), "--trust", pki("root.pem"), "--head", head);
        expect(2, "log", "verify", chain.toString(), "--trust", pki("other-root.pem"));
        List<String> lines = new ArrayList<>(Files.readAllLines(chain));
        lines.remove(2);
        Files.write(chain, lines);
        expect(3, "log", "verify", chain.toString(), "--trust", pki("root.pem"));
        GmgwRun refused = run("sign", file.toString(), "--key", pki("signer.key.pem"), "--cert",
                pki("signer.chain.pem"), "--log", chain.toString());
        assertEquals(3, refused.exitCode(), refused::toString);
        // Cut from the end: intact alone, caught by --head.
        Files.write(chain, Files.readAllLines(chain).subList(0, 2));
        expect(0, "log", "verify", chain.toString(), "--trust", pki("root.pem"));
        expect(3, "log", "verify", chain.toString(), "--trust", pki("root.pem"), "--head", head);
    }

    @Test
    void signingTheSameContentAgainRestoresTheFilesInsteadOfANewVersion() throws IOException {
        Path file = Files.write(dir.resolve("edge.cfg"), AclSamples.ciscoIos(80, 1));
        Path chain = dir.resolve("acl.chain");
        sign(file, "signer", "--log", chain.toString());
        Files.delete(dir.resolve("edge.cfg.p7s"));
        GmgwRun again = sign(file, "signer", "--log", chain.toString());
        assertTrue(again.out().contains("already version 1"), again::toString);
        verify(0, file, "--log", chain.toString());
    }

    @Test
    void showAndDiff() throws IOException {
        Path a = Files.write(dir.resolve("a.cfg"), AclSamples.huaweiVrp(60, 1));
        String text = Files.readString(a);
        Path b = Files.writeString(dir.resolve("b.cfg"), text.replaceFirst(" rule 5 permit", " rule 5 deny")
                .replace("\n", "\r\n"));
        GmgwRun show = expect(0, "show", a.toString(), "--json");
        assertTrue(show.out().contains("\"format\" : \"huawei-vrp\"") && show.out().contains("\"rules\" : 60"),
                show::toString);
        GmgwRun canonical = expect(0, "show", "--canonical-form", b.toString());
        assertFalse(canonical.out().contains("\r"));
        GmgwRun diff = expect(0, "diff", a.toString(), b.toString());
        assertTrue(diff.out().contains("1 removed, 1 added"), diff::toString);
        // Two formats: no meaningful diff, a usage error naming both.
        Path nft = Files.write(dir.resolve("c.nft"), AclSamples.nftables(60, 1));
        Path ios = Files.write(dir.resolve("d.cfg"), AclSamples.ciscoIos(60, 1));
        for (Path other : List.of(nft, ios)) {
            GmgwRun mixed = expect(64, "diff", a.toString(), other.toString());
            assertTrue(mixed.err().contains(a + " is huawei-vrp but " + other + " is "), mixed::toString);
            assertTrue(mixed.out().isEmpty(), mixed::toString);
        }
        expect(0, "diff", "--format", "cisco-ios", ios.toString(), ios.toString());
    }

    @Test
    void helpListsTheExitCodes() {
        for (String c : List.of("sign", "verify", "watch")) {
            GmgwRun r = expect(0, c, "--help");
            assertTrue(r.out().contains("Exit codes (") && r.out().contains("3   rollback or audit-chain break"),
                    r::toString);
        }
    }
}
