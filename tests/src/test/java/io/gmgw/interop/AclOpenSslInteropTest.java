package io.gmgw.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.cli.Launcher;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ACLs signed by the real {@code gmgw acl sign} (in-process, with a PKI made by {@code gmgw pki}), checked with
 * nothing but the OpenSSL 3 CLI, exactly as docs/acl-integrity.md tells an auditor: the raw sidecar verifies with
 * {@code pkeyutl -verify -rawin -digest sm3 -pkeyopt distid:1234567812345678}, each link of the signer's chain with
 * {@code verify -vfyopt distid:… -partial_chain}, and OpenSSL parses the CMS ({@code cms -cmsout -print}) with a
 * message-digest attribute equal to {@code dgst -sm3} of the file. (OpenSSL 3.0 cannot verify SM2 CMS signatures:
 * it uses an empty SM2 ID; docs/acl-integrity.md explains.)
 */
class AclOpenSslInteropTest {
    private static final String DIST_ID = "distid:1234567812345678";
    private static final Pattern HEX_LINE = Pattern.compile("^\\s+[0-9a-f]{4} - ((?:[0-9a-f]{2}[ -]){0,15}[0-9a-f]{2})");

    @TempDir
    static Path dir;
    private static OpenSslCli openssl;
    private static CryptoModule module;
    private static Path pki;

    @BeforeAll
    static void signTheSamplesWithTheCommands() throws IOException {
        openssl = OpenSslCli.require(dir);
        module = TestModules.deterministic("interop-acl");
        pki = dir.resolve("pki");
        gmgw("pki", "init", "--dir", pki.toString());
        gmgw("pki", "issue", "--dir", pki.toString(), "--client", "acl-signer", "--acl-signer");
        Path samples = Path.of(System.getProperty("user.dir")).resolve("../conf/acl-samples").normalize();
        try (var files = Files.list(samples)) {
            for (Path sample : files.toList()) {
                Path copy = Files.copy(sample, dir.resolve(sample.getFileName()));
                gmgw("acl", "sign", copy.toString(), "--key", signer("sign.key.pem"), "--cert",
                        signer("sign.chain.pem"), "--log", dir.resolve("acl.chain").toString());
            }
        }
    }

    private static String signer(String file) {
        return pki.resolve("issued/acl-signer/" + file).toString();
    }

    private static void gmgw(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new Launcher(() -> module, new PrintWriter(out), new PrintWriter(err)).execute(args);
        assertEquals(0, code, () -> String.join(" ", args) + "\n" + out + err);
    }

    @ParameterizedTest
    @ValueSource(strings = {"edge.iptables-save", "edge.nft", "edge.nft.json", "edge.cisco-ios.cfg",
            "edge.huawei-vrp.cfg"})
    void theRawSidecarVerifiesWithPkeyutlAndAnAlteredFileDoesNot(String name) throws IOException {
        Path acl = dir.resolve(name);
        Path pub = openssl.newFile("signer.pub.pem");
        openssl.run("x509", "-in", acl + ".signer.pem", "-pubkey", "-noout", "-out", pub.toString());
        String ok = new String(openssl.run("pkeyutl", "-verify", "-rawin", "-digest", "sm3", "-pkeyopt", DIST_ID,
                "-pubin", "-inkey", pub.toString(), "-in", acl.toString(), "-sigfile", acl + ".sig"),
                StandardCharsets.UTF_8);
        assertTrue(ok.contains("Signature Verified Successfully"), ok);

        byte[] altered = Files.readAllBytes(acl);
        altered[altered.length / 2] ^= 0x01;
        Path tampered = openssl.input("tampered", altered);
        OpenSslCli.Result bad = openssl.exec(new byte[0], "pkeyutl", "-verify", "-rawin", "-digest", "sm3",
                "-pkeyopt", DIST_ID, "-pubin", "-inkey", pub.toString(), "-in", tampered.toString(), "-sigfile",
                acl + ".sig");
        assertNotEquals(0, bad.exitCode(), bad::describe);
        // Without the distid OpenSSL uses an empty ID: the documented option is what makes it verify.
        OpenSslCli.Result noId = openssl.exec(new byte[0], "pkeyutl", "-verify", "-rawin", "-digest", "sm3",
                "-pubin", "-inkey", pub.toString(), "-in", acl.toString(), "-sigfile", acl + ".sig");
        assertNotEquals(0, noId.exitCode(), noId::describe);
    }

