package io.gmgw.cli.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.cli.GmgwRun;
import io.gmgw.cli.Launcher;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.testing.SecretFiles;
import io.gmgw.testing.SystemPeers;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user's keys in the soft smart key; the gateway asks {@code X-CSTP-Smartcard-Removal-Disconnect: true}; pulling
 * the token out ends the session at once, with BYE, through pkcs11-bridge's presence monitor.
 */
class ConnectTokenRemovalTest {
    private static final CryptoModule MODULE = TestModules.deterministic("connect-token-tests");

    @TempDir
    Path dir;

    @Test
    void pullingTheSmartKeyEndsTheSession() throws Exception {
        Path library = SystemPeers.requireFile("gmgw.softkey.library", "the gmgw soft smart key",
                "it is built by pkcs11-bridge ('./mvnw -pl pkcs11-bridge compile') when gcc and OpenSSL 3 headers are"
                        + " installed (apt-get install gcc libssl-dev)");
        Path store = Path.of(System.getProperty("gmgw.softkey.store"));
        freshStore(store, "profile = 0x8000\nslots = 1\n");
        Path so = SecretFiles.write(dir.resolve("so.pin"), "so-pin-2468\n");
        Path user = SecretFiles.write(dir.resolve("user.pin"), "user-pin-1357\n");
        Path pki = dir.resolve("pki");
        ok("pki", "init", "--dir", pki.toString());
        ok("pki", "issue", "--dir", pki.toString(), "--server", "localhost");
        ok("token", "init", "--module", library.toString(), "--slot", "0", "--label", "alice",
                "--so-pin-source", "file:" + so, "--pin-source", "file:" + user);
        String base = "pkcs11:token=alice;object=%s?module-path=" + library;
        for (String key : new String[] {"sign", "enc"}) {
            ok("token", "keygen", "--module", library.toString(), "--token", "alice", "--label", key,
                    "--pin-source", "file:" + user);
        }
        ok("pki", "issue", "--dir", pki.toString(), "--client", "alice", "--password-file", user.toString(),
                "--sign-key", base.formatted("sign") + "&x-monitor-ms=0", "--enc-key",
                base.formatted("enc") + "&x-monitor-ms=0");
        try (ScriptedCstpGateway gateway = new ScriptedCstpGateway(MODULE, pki)) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            String keys = "&x-monitor-ms=50&pin-source=file:" + user;
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> new Launcher(() -> MODULE,
                    new PrintWriter(out), new PrintWriter(err)).execute("connect",
                    "https://localhost:" + gateway.port() + "/", "--trust", pki.resolve("root/ca.cert.pem").toString(),
                    "--sign-key", base.formatted("sign") + keys, "--enc-key", base.formatted("enc") + keys,
                    "--sign-cert", pki.resolve("issued/alice/sign.cert.pem").toString(),
                    "--enc-cert", pki.resolve("issued/alice/enc.cert.pem").toString(),
                    "--chain", pki.resolve("intermediate/ca.cert.pem").toString(),
                    "--ping", ScriptedCstpGateway.TUNNEL_SIDE, "--count", "100000", "--interval", "0.05"));
            CompletableFuture.anyOf(gateway.firstEcho, exit).get(60, TimeUnit.SECONDS);
            assertTrue(gateway.firstEcho.isDone(), () -> "the tunnel never carried a packet: " + exit.join()
                    + "\n" + err);
            Files.writeString(store.resolve("slot0").resolve("removed"), ""); // the soft key's "pulled out"
            int code = exit.get(30, TimeUnit.SECONDS);
            assertEquals(69, code, () -> out + "\n" + err);
            assertTrue(err.toString().contains("the smart key was removed"), err::toString);
            String bye = gateway.byes.getFirst().get(10, TimeUnit.SECONDS);
            assertTrue(bye.startsWith("b0:the smart key was removed"), bye);
        } finally {
            Files.deleteIfExists(store.resolve("slot0").resolve("removed"));
        }
    }

    private static void ok(String... args) {
        GmgwRun r = GmgwRun.run(() -> MODULE, args);
        assertEquals(0, r.exitCode(), r::toString);
    }

    private static void freshStore(Path store, String config) throws IOException {
        if (Files.exists(store)) {
            try (Stream<Path> s = Files.walk(store)) {
                for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(f);
                }
            }
        }
        Files.createDirectories(store);
        Files.writeString(store.resolve("softkey.conf"), config);
    }
}
