package io.gmgw.sslvpn.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.crypto.key.KeyLoadException;
import io.gmgw.gateway.config.GatewayConfigLoader;
import io.gmgw.sslvpn.tls.TlsPemFiles;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.util.List;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tls.key-password}: the gateway starts with an encrypted TLS key whose password comes from a secret source
 * (a file here, as TLCP's keys), and a wrong password stops the start naming the key file and the source, never the
 * password.
 */
class TlsKeyPasswordTest {
    @Test
    void anEncryptedTlsKeyOpensWithThePasswordFromItsSource(@TempDir Path dir) throws Exception {
        CryptoModule module = TestModules.deterministic("sslvpn-tls-key-password");
        GatewayTestSite site = new GatewayTestSite(dir, module);
        EcTestPki tls = new EcTestPki(dir.resolve("tls"));
        PrivateKey plain = TlsPemFiles.privateKey(tls.serverKey);
        Path encrypted = dir.resolve("tls/server.enc.pem");
        Files.writeString(encrypted, encrypt(plain, "correct horse"));
        Path good = secret(dir.resolve("good.pw"), "correct horse\n");
        Path bad = secret(dir.resolve("bad.pw"), "battery staple\n");

        site.writeConfig(List.of(tls.caFile), List.of(tls.crlFile), "", tlsSection(encrypted, tls.serverChain, good));
        try (SslVpnServer server = SslVpnServer.start(GatewayConfigLoader.load(site.config),
                new SslVpnServer.Environment(module, site.audit, "9.9-test", 1))) {
            assertFalse(server.boundAddresses().isEmpty(), "the gateway runs with the decrypted key");
        }

        site.writeConfig(List.of(tls.caFile), List.of(tls.crlFile), "", tlsSection(encrypted, tls.serverChain, bad));
        KeyLoadException wrong = assertThrows(KeyLoadException.class, () -> SslVpnServer.start(
                GatewayConfigLoader.load(site.config), new SslVpnServer.Environment(module, site.audit, "9.9-test",
                        1)));
        assertEquals(KeyLoadException.Reason.WRONG_PASSWORD, wrong.reason(), "exit 77, as a wrong TLCP key password");
        assertTrue(wrong.getMessage().startsWith("tls.key-password: " + encrypted
                + ": the private key could not be decrypted with the "
                + "password from file " + bad), wrong.getMessage());
        assertFalse(wrong.getMessage().contains("battery"), "the password is never in a message");

        String unset = "GMGW_TLS_KEY_PASSWORD_NOT_SET_" + ProcessHandle.current().pid();
        site.writeConfig(List.of(tls.caFile), List.of(tls.crlFile), "", tlsSection(encrypted, tls.serverChain, good)
                .replace("file:" + good, "env:" + unset));
        KeyLoadException missing = assertThrows(KeyLoadException.class, () -> SslVpnServer.start(
                GatewayConfigLoader.load(site.config), new SslVpnServer.Environment(module, site.audit, "9.9-test",
                        1)));
        assertEquals(KeyLoadException.Reason.PASSWORD_REQUIRED, missing.reason());
        assertTrue(missing.getMessage().startsWith("tls.key-password: environment variable " + unset + " is not set"),
                missing.getMessage());
    }

    private static String tlsSection(Path key, Path chain, Path password) {
        return """
                tls:
                  enabled: true
                  key: %s
                  key-password: file:%s
                  cert: %s
                """.formatted(key, password, chain);
    }

    private static Path secret(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    private static String encrypt(PrivateKey key, String password) throws Exception {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter p = new JcaPEMWriter(w)) {
            p.writeObject(new JcaPKCS8Generator(key, new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator
                    .AES_256_CBC).setProvider(new BouncyCastleProvider()).setPassword(password.toCharArray())
                    .build()));
        }
        return w.toString();
    }
}