    @ParameterizedTest
    @ValueSource(strings = {"edge.iptables-save", "edge.nft", "edge.nft.json", "edge.cisco-ios.cfg",
            "edge.huawei-vrp.cfg"})
    void openSslParsesTheCmsAndItsMessageDigestIsTheFilesSm3(String name) throws IOException {
        Path acl = dir.resolve(name);
        String printed = new String(openssl.run("cms", "-cmsout", "-print", "-inform", "DER", "-in", acl + ".p7s"),
                StandardCharsets.UTF_8);
        String dgst = new String(openssl.run("dgst", "-sm3", "-r", acl.toString()), StandardCharsets.UTF_8)
                .split(" ")[0];
        assertEquals(HexFormat.of().formatHex(module.sm3().hash(Files.readAllBytes(acl))), dgst);
        assertEquals(dgst, attributeHex(printed, "messageDigest"), printed);
        assertTrue(printed.contains("contentType: pkcs7-signedData"), printed);
        assertTrue(printed.contains("eContentType: pkcs7-data"), printed);
        assertTrue(printed.contains("algorithm: sm3"), printed);
        assertTrue(printed.contains("algorithm: SM2-with-SM3"), printed);
        assertTrue(printed.contains("eContent: <ABSENT>"), printed);
        assertTrue(printed.contains("object: signingTime"), printed);
        assertTrue(printed.contains("2.25.140987961456425007846506600607215253107"), printed);
        assertTrue(printed.contains("CN=acl-signer") || printed.contains("CN = acl-signer"), printed);
    }

    /** The hex bytes OpenSSL prints under the first attribute named {@code object}. */
    private static String attributeHex(String printed, String object) {
        List<String> lines = printed.lines().toList();
        StringBuilder hex = new StringBuilder();
        boolean inside = false;
        for (String line : lines) {
            if (line.contains("object: " + object)) {
                inside = true;
                continue;
            }
            if (inside) {
                Matcher m = HEX_LINE.matcher(line);
                if (m.find()) {
                    hex.append(m.group(1).replaceAll("[ -]", ""));
                } else if (hex.length() > 0) {
                    break;
                }
            }
        }
        return hex.toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"edge.nft", "edge.cisco-ios.cfg"})
    void eachLinkOfTheSignersChainVerifiesInOpenSsl(String name) throws IOException {
        String pem = Files.readString(dir.resolve(name + ".signer.pem"));
        int second = pem.indexOf("-----BEGIN CERTIFICATE-----", 1);
        Path leaf = openssl.input("leaf", pem.substring(0, second).getBytes(StandardCharsets.US_ASCII));
        Path ca = openssl.input("ca", pem.substring(second).getBytes(StandardCharsets.US_ASCII));
        Path root = pki.resolve("root/ca.cert.pem");
        assertEquals(leaf + ": OK", new String(openssl.run("verify", "-vfyopt", DIST_ID, "-partial_chain",
                "-CAfile", ca.toString(), leaf.toString()), StandardCharsets.UTF_8).strip());
        assertEquals(ca + ": OK", new String(openssl.run("verify", "-vfyopt", DIST_ID, "-partial_chain",
                "-CAfile", root.toString(), ca.toString()), StandardCharsets.UTF_8).strip());
        OpenSslCli.Result wrong = openssl.exec(new byte[0], "verify", "-vfyopt", DIST_ID, "-partial_chain",
                "-CAfile", root.toString(), leaf.toString());
        assertNotEquals(0, wrong.exitCode(), wrong::describe);
    }
}
