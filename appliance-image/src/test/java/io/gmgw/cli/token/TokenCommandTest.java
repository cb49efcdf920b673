package io.gmgw.cli.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.cli.GmgwRun;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.crypto.key.KeyHandle;
import io.gmgw.crypto.key.KeyOptions;
import io.gmgw.crypto.key.KeyProviders;
import io.gmgw.crypto.pki.Sm2Certificate;
import io.gmgw.testing.SecretFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code gmgw token} commands against the soft smart key, end to end: initialise a token, test PINs (wrong,
 * locked, unblocked), generate keys inside it, have {@code gmgw pki issue} certify them without the keys leaving the
 * token, store the certificates on the token, and use key and certificate through the pkcs11: provider.
 */
class TokenCommandTest {
    private static final CryptoModule MODULE = TestModules.deterministic("token-cli-tests");

    @TempDir
    Path dir;
    private Path library;
    private Path so;
    private Path user;
    private Path wrong;

    @BeforeEach
    void setUp() throws IOException {
        library = SoftKeyFixture.library();
        SoftKeyFixture.freshStore("profile = 0x8000\nslots = 2\nuser_pin_retries = 3\n");
        so = write("so.pin", "so-secret-77");
        user = write("user.pin", "user-secret-42");
        wrong = write("wrong.pin", "guess-0000");
    }

    private Path write(String name, String content) throws IOException {
        return SecretFiles.write(dir.resolve(name), content + "\n");
    }

    private GmgwRun run(String... args) {
        List<String> all = new ArrayList<>(List.of("token", args[0], "--module", library.toString()));
        all.addAll(List.of(args).subList(1, args.length));
        return GmgwRun.run(() -> MODULE, all.toArray(String[]::new));
    }

    private GmgwRun ok(String... args) {
        GmgwRun r = run(args);
        assertEquals(0, r.exitCode(), r::toString);
        return r;
    }

    private GmgwRun fails(int code, String... args) {
        GmgwRun r = run(args);
        assertEquals(code, r.exitCode(), r::toString);
        assertTrue(r.err().startsWith("gmgw token " + args[0] + ": "), r::toString);
        return r;
    }

    private void initGw() {
        ok("init", "--slot", "0", "--label", "gw", "--so-pin-source", "file:" + so, "--pin-source", "file:" + user);
    }

    @Test
    void listInitAndInfo() {
        GmgwRun list = ok("list");
        assertTrue(list.out().contains("(not initialised)"), list::toString);
        assertTrue(list.out().contains("vendor profile gmgw-softkey"), list::toString);
        initGw();
        GmgwRun again = fails(73, "init", "--slot", "0", "--label", "gw2", "--so-pin-source", "file:" + so,
                "--pin-source", "file:" + user);
        assertTrue(again.err().contains("add --wipe"), again::toString);
        GmgwRun json = ok("list", "--json");
        assertTrue(json.out().contains("\"label\" : \"gw\""), json::toString);
        GmgwRun info = ok("info", "--token", "gw");
        assertTrue(info.out().contains("SM2 sign (raw e)"), info::toString);
        assertTrue(info.out().contains("0x80008000"), info::toString);
        assertTrue(ok("info", "--token", "gw", "--json").out().contains("\"mechanisms\""));
        assertEquals(69, run("info", "--token", "absent").exitCode());
    }

    @Test
    void wrongPinsLockAndTheSoUnblocks() {
        initGw();
        ok("login-test", "--token", "gw", "--pin-source", "file:" + user);
        GmgwRun first = fails(77, "login-test", "--token", "gw", "--pin-source", "file:" + wrong);
        assertTrue(first.err().contains("CKR_PIN_INCORRECT") && first.err().contains("fewer tries left"), first::toString);
        assertFalse(first.err().contains("guess-0000"));
        GmgwRun second = fails(77, "login-test", "--token", "gw", "--pin-source", "file:" + wrong);
        assertTrue(second.err().contains("one more wrong PIN locks the token"), second::toString);
        GmgwRun third = fails(77, "login-test", "--token", "gw", "--pin-source", "file:" + wrong);
        assertTrue(third.err().contains("locked") && third.err().contains("gmgw token unblock"), third::toString);
        GmgwRun locked = fails(77, "login-test", "--token", "gw", "--pin-source", "file:" + user);
        assertTrue(locked.err().contains("CKR_PIN_LOCKED"), locked::toString);
        ok("unblock", "--token", "gw", "--so-pin-source", "file:" + so, "--new-pin-source", "file:" + user);
        ok("login-test", "--token", "gw", "--pin-source", "file:" + user);
    }

