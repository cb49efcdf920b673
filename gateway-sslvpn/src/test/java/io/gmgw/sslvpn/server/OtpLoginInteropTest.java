package io.gmgw.sslvpn.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.audit.AuditEvent;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.crypto.otp.DynamicPasswords;
import io.gmgw.crypto.otp.OtpAlgorithm;
import io.gmgw.crypto.otp.OtpProfile;
import io.gmgw.gateway.config.GatewayConfigLoader;
import io.gmgw.gateway.otp.store.Sm4SeedKey;
import io.gmgw.gateway.otp.store.TokenStore;
import io.gmgw.sslvpn.client.ClientProfile;
import io.gmgw.sslvpn.client.FormAnswerer;
import io.gmgw.sslvpn.client.ReconnectPolicy;
import io.gmgw.sslvpn.client.TlcpChannelFactory;
import io.gmgw.sslvpn.client.VpnClient;
import io.gmgw.sslvpn.client.VpnUrl;
import io.gmgw.sslvpn.client.packet.Pinger;
import io.gmgw.sslvpn.tlcp.TlcpConfig;
import io.gmgw.sslvpn.tlcp.TlcpCredentials;
import io.gmgw.testing.SystemPeers;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Certificate and dynamic password end to end against the assembled gateway (group login
 * {@code certificate+password}, a soft token made here with the token store and a seed the test knows, its current
 * password computed with io.gmgw.crypto.otp on the gateway's clock): stock openconnect 9.01 over TLS answering the
 * form from {@code --passwd-on-stdin}, and gmgw's VPN client (what {@code gmgw connect} runs) over TLCP with the smart
 * key's double certificate answering it through its {@link FormAnswerer}. A wrong password is refused with the
 * sslvpn.login and otp.verify failure records. openconnect's part skips without openconnect/python3, fails under CI.
 */
class OtpLoginInteropTest {
    private static final String GATEWAY = "192.168.99.1";
    private static final OtpProfile PROFILE = OtpProfile.timeBased(OtpAlgorithm.SM4);
    private static final byte[] SEED = HexFormat.of().parseHex("1234567890abcdef1234567890abcdef");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    /** The site with alice in a certificate+password group and her soft token GM0001. */
    private GatewayTestSite site(CryptoModule module, List<Path> trust, List<Path> crls, String extra)
            throws Exception {
        GatewayTestSite site = new GatewayTestSite(dir, module, "alice");
        TokenStore store = TokenStore.open(dir.resolve("tokens"), Sm4SeedKey.generate(module,
                dir.resolve("seed.key")), site.audit);
        store.add("GM0001", PROFILE, SEED.clone(), Optional.of("alice"), 0, "soft token of the test");
        site.writeConfig(trust, crls, "login: certificate+password", """
                otp:
                  token-store: %s
                  seed-key: file:%s
                """.formatted(dir.resolve("tokens"), dir.resolve("seed.key")) + extra);
        return site;
    }

    /** The password alice's token shows now, by the gateway's clock (the module's). */
    private static String now(CryptoModule module) {
        long step = PROFILE.timeStep(module.clock().instant().getEpochSecond());
        return new DynamicPasswords(module.sm3(), module.sm4()).password(PROFILE, SEED,
                PROFILE.factors(step, 0, Optional.empty()));
    }

    @Test
    void gmgwsClientLogsInOverTlcpWithTheSmartKeyAndTheDynamicPasswordThenPings() throws Exception {
        CryptoModule module = TestModules.deterministic("sslvpn-otp-tlcp");
        GatewayTestSite site = site(module, List.of(), List.of(), "");
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try (SslVpnServer server = SslVpnServer.start(GatewayConfigLoader.load(site.config),
                new SslVpnServer.Environment(module, site.audit, "9.9-test", 1));
                TlcpCredentials alice = site.client("alice")) {
            int port = server.boundAddresses().getFirst().getPort();
            TlcpChannelFactory channels = new TlcpChannelFactory(group, TlcpConfig.client(module,
                    site.serverVerifier()).credentials(alice).serverName("localhost", true).handshakeTimeout(TIMEOUT)
                    .build(), TIMEOUT);
            VpnUrl url = VpnUrl.parse("https://localhost:" + port + "/");

            // a wrong password first: refused like any failed login
            String right = now(module);
            String wrong = right.equals("000000") ? "111111" : "000000";
            VpnClient.Outcome refused = run(group, channels, url, form -> Optional.of(Map.of("password", wrong)),
                    null);
            assertEquals(VpnClient.EndReason.FAILED, refused.reason(), refused::toString);
            assertTrue(refused.failure().orElseThrow().getMessage().contains("HTTP 401"), refused::toString);
            // The gateway's audit trail is written off its event loop: the 401 can reach the client first.
            site.whenEvents("sslvpn.login", 1).get(10, TimeUnit.SECONDS);
            site.whenEvents("otp.verify", 1).get(10, TimeUnit.SECONDS);
            AuditEvent failed = last(site, "sslvpn.login");
            assertEquals("FAILURE", failed.outcome().name());
            assertEquals("user 'alice': dynamic password of token GM0001 refused: wrong", failed.reason());
            assertEquals("FAILURE", last(site, "otp.verify").outcome().name());

            Pinger pinger = new Pinger(InetAddress.ofLiteral(GATEWAY), 2, Duration.ofMillis(200),
                    Duration.ofSeconds(5), 0x4d47, group.next(), line -> { });
            VpnClient.Outcome ok = run(group, channels, url, form -> {
                assertEquals("main", form.id());
                assertEquals(List.of("password"), form.visibleInputs().stream().map(i -> i.name()).toList());
                return Optional.of(Map.of("password", now(module)));
            }, pinger);
            assertEquals(VpnClient.EndReason.LOGGED_OFF, ok.reason(), ok::toString);
            assertTrue(pinger.result().complete(), pinger.result()::toString);
            site.whenEvents("sslvpn.login", 2).get(10, TimeUnit.SECONDS);
            AuditEvent login = last(site, "sslvpn.login");
            assertEquals("SUCCESS", login.outcome().name());
            assertEquals("certificate+password", login.details().get("login"));
            assertEquals("GM0001", login.details().get("token"));
            assertEquals("TLCP", login.details().get("protocol"));
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static VpnClient.Outcome run(EventLoopGroup group, TlcpChannelFactory channels, VpnUrl url,
            FormAnswerer answers, Pinger pinger) throws Exception {
        VpnClient vpn = new VpnClient(new VpnClient.Settings(url, ClientProfile.defaults("9.9-test", "laptop", 1500),
                answers, ReconnectPolicy.OPENCONNECT.withTimeout(Duration.ofSeconds(5)), TIMEOUT, Optional.empty(),
                Optional.empty()), channels, pinger != null ? pinger : new Pinger(InetAddress.ofLiteral(GATEWAY), 1,
                Duration.ofMillis(200), Duration.ofSeconds(1), 1, group.next(), line -> { }), group.next(),
                line -> { });
        return vpn.start().get(60, TimeUnit.SECONDS);
    }

    private static AuditEvent last(GatewayTestSite site, String type) {
        return site.events.stream().filter(e -> e.event().equals(type)).reduce((a, b) -> b).orElseThrow();
    }

    @Test
    void openconnectOverTlsAnswersTheFormFromStdinAndPings() throws Exception {
        CryptoModule module = TestModules.deterministic("sslvpn-otp-openconnect");
        Openconnect oc = new Openconnect(module);
        try (SslVpnServer server = oc.start()) {
            Openconnect.Run run = oc.run(server, "stdin", List.of("--passwd-on-stdin"), now(module) + "\n");
            assertTrue(run.exited(), () -> "openconnect did not finish:\n" + run.log());
            assertTrue(run.pinged(), run::log);
            assertTrue(run.log().contains("Dynamic password:") || run.log().contains("Enter the dynamic password"),
                    run::log);
        }
        AuditEvent login = last(oc.site, "sslvpn.login");
        assertEquals("SUCCESS", login.outcome().name(), login::toString);
        assertEquals("alice", login.details().get("user"));
        assertEquals("certificate+password", login.details().get("login"));
        assertEquals("GM0001", login.details().get("token"));
        assertEquals("SUCCESS", last(oc.site, "otp.verify").outcome().name());
    }

    /**
     * openconnect's {@code --form-entry main:password=CODE} (form id and input name as the gateway's form has them):
     * the password logs in; the same one given again is refused as replayed, openconnect fails and the gateway
     * records why.
     */
    @Test
    void openconnectTakesThePasswordFromFormEntryAndAReplayIsRefused() throws Exception {
        CryptoModule module = TestModules.deterministic("sslvpn-otp-form-entry");
        Openconnect oc = new Openconnect(module);
        try (SslVpnServer server = oc.start()) {
            String code = now(module);
            Openconnect.Run ok = oc.run(server, "first", List.of("--form-entry", "main:password=" + code), "");
            assertTrue(ok.exited(), () -> "openconnect did not finish:\n" + ok.log());
            assertTrue(ok.pinged(), ok::log);
            oc.site.whenEvents("sslvpn.login", 1).get(10, TimeUnit.SECONDS); // the audit queue is the gateway's own
            assertEquals("SUCCESS", last(oc.site, "sslvpn.login").outcome().name());

            Openconnect.Run replay = oc.run(server, "replay", List.of("--form-entry", "main:password=" + code), "");
            assertTrue(replay.exited(), () -> "openconnect did not finish:\n" + replay.log());
            assertTrue(replay.exitCode() != 0, replay::log);
            assertTrue(!replay.pinged(), replay::log);
            oc.site.whenEvents("sslvpn.login", 2).get(10, TimeUnit.SECONDS);
            oc.site.whenEvents("otp.verify", 2).get(10, TimeUnit.SECONDS);
            AuditEvent refused = last(oc.site, "sslvpn.login");
            assertEquals("FAILURE", refused.outcome().name(), refused::toString);
            assertEquals("user 'alice': dynamic password of token GM0001 refused: replayed", refused.reason());
            AuditEvent verify = last(oc.site, "otp.verify");
            assertEquals("FAILURE", verify.outcome().name());
            assertEquals("password already used", verify.reason());
        }
    }

    /**
     * A challenge token: openconnect prints the form's message with the login's fresh challenge; the test (the user)
     * reads it from openconnect's output, computes the password for it and types it at openconnect's prompt.
     */
    @Test
    void openconnectShowsTheChallengeAndItsPasswordLogsIn() throws Exception {
        CryptoModule module = TestModules.deterministic("sslvpn-otp-challenge");
        Openconnect oc = new Openconnect(module);
        OtpProfile challengeToken = new OtpProfile(OtpAlgorithm.SM3, java.util.EnumSet.of(
                io.gmgw.crypto.otp.OtpFactor.CHALLENGE), 6, 60, 0, io.gmgw.crypto.otp.IdLayout.OMIT_ABSENT);
        try (TokenStore store = TokenStore.open(dir.resolve("tokens"), Sm4SeedKey.fromFile(module,
                dir.resolve("seed.key")), oc.site.audit)) {
            store.remove("GM0001", "test");
            store.add("GM0009", challengeToken, SEED.clone(), Optional.of("alice"), 0, "challenge token of the test");
        }
        try (SslVpnServer server = oc.start()) {
            java.util.regex.Pattern shown = java.util.regex.Pattern.compile("key in (\\d{8})\\.");
            Openconnect.Run run = oc.interactive(server, line -> {
                java.util.regex.Matcher m = shown.matcher(line);
                return m.find() ? Optional.of(new DynamicPasswords(module.sm3(), module.sm4()).password(
                        challengeToken, SEED, challengeToken.factors(0, 0, Optional.of(m.group(1))))) : Optional.empty();
            });
            assertTrue(run.exited(), () -> "openconnect did not finish:\n" + run.log());
            assertTrue(run.log().contains("If your token asks for a challenge, key in "), run::log);
            assertTrue(run.pinged(), run::log);
        }
        AuditEvent login = last(oc.site, "sslvpn.login");
        assertEquals("SUCCESS", login.outcome().name(), login::toString);
        assertEquals("GM0009", login.details().get("token"));
    }

    /** Stock openconnect over TLS against the site with alice's token, its packets handled by openconnect-peer.py. */
    private final class Openconnect {
        record Run(boolean exited, int exitCode, String log, boolean pinged) {
        }

        final Path openconnect = SystemPeers.requireProgram("openconnect", "apt-get install openconnect");
        final Path python = SystemPeers.requireProgram("python3", "apt-get install python3");
        final CryptoModule module;
        final EcTestPki tls;
        final GatewayTestSite site;
        final Path peer;

        Openconnect(CryptoModule module) throws Exception {
            this.module = module;
            tls = new EcTestPki(dir.resolve("tls"));
            site = site(module, List.of(tls.caFile), List.of(tls.crlFile), """
                    tls:
                      enabled: true
                      key: %s
                      cert: %s
                    """.formatted(tls.serverKey, tls.serverChain));
            peer = dir.resolve("peer.py");
            try (InputStream in = OtpLoginInteropTest.class.getResourceAsStream("openconnect-peer.py")) {
                Files.copy(in, peer);
            }
        }

        SslVpnServer start() throws Exception {
            return SslVpnServer.start(GatewayConfigLoader.load(site.config), new SslVpnServer.Environment(module,
                    site.audit, "9.9-test", 1));
        }

        Run run(SslVpnServer server, String name, List<String> passwordOptions, String stdin) throws Exception {
            int port = server.boundAddresses().getFirst().getPort();
            Path result = dir.resolve(name + ".result.txt");
            Path logFile = dir.resolve(name + ".openconnect.log");
            List<String> command = new java.util.ArrayList<>(List.of(openconnect.toString(), "--protocol=anyconnect",
                    "--no-dtls", "--certificate", tls.userCert.toString(), "--sslkey", tls.userKey.toString(),
                    "--cafile", tls.caFile.toString(), "--non-inter"));
            command.addAll(passwordOptions);
            command.addAll(List.of("--script-tun", "--script", python + " " + peer + " " + result + " " + GATEWAY,
                    "https://127.0.0.1:" + port + "/"));
            Process client = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(logFile.toFile())
                    .start();
            try (OutputStream in = client.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.US_ASCII));
            }
            boolean exited = client.waitFor(60, TimeUnit.SECONDS);
            if (!exited) {
                client.destroyForcibly().waitFor();
            }
            boolean pinged = Files.exists(result) && Files.readString(result).contains("REPLY type=0 from=" + GATEWAY
                    + " payload=gmgw interop");
            return new Run(exited, exited ? client.exitValue() : -1, Files.readString(logFile), pinged);
        }

        /**
         * openconnect prompting on stdin (no terminal, no --non-inter): its output is read line by line until
         * {@code answer} has a password for a line, which is then typed; the rest of the output is kept.
         */
        Run interactive(SslVpnServer server, java.util.function.Function<String, Optional<String>> answer)
                throws Exception {
            int port = server.boundAddresses().getFirst().getPort();
            Path result = dir.resolve("interactive.result.txt");
            Process client = new ProcessBuilder(openconnect.toString(), "--protocol=anyconnect", "--no-dtls",
                    "--certificate", tls.userCert.toString(), "--sslkey", tls.userKey.toString(), "--cafile",
                    tls.caFile.toString(), "--script-tun", "--script", python + " " + peer + " " + result + " "
                    + GATEWAY, "https://127.0.0.1:" + port + "/").redirectErrorStream(true).start();
            StringBuilder log = new StringBuilder();
            java.util.concurrent.CompletableFuture<Void> reader = java.util.concurrent.CompletableFuture.runAsync(
                    () -> {
                        try (java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(
                                client.getInputStream(), StandardCharsets.UTF_8));
                                OutputStream in = client.getOutputStream()) {
                            boolean answered = false;
                            for (String line = out.readLine(); line != null; line = out.readLine()) {
                                synchronized (log) {
                                    log.append(line).append('\n');
                                }
                                Optional<String> password = answered ? Optional.empty() : answer.apply(line);
                                if (password.isPresent()) {
                                    in.write((password.get() + "\n").getBytes(StandardCharsets.US_ASCII));
                                    in.flush();
                                    answered = true;
                                }
                            }
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    });
            boolean exited = client.waitFor(60, TimeUnit.SECONDS);
            if (!exited) {
                client.destroyForcibly().waitFor();
            }
            reader.get(10, TimeUnit.SECONDS);
            boolean pinged = Files.exists(result) && Files.readString(result).contains("REPLY type=0 from=" + GATEWAY
                    + " payload=gmgw interop");
            synchronized (log) {
                return new Run(exited, exited ? client.exitValue() : -1, log.toString(), pinged);
            }
        }
    }
}
