package io.gmgw.sslvpn.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.audit.AuditEvent;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.gateway.config.GatewayConfigLoader;
import io.gmgw.testing.SystemPeers;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stock openconnect 9.01 (Debian, GnuTLS) against the assembled gateway: one port with TLCP and TLS (the sniffer picks
 * TLS), certificate login with an ECDSA user certificate checked against its CA's CRL, a signed group ACL, and the
 * responder data plane; openconnect runs with {@code --script-tun} (no root): login, CONNECT on a second connection, an
 * ICMP echo to the gateway's tunnel address answered by the responder, and the logoff (BYE). The reply headers are
 * checked as openconnect exported them to its script (cstp.md §11). The packet program (test resource
 * openconnect-peer.py) needs python3. Skips without openconnect/python3, fails under CI.
 */
class OpenconnectInteropTest {
    private static final String GATEWAY = "192.168.99.1";
    /** The CSTP options openconnect must have received (it exports them in CISCO_CSTP_OPTIONS). */
    private static final List<String> REQUIRED = List.of("X-CSTP-Version", "X-CSTP-Address", "X-CSTP-Netmask",
            "X-CSTP-Address-IP6", "X-CSTP-DNS", "X-CSTP-Default-Domain", "X-CSTP-Split-Include",
            "X-CSTP-Split-DNS", "X-CSTP-Tunnel-All-DNS", "X-CSTP-Base-MTU", "X-CSTP-MTU", "X-CSTP-Keepalive",
            "X-CSTP-DPD", "X-CSTP-Idle-Timeout", "X-CSTP-Session-Timeout", "X-CSTP-Disconnected-Timeout",
            "X-CSTP-Rekey-Method", "X-CSTP-Smartcard-Removal-Disconnect");

    @Test
    void openconnectLogsInOverTlsPingsTheResponderAndLogsOff(@TempDir Path dir) throws Exception {
        Path openconnect = SystemPeers.requireProgram("openconnect", "apt-get install openconnect");
        Path python = SystemPeers.requireProgram("python3", "apt-get install python3");
        CryptoModule module = TestModules.deterministic("sslvpn-openconnect");
        GatewayTestSite site = new GatewayTestSite(dir, module);
        EcTestPki tls = new EcTestPki(dir.resolve("tls"));
        site.writeConfig(List.of(tls.caFile), List.of(tls.crlFile), """
                ipv6-pool: users
                dns: [10.20.0.53]
                default-domain: corp.example
                split-dns: [corp.example]
                banner: Authorised use only""", """
                tls:
                  enabled: true
                  key: %s
                  cert: %s
                """.formatted(tls.serverKey, tls.serverChain));
        Path peer = dir.resolve("peer.py");
        try (InputStream in = getClass().getResourceAsStream("openconnect-peer.py")) {
            Files.copy(in, peer);
        }
        Path result = dir.resolve("result.txt");
        String env;
        String log;
        try (SslVpnServer server = SslVpnServer.start(GatewayConfigLoader.load(site.config),
                new SslVpnServer.Environment(module, site.audit, "9.9-test", 1))) {
            int port = server.boundAddresses().getFirst().getPort();
            Process client = new ProcessBuilder(openconnect.toString(), "--protocol=anyconnect", "--no-dtls",
                    "--certificate", tls.userCert.toString(), "--sslkey", tls.userKey.toString(), "--cafile",
                    tls.caFile.toString(), "--non-inter", "--script-tun", "--script",
                    python + " " + peer + " " + result + " " + GATEWAY, "https://127.0.0.1:" + port + "/")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("openconnect.log").toFile()).start();
            boolean exited = client.waitFor(60, TimeUnit.SECONDS);
            if (!exited) {
                client.destroyForcibly();
            }
            log = Files.readString(dir.resolve("openconnect.log"));
            String shown = log;
            assertTrue(exited, () -> "openconnect did not finish:\n" + shown);
            assertTrue(Files.exists(result), () -> "the packet program wrote nothing:\n" + shown);
            env = Files.readString(result);
            // openconnect exits once its BYE is sent; the gateway may not have read it yet: wait for the session's
            // end before stopping the server, or the end is recorded as server-stop (seen under load).
            site.whenEvents("sslvpn.session-end", 1).get(30, TimeUnit.SECONDS);
        }
        assertTrue(env.contains("REPLY type=0 from=" + GATEWAY + " payload=gmgw interop"), env);
        assertTrue(env.matches("(?s).*INTERNAL_IP4_ADDRESS=192\\.168\\.99\\.\\d+\n.*"), env);
        assertTrue(env.contains("INTERNAL_IP4_NETMASK=255.255.255.0\n"), env);
        assertTrue(env.matches("(?s).*INTERNAL_IP6_NETMASK=fd00:99::[0-9a-f:]+/64\n.*"), env);
        assertTrue(env.contains("CISCO_SPLIT_INC_0_ADDR=10.20.0.0\n"), env);
        assertTrue(env.contains("CISCO_DEF_DOMAIN=corp.example\n"), env);
        assertTrue(env.contains("CISCO_BANNER=Authorised use only\n"), env);
        for (String required : REQUIRED) {
            assertTrue(env.contains(required + "="), () -> required + " not in CISCO_CSTP_OPTIONS: " + env);
        }
        assertTrue(log.contains("Send BYE packet"), log);
        AuditEvent end = site.events.stream().filter(e -> e.event().equals("sslvpn.session-end")).findFirst()
                .orElseThrow();
        assertEquals("logout", end.details().get("reason"));
        assertEquals("1", end.details().get("packetsIn"));
        assertTrue(site.events.stream().anyMatch(e -> e.event().equals("tls.handshake")
                && e.outcome().name().equals("SUCCESS")), "the TLS handshake is audited");
    }
}