    @Test
    void keysGeneratedInTheTokenAreCertifiedByPkiIssueAndStoredWithTheirCertificates() throws Exception {
        initGw();
        GmgwRun sign = ok("keygen", "--token", "gw", "--label", "sign", "--id", "01", "--pin-source", "file:" + user);
        GmgwRun enc = ok("keygen", "--token", "gw", "--label", "enc", "--id", "02", "--pin-source", "file:" + user);
        fails(73, "keygen", "--token", "gw", "--label", "sign", "--pin-source", "file:" + user);
        String signUri = uriIn(sign.out());
        String encUri = uriIn(enc.out());
        assertTrue(signUri.startsWith("pkcs11:token=gw;object=sign;id=%01?module-path="), signUri);

        Path pki = dir.resolve("pki");
        GmgwRun init = GmgwRun.run(() -> MODULE, "pki", "init", "--dir", pki.toString());
        assertEquals(0, init.exitCode(), init::toString);
        GmgwRun issue = GmgwRun.run(() -> MODULE, "pki", "issue", "--dir", pki.toString(), "--server", "gw1",
                "--sign-key", signUri, "--enc-key", encUri, "--password-file", user.toString());
        assertEquals(0, issue.exitCode(), issue::toString);
        Path signCert = pki.resolve("issued/gw1/sign.cert.pem");
        Path encCert = pki.resolve("issued/gw1/enc.cert.pem");
        assertTrue(Files.exists(signCert), issue::toString);

        GmgwRun mismatch = fails(65, "import-cert", "--token", "gw", "--label", "sign", "--pin-source",
                "file:" + user, encCert.toString());
        assertTrue(mismatch.err().contains("public keys differ"), mismatch::toString);
        ok("import-cert", "--token", "gw", "--label", "sign", "--pin-source", "file:" + user, signCert.toString());
        ok("import-cert", "--token", "gw", "--label", "enc", "--pin-source", "file:" + user, encCert.toString());
        fails(73, "import-cert", "--token", "gw", "--label", "enc", "--pin-source", "file:" + user, encCert.toString());

        GmgwRun show = ok("show", "--token", "gw", "--pin-source", "file:" + user);
        assertTrue(show.out().contains("private-key  'sign' id 01, SM2, sensitive, never exported"), show::toString);
        assertTrue(show.out().contains("certificate  'sign' id 01"), show::toString);
        GmgwRun hidden = ok("show", "--token", "gw", "--json");
        assertFalse(hidden.out().contains("private-key"), hidden::toString);
        assertTrue(hidden.out().contains("\"loggedIn\" : false"), hidden::toString);

        // a certification request signed inside the token, checked by 'pki show'
        Path csr = dir.resolve("gw1-sign.csr");
        GmgwRun request = GmgwRun.run(() -> MODULE, "pki", "csr", "--key", signUri + "&pin-source=file:" + user,
                "--subject", "CN=gw1,O=gmgw", "--out", csr.toString());
        assertEquals(0, request.exitCode(), request::toString);
        GmgwRun shown = GmgwRun.run(() -> MODULE, "pki", "show", csr.toString());
        assertEquals(0, shown.exitCode(), shown::toString);

        // the key provider now hands out the token's certificate with the key
        Sm2Certificate expected = Sm2Certificate.fromPem(Files.readString(signCert, StandardCharsets.US_ASCII)).get(0);
        try (KeyHandle key = KeyProviders.load(MODULE).open(signUri + "&pin-source=file:" + user, KeyOptions.none())) {
            assertEquals(expected, key.certificateChain().get(0));
            byte[] m = "signed with a token key".getBytes(StandardCharsets.US_ASCII);
            assertTrue(MODULE.sm2().verify(expected.publicKey(), m, key.sign(m)));
        }
    }

    @Test
    void aMissingModuleIsAConfigurationError() {
        GmgwRun r = GmgwRun.run(() -> MODULE, "token", "list", "--module", dir.resolve("nope.so").toString());
        assertEquals(78, r.exitCode(), r::toString);
        assertTrue(r.err().contains("does not exist"), r::toString);
    }

    private static String uriIn(String out) {
        Matcher m = Pattern.compile("Use it as: (\\S+)").matcher(out);
        assertTrue(m.find(), out);
        return m.group(1);
    }
}
