package io.gmgw.cli.acl;

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
import java.util.SplittableRandom;
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
        // 1: a rule changed; a whitespace-only change fails by default and passes with --canonical.
        String text = new String(acl, StandardCharsets.UTF_8);
        Files.writeString(file, text.replace("\n", "\r\n"));
        GmgwRun ws = verify(1, file);
        assertTrue(ws.out().contains("content (canonical): matches"), ws::toString);
        verify(0, file, "--canonical");
        Files.writeString(file, text.replaceFirst("ACCEPT", "DROP"));
        verify(1, file, "--canonical");
        Files.write(file, acl);
        // 2: expired, revoked (with the CRL), another CA.
        for (String signer : List.of("expired", "revoked", "stranger")) {
            Path f = Files.write(dir.resolve(signer + ".rules"), acl);
            sign(f, signer);
            GmgwRun r = verify(2, f, "--crl", pki("ca.crl.pem"));
            assertTrue(r.err().contains(switch (signer) {
                case "expired" -> "EXPIRED";
                case "revoked" -> "REVOKED";
                default -> "UNKNOWN_CA";
            }), r::toString);
        }
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
