package io.gmgw.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.crypto.pki.Pem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A certificate, CRL, request or key file that is not what its option wants fails with exit 4 and one line that
 * names the option and the file (the file alone for a command's argument), says what is wrong, and never shows a
 * Java or Bouncy Castle class name: truncated PEM, another PEM label, bad Base64, DER of another structure, a
 * private key where a certificate belongs, binary junk.
 */
class MalformedInputTest {
    private static final CryptoModule MODULE = TestModules.deterministic("malformed-input");
    private static final Pattern CLASS_NAME = Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.){2,}[A-Z]\\w*|Exception\\b");

    @TempDir
    static Path dir;
    private static final Map<String, Path> BAD = new LinkedHashMap<>();
    private static Path pki;
    private static Path acl;

    @BeforeAll
    static void files() throws IOException {
        GmgwRun demo = GmgwRun.run(() -> MODULE, "demo", "--dir", dir.resolve("demo").toString());
        assertEquals(0, demo.exitCode(), demo::toString);
        pki = dir.resolve("demo/pki");
        String cert = Files.readString(pki.resolve("root/ca.cert.pem"));
        byte[] crlDer = Pem.blocks(Files.readString(pki.resolve("root/ca.crl.pem")), "X509 CRL").get(0);
        bad("truncated.pem", cert.substring(0, cert.length() / 2).getBytes(StandardCharsets.US_ASCII));
        bad("crl-label.pem", cert.replace("CERTIFICATE", "X509 CRL").getBytes(StandardCharsets.US_ASCII));
        bad("bad-base64.pem", "-----BEGIN CERTIFICATE-----\nMIIB!!not*base64@@\n-----END CERTIFICATE-----\n"
                .getBytes(StandardCharsets.US_ASCII));
        bad("integer-in-pem.pem", Pem.encode("CERTIFICATE", HexFormat.of().parseHex("3003020105"))
                .getBytes(StandardCharsets.US_ASCII));
        bad("crl.der", crlDer);
        bad("key.pem", Files.readAllBytes(pki.resolve("issued/localhost/sign.key.pem")));
        byte[] junk = new byte[700];
        new SplittableRandom(4).nextBytes(junk);
        bad("junk.bin", junk);
        acl = Files.copy(Path.of("..", "conf", "acl-samples", "edge.nft"), dir.resolve("edge.nft"));
        // signed, so that acl verify reads its --crl too
        GmgwRun sign = GmgwRun.run(() -> MODULE, "acl", "sign", acl.toString(), "--key",
                p("issued/demo-user/sign.key.pem"), "--cert", p("issued/demo-user/sign.chain.pem"));
        assertEquals(0, sign.exitCode(), sign::toString);
    }

    private static void bad(String name, byte[] content) throws IOException {
        BAD.put(name, Files.write(dir.resolve(name), content));
    }

    private static String p(String relative) {
        return pki.resolve(relative).toString();
    }

    /** Each command line with the option the bad file goes to (null: it is the command's argument). */
    private record Case(String option, Function<String, List<String>> command) {
    }

    private static final List<Case> CERTIFICATE_INPUTS = List.of(
            new Case("--trust", f -> List.of("acl", "verify", "--trust", f, acl.toString())),
            new Case("--crl", f -> List.of("acl", "verify", "--trust", p("root/ca.cert.pem"), "--crl", f,
                    acl.toString())),
            new Case("--cert", f -> List.of("acl", "sign", acl.toString(), "--key", p("issued/demo-user/sign.key.pem"),
                    "--cert", f)),
            new Case("--trust", f -> List.of("tlcp", "connect", "127.0.0.1:9", "--trust", f)),
            new Case("--sign-cert", f -> tlcp("--sign-cert", f)),
            new Case("--enc-cert", f -> tlcp("--enc-cert", f)),
            new Case("--chain", f -> tlcp("--chain", f)),
            new Case("--crl", f -> List.of("tlcp", "connect", "127.0.0.1:9", "--trust", p("root/ca.cert.pem"),
                    "--crl", f)),
            new Case("--cert", f -> List.of("pki", "revoke", "--dir", pki.toString(), "--cert", f)),
            new Case("--csr", f -> List.of("pki", "issue", "--dir", pki.toString(), "--client", "bob", "--csr", f,
                    "--enc-csr", f)),
            new Case(null, f -> List.of("token", "import-cert", "--label", "sign", "--pin-source", "env:NONE", f)));

    /** tlcp connect with a good double certificate and chain, one of them replaced by {@code file}. */
    private static List<String> tlcp(String option, String file) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("--trust", p("root/ca.cert.pem"));
        options.put("--sign-key", p("issued/demo-user/sign.key.pem"));
        options.put("--sign-cert", p("issued/demo-user/sign.cert.pem"));
        options.put("--enc-key", p("issued/demo-user/enc.key.pem"));
        options.put("--enc-cert", p("issued/demo-user/enc.cert.pem"));
        options.put("--chain", p("intermediate/ca.cert.pem"));
        options.put(option, file);
        List<String> args = new ArrayList<>(List.of("tlcp", "connect", "127.0.0.1:9"));
        options.forEach((o, v) -> args.addAll(List.of(o, v)));
        return args;
    }

    @Test
    void everyCertificateOptionNamesItselfAndTheFile() {
        for (Case c : CERTIFICATE_INPUTS) {
            for (Path file : BAD.values()) {
                if (c.option() != null && c.option().equals("--crl") && file.equals(BAD.get("crl.der"))) {
                    continue; // a DER CRL is what --crl takes
                }
                GmgwRun run = GmgwRun.run(() -> MODULE, c.command().apply(file.toString()).toArray(String[]::new));
                assertMalformed(run, c.option(), file);
                assertTrue(run.err().startsWith("gmgw " + c.command().apply("").get(0) + " "
                        + c.command().apply("").get(1) + ": "), run::toString);
            }
        }
    }

    @Test
    void keyOptionsNameThemselvesAndTheFile() {
        for (String name : List.of("truncated.pem", "bad-base64.pem", "crl.der", "junk.bin")) {
            Path file = BAD.get(name);
            assertMalformed(GmgwRun.run(() -> MODULE, "acl", "sign", acl.toString(), "--key", file.toString(),
                    "--cert", p("issued/demo-user/sign.chain.pem")), "--key", file);
            assertMalformed(GmgwRun.run(() -> MODULE, "tlcp", "connect", "127.0.0.1:9", "--trust",
                    p("root/ca.cert.pem"), "--sign-key", file.toString(), "--sign-cert",
                    p("issued/demo-user/sign.cert.pem")), "--sign-key", file);
            assertMalformed(GmgwRun.run(() -> MODULE, "pki", "csr", "--key", file.toString(), "--subject", "CN=x",
                    "--out", dir.resolve("x.csr").toString()), "--key", file);
        }
        // a certificate where the key belongs
        assertMalformed(GmgwRun.run(() -> MODULE, "pki", "csr", "--key", p("root/ca.cert.pem"), "--subject", "CN=x",
                "--out", dir.resolve("x.csr").toString()), "--key", pki.resolve("root/ca.cert.pem"));
    }

    @Test
    void pkiShowNamesTheFile() {
        for (var bad : BAD.entrySet()) {
            if (bad.getKey().equals("key.pem") || bad.getKey().equals("crl.der")) {
                continue; // a key and a CRL are what pki show shows
            }
            assertMalformed(GmgwRun.run(() -> MODULE, "pki", "show", bad.getValue().toString()), null,
                    bad.getValue());
        }
    }

    /** Exit 4, one line: the command, then the option (if any), the file, what is wrong; no class name. */
    private static void assertMalformed(GmgwRun run, String option, Path file) {
        assertEquals(ExitCode.MALFORMED_INPUT.code(), run.exitCode(), run::toString);
        assertEquals(1, run.err().lines().count(), run::toString);
        String line = run.err().strip();
        String start = option == null ? file.toString() : option + " ";
        assertTrue(line.matches("gmgw [a-z -]+: " + Pattern.quote(start) + ".*"), () -> "does not start with the "
                + "command and '" + start + "':\n" + run);
        assertTrue(line.contains(file.toString()), () -> "does not name " + file + ":\n" + run);
        assertFalse(CLASS_NAME.matcher(line).find(), () -> "a class name in:\n" + run);
    }
}
