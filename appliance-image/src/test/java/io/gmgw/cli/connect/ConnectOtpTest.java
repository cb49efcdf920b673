package io.gmgw.cli.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.audit.Actor;
import io.gmgw.audit.Audit;
import io.gmgw.audit.AuditEvent;
import io.gmgw.cli.GmgwRun;
import io.gmgw.cli.demo.DemoLayout;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.crypto.otp.DynamicPasswords;
import io.gmgw.crypto.otp.OtpProfile;
import io.gmgw.gateway.config.GatewayConfigLoader;
import io.gmgw.gateway.otp.store.Sm4SeedKey;
import io.gmgw.gateway.otp.store.TokenRecord;
import io.gmgw.gateway.otp.store.TokenStore;
import io.gmgw.pkcs11.token.Pkcs11Module;
import io.gmgw.sslvpn.server.SslVpnServer;
import io.gmgw.testing.SecretFiles;
import io.gmgw.testing.SystemPeers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gmgw connect} end to end with two factors: the assembled gateway ({@link SslVpnServer} from the
 * {@code gateway.yaml} that {@code gmgw demo} writes: group {@code demo} logs in with {@code certificate+password}),
 * the user's SM2 keys in the soft smart key, over TLCP, the dynamic password from {@code --otp-file}. The demo's
 * event token is replaced with a time token made by {@code gmgw otp create}, whose passwords the test computes on
 * the gateway's clock from the seed in the store (opened with the store's seed key, as the gateway does). The right
 * password pings, from {@code --otp-file} in this process and from {@code --otp-fd 3} in a gmgw process of its own; a wrong one, one from three intervals ago (outside the window: expired) and the accepted one again
 * (replayed) each exit 77 (the gateway refused the login) with an sslvpn.login failure and an otp.verify failure that
 * give the reason.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConnectOtpTest {
    private static final CryptoModule MODULE = TestModules.deterministic("connect-otp");
    private static final String SERIAL = "TIME-0001";

    @TempDir
    static Path dir;
    static Path demo;
    static Path library;
    static String previousStore;
    static SslVpnServer gateway;
    static final List<AuditEvent> events = new CopyOnWriteArrayList<>();
    static String accepted;

    @BeforeAll
    static void demoGatewayWithATimeToken() throws Exception {
        library = SystemPeers.requireFile("gmgw.softkey.library", "the gmgw soft smart key",
                "it is built by pkcs11-bridge ('./mvnw -pl pkcs11-bridge compile') when gcc and OpenSSL 3 headers are"
                        + " installed (apt-get install gcc libssl-dev)");
        demo = dir.resolve("demo");
        ok("demo", "--dir", demo.toString());
        String store = demo.resolve("otp/tokens").toString();
        String seedKey = "file:" + demo.resolve("otp/seed.key");
        ok("otp", "remove", DemoLayout.SOFT_TOKEN, "--store", store, "--seed-key", seedKey);
        GmgwRun created = ok("otp", "create", SERIAL, "--user", DemoLayout.USER, "--type", "time", "--store", store,
                "--seed-key", seedKey);
        assertTrue(created.out().contains("otpauth://gmtotp/"), created::toString);
        Path config = demo.resolve("gateway.yaml");
        Files.writeString(config, Files.readString(config).replaceFirst("(?m)^(\\s+port:) \\d+$", "$1 0"));
        Audit audit = new Audit(events::add, MODULE.clock(), new Actor("gmgw", 0, "gw1", 1, "gmgw sslvpn run"),
                Map.of());
        gateway = SslVpnServer.start(GatewayConfigLoader.load(config), new SslVpnServer.Environment(MODULE, audit,
                "9.9-test", 1));
        // the client's soft smart key reads the demo's store (the demo itself points it there only while it runs)
        previousStore = System.getProperty(Pkcs11Module.SOFT_KEY_STORE_PROPERTY);
        System.setProperty(Pkcs11Module.SOFT_KEY_STORE_PROPERTY, demo.resolve("smartkey/store").toString());
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (previousStore == null) {
            System.clearProperty(Pkcs11Module.SOFT_KEY_STORE_PROPERTY);
        } else {
            System.setProperty(Pkcs11Module.SOFT_KEY_STORE_PROPERTY, previousStore);
        }
    }

    @Test
    @Order(1)
    void theRightPasswordLogsInAndPings() throws Exception {
        accepted = password(0);
        GmgwRun r = connect(accepted);
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("2 packets transmitted, 2 received, 0% packet loss"), r::toString);
        AuditEvent login = last("sslvpn.login");
        assertEquals("SUCCESS", login.outcome().name(), login::toString);
        assertEquals("certificate+password", login.details().get("login"));
        assertEquals(SERIAL, login.details().get("token"));
        assertEquals("SUCCESS", last("otp.verify").outcome().name());
    }

    @Test
    @Order(2)
    void aScriptHandsThePasswordOnAFileDescriptor() throws Exception {
        // gmgw as a process of its own, the password on descriptor 3 as a script gives it: the next interval's
        // (inside the window; the current one is spent)
        accepted = password(1);
        Path otp = SecretFiles.write(dir.resolve("fd3.txt"), accepted + "\n");
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", "exec \"$@\" 3<\"$OTP_FILE\"", "sh",
                ProcessHandle.current().info().command().orElse("java"), "--enable-native-access=ALL-UNNAMED",
                "-D" + Pkcs11Module.SOFT_KEY_STORE_PROPERTY + "=" + demo.resolve("smartkey/store"),
                "-Dgmgw.log.dir=" + dir.resolve("logs"), "-cp", System.getProperty("java.class.path"),
                "io.gmgw.cli.Gmgw"));
        command.addAll(connectArguments("--otp-fd", "3"));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("fd3.log").toFile());
        pb.environment().put("OTP_FILE", otp.toString());
        Process p = pb.start();
        boolean ended = p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly().waitFor();
        }
        String log = Files.readString(dir.resolve("fd3.log"));
        assertTrue(ended, () -> "gmgw connect did not end:\n" + log);
        assertEquals(0, p.exitValue(), log);
        assertTrue(log.contains("2 packets transmitted, 2 received, 0% packet loss"), log);
        assertEquals("SUCCESS", last("sslvpn.login").outcome().name());
        assertEquals(SERIAL, last("sslvpn.login").details().get("token"));
    }

    @Test
    @Order(3)
    void theSamePasswordAgainIsRefusedAsReplayed() throws Exception {
        refused(accepted, "replayed", "password already used");
    }

    @Test
    @Order(4)
    void aWrongPasswordIsRefused() throws Exception {
        String right = password(0);
        refused(right.equals("000000") ? "111111" : "000000", "wrong", "wrong password");
    }

    @Test
    @Order(5)
    void aPasswordFromThreeIntervalsAgoHasExpired() throws Exception {
        // the window is one interval either side of the gateway's step plus the drift learned (+1 after the login
        // by descriptor): three behind is outside it
        refused(password(-3), "wrong", "wrong password");
    }

    private static void refused(String password, String outcome, String reason) throws IOException {
        int before = events.size();
        GmgwRun r = connect(password);
        assertEquals(77, r.exitCode(), r::toString);
        assertTrue(r.err().contains("401"), r::toString);
        List<AuditEvent> now = new ArrayList<>(events.subList(before, events.size()));
        AuditEvent login = last(now, "sslvpn.login");
        assertEquals("FAILURE", login.outcome().name(), login::toString);
        assertEquals("user '" + DemoLayout.USER + "': dynamic password of token " + SERIAL + " refused: " + outcome,
                login.reason());
        AuditEvent verify = last(now, "otp.verify");
        assertEquals("FAILURE", verify.outcome().name(), verify::toString);
        assertEquals(reason, verify.reason());
        assertEquals(outcome, verify.details().get("outcome"));
    }

    /** The password the user's time token shows {@code steps} intervals from now, on the gateway's clock. */
    private static String password(int steps) throws IOException {
        try (TokenStore store = TokenStore.open(demo.resolve("otp/tokens"), Sm4SeedKey.fromFile(MODULE,
                demo.resolve("otp/seed.key")), Audit.toLogger(MODULE.clock()))) {
            TokenRecord token = store.get(SERIAL).orElseThrow();
            OtpProfile profile = token.profile();
            long step = profile.timeStep(MODULE.clock().instant().getEpochSecond()) + steps;
            return store.withSeed(token, seed -> new DynamicPasswords(MODULE.sm3(), MODULE.sm4()).password(profile,
                    seed, profile.factors(step, 0, Optional.empty())));
        }
    }

    private static GmgwRun connect(String password) throws IOException {
        Path otp = SecretFiles.write(dir.resolve("otp-" + System.nanoTime() + ".txt"), password + "\n");
        return GmgwRun.run(() -> MODULE, connectArguments("--otp-file", otp.toString()).toArray(String[]::new));
    }

    /** {@code connect} with the demo user's smart key, the password option given, and two pings. */
    private static List<String> connectArguments(String otpOption, String otpValue) {
        Path pki = demo.resolve("pki");
        String keys = "pkcs11:token=" + DemoLayout.TOKEN_LABEL + ";object=%s?module-path=" + library
                + "&pin-source=file:" + demo.resolve("smartkey/user.pin");
        Path pair = pki.resolve("issued/" + DemoLayout.USER_SMART_KEY_PAIR);
        return List.of("connect", "https://localhost:" + gateway.boundAddresses().getFirst().getPort() + "/",
                "--trust", pki.resolve("root/ca.cert.pem").toString(),
                "--sign-key", keys.formatted(DemoLayout.SIGN_LABEL), "--enc-key", keys.formatted(DemoLayout.ENC_LABEL),
                "--sign-cert", pair.resolve("sign.cert.pem").toString(),
                "--enc-cert", pair.resolve("enc.cert.pem").toString(),
                "--chain", pki.resolve("intermediate/ca.cert.pem").toString(),
                otpOption, otpValue,
                "--ping", DemoLayout.GATEWAY_TUNNEL_ADDRESS, "--count", "2", "--interval", "0.2");
    }

    private static GmgwRun ok(String... args) {
        GmgwRun r = GmgwRun.run(() -> MODULE, args);
        assertEquals(0, r.exitCode(), r::toString);
        return r;
    }

    private static AuditEvent last(String type) {
        return last(events, type);
    }

    private static AuditEvent last(List<AuditEvent> list, String type) {
        return list.stream().filter(e -> e.event().equals(type)).reduce((a, b) -> b).orElseThrow(
                () -> new AssertionError("no " + type + " in " + list));
    }
}
