package io.gmgw.cli.acl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.acl.AclSamples;
import io.gmgw.acl.log.AuditChain;
import io.gmgw.acl.log.ChainRecord;
import io.gmgw.acl.sign.SignedAcl;
import io.gmgw.cli.GmgwRun;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.crypto.cms.CmsSignedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gmgw acl sign --log} run as a separate JVM and killed with SIGKILL at a random moment, again and again: the
 * audit chain always reads intact at the old or the new version, every signature file present is whole, and signing
 * again completes the interrupted version (never a second one) so that {@code verify --log} passes.
 */
class AclCrashSafetyTest {
    private static final int ROUNDS = 12;

    @TempDir
    Path dir;

    @Test
    void killMinus9DuringSignAndAppendNeverLeavesABrokenState() throws Exception {
        CryptoModule module = TestModules.production();
        Path pki = dir.resolve("pki");
        ok(module, "pki", "init", "--dir", pki.toString());
        ok(module, "pki", "issue", "--dir", pki.toString(), "--client", "acl-signer");
        String key = pki.resolve("issued/acl-signer/sign.key.pem").toString();
        String cert = pki.resolve("issued/acl-signer/sign.chain.pem").toString();
        String root = pki.resolve("root/ca.cert.pem").toString();
        Path file = dir.resolve("edge.rules");
        Path chain = dir.resolve("acl.chain");
        SplittableRandom random = new SplittableRandom(2026);
        int killed = 0;
        for (int round = 1; round <= ROUNDS; round++) {
            byte[] content = AclSamples.iptables(2000 + round, round);
            Files.write(file, content);
            String sm3 = HexFormat.of().formatHex(module.sm3().hash(content));
            Process p = new ProcessBuilder(javaCommand("acl", "sign", file.toString(), "--key", key, "--cert", cert,
                    "--log", chain.toString())).redirectErrorStream(true).redirectOutput(dir.resolve("run.log")
                    .toFile()).start();
            long killAfter = 200 + random.nextInt(2800);
            if (!p.waitFor(killAfter, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly(); // SIGKILL: no shutdown hooks, no finally blocks
                p.waitFor();
                killed++;
            }
            // The chain is intact, at the previous version or at this one.
            AuditChain read = AuditChain.read(module, chain);
            assertTrue(read.intact(), "round " + round + ": " + read.problem());
            long latest = read.latest("edge.rules").map(ChainRecord.Version::version).orElse(0L);
            boolean committed = read.latest("edge.rules").map(v -> v.sm3().equals(sm3)).orElse(false);
            assertEquals(committed ? round : round - 1, latest, "round " + round);
            // Every signature file present is whole.
            if (Files.exists(SignedAcl.cmsFile(file))) {
                CmsSignedData.parse(Files.readAllBytes(SignedAcl.cmsFile(file)));
            }
            // Signing again finishes the job without a second version.
            ok(module, "acl", "sign", file.toString(), "--key", key, "--cert", cert, "--log", chain.toString());
            assertEquals(round, AuditChain.read(module, chain).latest("edge.rules").orElseThrow().version());
            ok(module, "acl", "verify", file.toString(), "--trust", root, "--log", chain.toString());
        }
        ok(module, "acl", "log", "verify", chain.toString(), "--trust", root);
        assertTrue(killed > 0, "no run was killed: the kill window missed every run");
    }

    private static void ok(CryptoModule module, String... args) {
        GmgwRun r = GmgwRun.run(() -> module, args);
        assertEquals(0, r.exitCode(), r::toString);
    }

    private static List<String> javaCommand(String... args) {
        List<String> c = new ArrayList<>();
        c.add(ProcessHandle.current().info().command().orElse("java"));
        c.add("--enable-native-access=ALL-UNNAMED");
        c.add("-cp");
        c.add(System.getProperty("java.class.path"));
        c.add("io.gmgw.cli.Gmgw");
        c.addAll(List.of(args));
        return c;
    }
}
