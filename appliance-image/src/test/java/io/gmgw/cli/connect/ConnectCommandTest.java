package io.gmgw.cli.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.cli.GmgwRun;
import io.gmgw.cli.Launcher;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code gmgw connect} over TLCP against the scripted gateway, in-process, over loopback. */
class ConnectCommandTest {
    static final CryptoModule MODULE = TestModules.deterministic("connect-cli-tests");

    @TempDir
    static Path dir;
    static Path pki;
    static ScriptedCstpGateway gateway;

    record Run(int exitCode, String out, String err) {
    }

    @BeforeAll
    static void start() throws Exception {
        pki = dir.resolve("pki");
        for (String[] args : List.of(new String[] {"pki", "init", "--dir", pki.toString()},
                new String[] {"pki", "issue", "--dir", pki.toString(), "--server", "localhost"},
                new String[] {"pki", "issue", "--dir", pki.toString(), "--client", "alice"})) {
            GmgwRun r = GmgwRun.run(() -> MODULE, args);
            assertEquals(0, r.exitCode(), r::toString);
        }
        gateway = new ScriptedCstpGateway(MODULE, pki);
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
    }

    static Run connect(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of("connect", "https://localhost:" + gateway.port() + "/",
                "--trust", pki.resolve("root/ca.cert.pem").toString()));
        all.addAll(List.of(args));
        int code = new Launcher(() -> MODULE, new PrintWriter(out), new PrintWriter(err),
                new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream()).execute(all.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    static String[] alice(String... more) {
        List<String> a = new ArrayList<>(List.of("--sign-key", pki.resolve("issued/alice/sign.key.pem").toString(),
                "--enc-key", pki.resolve("issued/alice/enc.key.pem").toString()));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    @Test
    void pingThroughTheTunnelAndLogOff() throws Exception {
        int before = gateway.byes.size();
        Run r = connect(alice("--ping", ScriptedCstpGateway.TUNNEL_SIDE, "--count", "2", "--interval", "0.2"));
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("64 bytes from 192.168.99.1: icmp_seq=1 ttl=64 time="), r.out());
        assertTrue(r.out().contains("2 packets transmitted, 2 received, 0% packet loss"), r.out());
        assertTrue(r.err().contains("tunnel up over TLCP"), r.err());
        assertTrue(r.err().contains("address 192.168.99.2/24, MTU 1378, DPD 90 s"), r.err());
        assertEquals("b0:ping finished", gateway.byes.get(before).get(10, java.util.concurrent.TimeUnit.SECONDS),
                "BYE = DISCONNECT 0xB0 + reason (cstp.md §10)");
    }

    @Test
    void jsonSummaryShowsTheResumedSessionAndTheTunnel() throws Exception {
        Run r = connect(alice("--ping", ScriptedCstpGateway.TUNNEL_SIDE, "--count", "1", "--json"));
        assertEquals(0, r.exitCode(), r::toString);
        JsonNode j = JsonMapper.builder().build().readTree(r.out());
        assertEquals("logged_off", j.get("result").asString());
        assertEquals("192.168.99.2/24", j.get("tunnel").get("ipv4").asString());
        assertEquals("10.20.0.0/16", j.get("tunnel").get("routes").get(0).asString());
        assertTrue(j.get("sessionResumed").asBoolean(), "the tunnel connection resumed the login's TLCP session");
        assertEquals(1, j.get("ping").get("received").asInt());
        assertTrue(gateway.requests.stream().anyMatch(q -> q.startsWith("CONNECT /CSCOSSLC/tunnel resumed=true "
                + "webvpn=T0KEN")), gateway.requests::toString);
    }

    /** A packet program on $VPNFD: one echo request from the tunnel address, exit 0 when its reply comes back. */
    private static final String PEER = """
            import os, socket, struct, sys
            def csum(b):
                if len(b) % 2: b += b"\\0"
                s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
                while s >> 16: s = (s & 0xffff) + (s >> 16)
                return ~s & 0xffff
            src = socket.inet_aton(os.environ["INTERNAL_IP4_ADDRESS"])
            dst = socket.inet_aton(sys.argv[1])
            icmp = struct.pack("!BBHHH", 8, 0, 0, 0x4242, 1) + b"gmgw"
            icmp = icmp[:2] + struct.pack("!H", csum(icmp)) + icmp[4:]
            ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(icmp), 1, 0, 64, 1, 0, src, dst)
            ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
            s = socket.socket(fileno=int(os.environ["VPNFD"]))
            s.send(ip + icmp)
            reply = s.recv(65535)
            sys.exit(0 if reply[9] == 1 and reply[20] == 0 and reply[12:16] == dst else 3)
            """;

    @Test
    void scriptTunHandsThePacketsToTheProgram() throws Exception {
        java.nio.file.Path python = io.gmgw.testing.SystemPeers.requireProgram("python3", "apt-get install python3");
        java.nio.file.Path peer = dir.resolve("peer.py");
        java.nio.file.Files.writeString(peer, PEER);
        Run r = connect(alice("--script-tun", "--script", python + " " + peer + " "
                + ScriptedCstpGateway.TUNNEL_SIDE));
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.err().contains("the script exited with status 0"), r.err());
    }

    @Test
    void unansweredPingsExitOne() {
        Run r = connect(alice("--ping", "192.168.99.77", "--count", "1", "--wait", "0.5"));
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.err().contains("1 of 1 echo requests to 192.168.99.77 got no reply"), r.err());
        assertTrue(r.out().contains("1 packets transmitted, 0 received, 100% packet loss"), r.out());
    }

    @Test
    void loginWithoutACertificateIsRefused() {
        Run r = connect("--ping", ScriptedCstpGateway.TUNNEL_SIDE);
        assertEquals(77, r.exitCode(), r::toString);
        assertTrue(r.err().contains("the gateway refused the login (HTTP 401"), r.err());
    }

    @Test
    void packetOptionsAndUrlsAreChecked() {
        // without --ping or --script-tun the client runs in TUN mode (root, a device on this host): the tests module
        // proves it in network namespaces (GmgwClientTunTest); here only the combinations that are usage errors
        assertEquals(64, connect(alice("--script", "cat")).exitCode());
        Run tunName = connect(alice("--ping", "10.0.0.1", "--interface", "vpn0"));
        assertEquals(64, tunName.exitCode(), tunName::toString);
        assertTrue(tunName.err().contains("--interface is for TUN mode"), tunName.err());
        Run bad = new Run(new Launcher(() -> MODULE, new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter())).execute("connect", "http://localhost/", "--trust", "x.pem",
                "--ping", "10.0.0.1"), "", "");
        assertEquals(64, bad.exitCode());
    }

    @Test
    void nobodyListeningIsUnavailable() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        StringWriter err = new StringWriter();
        int code = new Launcher(() -> MODULE, new PrintWriter(new StringWriter()), new PrintWriter(err))
                .execute("connect", "https://127.0.0.1:" + port + "/", "--trust",
                        pki.resolve("root/ca.cert.pem").toString(), "--ping", "10.0.0.1");
        assertEquals(69, code, err::toString);
        assertTrue(err.toString().contains("cannot connect to 127.0.0.1:" + port), err.toString());
    }
}
