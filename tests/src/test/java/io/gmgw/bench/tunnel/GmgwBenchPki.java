package io.gmgw.bench.tunnel;

import io.gmgw.cli.Launcher;
import io.gmgw.crypto.CryptoModule;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The gmgw side's PKI for {@link GmgwVpn}, made as an operator makes it, with {@code gmgw pki} and {@code gmgw acl
 * sign}, but run in the benchmark's own JVM through the {@link Launcher} (four JVM starts less per VPN, which the smoke
 * test in {@code verify} would pay): SM2 root and issuing CA, the gateway's double certificate named for its outer
 * address, user {@value #USER} of group {@value #GROUP}, an ACL signer, and the group's signed ACL. The ACL permits
 * all IP both ways: the benchmark measures the data path with its per-packet ACL check, not a policy.
 */
final class GmgwBenchPki {
    static final String USER = "alice";
    static final String GROUP = "staff";

    private final Path dir;
    private final Path acl;

    private GmgwBenchPki(Path dir, Path acl) {
        this.dir = dir;
        this.acl = acl;
    }

    /** Issues everything under {@code dir} for a gateway reached at {@code gatewayAddress}. */
    static GmgwBenchPki issue(Path dir, String gatewayAddress) throws IOException {
        Files.createDirectories(dir);
        CryptoModule module = CryptoModule.start();
        String d = dir.toString();
        gmgw(module, dir, "pki", "init", "--dir", d);
        gmgw(module, dir, "pki", "issue", "--dir", d, "--server", gatewayAddress);
        gmgw(module, dir, "pki", "issue", "--dir", d, "--client", USER, "--subject", "CN=" + USER + ", OU=" + GROUP);
        gmgw(module, dir, "pki", "issue", "--dir", d, "--client", "acl-signer", "--acl-signer");
        Path acl = dir.resolve(GROUP + ".cisco-ios.cfg");
        Files.writeString(acl, "ip access-list extended vpn-" + GROUP + "\n permit ip any any\n"
                + "ipv6 access-list vpn-" + GROUP + "-6\n permit ipv6 any any\n");
        Path signer = dir.resolve("issued/acl-signer");
        gmgw(module, dir, "acl", "sign", acl.toString(), "--key", signer.resolve("sign.key.pem").toString(), "--cert",
                signer.resolve("sign.chain.pem").toString());
        return new GmgwBenchPki(dir, acl);
    }

    Path rootCert() {
        return dir.resolve("root/ca.cert.pem");
    }

    /** The CRLs of both CAs, as the gateway's {@code clients.crls} and {@code acl.crls} list them. */
    String crls() {
        return "[" + dir.resolve("root/ca.crl.pem") + ", " + dir.resolve("intermediate/ca.crl.pem") + "]";
    }

    /** The folder of an issued end entity's files ({@code sign.key.pem}, {@code enc.key.pem}, chains). */
    Path issued(String name) {
        return dir.resolve("issued").resolve(name);
    }

    Path acl() {
        return acl;
    }

    private static void gmgw(CryptoModule module, Path dir, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new Launcher(audit -> module, new PrintWriter(out), new PrintWriter(err),
                InputStream.nullInputStream(), new ByteArrayOutputStream(), dir.resolve("audit.log")).execute(args);
        if (code != 0) {
            throw new IllegalStateException("gmgw " + String.join(" ", args) + " exited " + code + "\n" + out + err);
        }
    }
}
