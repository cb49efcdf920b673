package io.gmgw.cli.acl;

import static io.gmgw.cli.acl.AclCliTest.expect;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.acl.AclSamples;
import io.gmgw.acl.live.NetworkNamespace;
import io.gmgw.cli.GmgwRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gmgw acl watch --once --netns NS}: iptables and nft rulesets in a namespace the test creates. */
class AclWatchCliTest {
    @TempDir
    static Path pkiDir;
    @TempDir
    Path dir;

    @BeforeAll
    static void writePki() throws IOException {
        AclCliTest.PKI.writeTo(pkiDir);
    }

    private static String pki(String name) {
        return pkiDir.resolve(name).toString();
    }

    @Test
    void onceExitsZeroWhileTheKernelMatchesAndOneOnDrift() throws Exception {
        try (NetworkNamespace ns = NetworkNamespace.create("cli")) {
            byte[] rules = AclSamples.iptables(250, 31);
            ns.exec(rules, "iptables-restore");
            Path signed = Files.write(dir.resolve("edge.rules"), rules);
            Path chain = dir.resolve("acl.chain");
            expect(0, "sign", signed.toString(), "--key", pki("signer.key.pem"), "--cert", pki("signer.chain.pem"),
                    "--log", chain.toString());
            GmgwRun same = expect(0, "watch", "--live", "iptables", "--netns", ns.name, "--signed", signed.toString(),
                    "--trust", pki("root.pem"), "--crl", pki("ca.crl.pem"), "--crl", pki("root.crl.pem"), "--log",
                    chain.toString(), "--once");
            assertTrue(same.out().contains("matches"), same::toString);

            ns.exec(null, "iptables", "-I", "INPUT", "-s", "203.0.113.7", "-j", "ACCEPT");
            GmgwRun drift = expect(1, "watch", "--live", "iptables", "--netns", ns.name, "--signed",
                    signed.toString(), "--trust", pki("root.pem"), "--crl", pki("ca.crl.pem"), "--crl",
                    pki("root.crl.pem"), "--once");
            assertTrue(drift.out().contains("+ filter INPUT: -A INPUT -s 203.0.113.7/32 -j ACCEPT"), drift::toString);
            assertTrue(drift.err().contains("DRIFT"), drift::toString);

            // iptables-nft keeps its tables in nftables too: start the nft part from an empty ruleset.
            ns.exec(null, "nft", "flush", "ruleset");
            byte[] nft = AclSamples.nftables(120, 32);
            ns.exec(nft, "nft", "-f", "-");
            Path nftFile = Files.write(dir.resolve("edge.nft"), nft);
            expect(0, "sign", nftFile.toString(), "--key", pki("signer.key.pem"), "--cert", pki("signer.chain.pem"));
            expect(0, "watch", "--live", "nft", "--netns", ns.name, "--signed", nftFile.toString(), "--trust",
                    pki("root.pem"), "--crl", pki("ca.crl.pem"), "--crl", pki("root.crl.pem"), "--once", "--json");
            // As the gateway: no CRL is a usage error; the root's CRL missing, or a signer that is no ACL signer
            // (a VPN user's signing certificate), is a certificate problem.
            GmgwRun noCrl = expect(64, "watch", "--live", "nft", "--netns", ns.name, "--signed", nftFile.toString(),
                    "--trust", pki("root.pem"), "--once");
            assertTrue(noCrl.err().contains("--crl"), noCrl::toString);
            GmgwRun noRootCrl = expect(2, "watch", "--live", "nft", "--netns", ns.name, "--signed", nftFile.toString(),
                    "--trust", pki("root.pem"), "--crl", pki("ca.crl.pem"), "--once");
            assertTrue(noRootCrl.err().contains("CRL_MISSING"), noRootCrl::toString);
            Path byUser = Files.write(dir.resolve("user.nft"), nft);
            expect(0, "sign", byUser.toString(), "--key", pki("plain.key.pem"), "--cert", pki("plain.chain.pem"));
            GmgwRun user = expect(2, "watch", "--live", "nft", "--netns", ns.name, "--signed", byUser.toString(),
                    "--trust", pki("root.pem"), "--crl", pki("ca.crl.pem"), "--crl", pki("root.crl.pem"), "--once");
            assertTrue(user.err().contains("gmgwAclSigning"), user::toString);
            // A signed file that was altered is refused before any comparison.
            Files.writeString(nftFile, Files.readString(nftFile).replaceFirst("accept", "drop"));
            expect(1, "watch", "--live", "nft", "--netns", ns.name, "--signed", nftFile.toString(), "--trust",
                    pki("root.pem"), "--crl", pki("ca.crl.pem"), "--crl", pki("root.crl.pem"), "--once");
            expect(64, "watch", "--live", "pf", "--signed", nftFile.toString(), "--trust", pki("root.pem"));
        }
    }
}
