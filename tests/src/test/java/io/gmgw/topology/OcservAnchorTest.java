package io.gmgw.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.crypto.sm3.Sm3Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The reference pair in the namespace topology: stock openconnect 9.01 logs in to stock ocserv 1.1.6 with its client
 * certificate and carries packets, once to a program over {@code --script-tun} and once through a real TUN device to
 * a host inside. This proves the topology, the test PKI and the programs before gmgw's gateway and client take the
 * places of ocserv and openconnect in it (the same tests, other servers), and it is the anchor of the tunnel
 * benchmark ({@code io.gmgw.bench.tunnel}).
 */
@Timeout(90)
class OcservAnchorTest {
    private static final Duration LOGIN = Duration.ofSeconds(30);
    private static final int TRANSFER_BYTES = 20 << 20;
    private static final int TRANSFER_PORT = 5001;

    @TempDir
    Path dir;

    @Test
    void scriptTunPingGetsRepliesFromOcservsTunnelAddress() throws Exception {
        try (NamespaceTopology topology = NamespaceTopology.create(dir)) {
            TlsTestPki pki = TlsTestPki.create(dir.resolve("pki"), topology.addresses().gatewayOuter4());
            TopologyPrograms programs = TopologyPrograms.install(dir);
            Ocserv ocserv = Ocserv.start(topology, pki);
            Path result = dir.resolve("packet-peer.json");
            String script = programs.python() + " " + programs.path(TopologyPrograms.PACKET_PEER) + " "
                    + ocserv.tunnelAddress4() + " 3 " + result;
            NamespaceProcess client = OpenConnect.startScriptTun(topology, pki, ocserv.url(), script);
            await(client, Pattern.compile("packet-peer: done"), ocserv);

            JsonNode r = JsonMapper.builder().build().readTree(Files.readString(result));
            String context = "\n" + r + "\n--- openconnect ---\n" + client.transcript();
            assertEquals(3, r.get("received").asInt(), "echo replies from ocserv's tunnel address" + context);
            assertTrue(r.get("problems").isEmpty(), "malformed packets from the tunnel" + context);
            assertTrue(client.transcript().contains("Using client certificate '" + TlsTestPki.USER + "'"), context);

            JsonNode env = r.get("environment");
            Map<String, String> cstp = cstpOptions(env.get("CISCO_CSTP_OPTIONS").asString());
            String address = env.get("INTERNAL_IP4_ADDRESS").asString();
            assertEquals(address, cstp.get("X-CSTP-Address"), "X-CSTP-Address is the address openconnect took"
                    + context);
            assertTrue(address.startsWith("10.71.3.") && !address.equals(ocserv.tunnelAddress4()),
                    "an address from the pool " + topology.addresses().pool4() + context);
            int mtu = Integer.parseInt(cstp.get("X-CSTP-MTU"));
            assertEquals(mtu, env.get("INTERNAL_IP4_MTU").asInt(), "X-CSTP-MTU is the tunnel MTU" + context);
            // TCP only: link MTU 1500 less IPv4 + UDP headers, no DTLS overhead (cstp.md §7).
            assertEquals(1500 - 28, mtu, context);
            assertEquals(topology.addresses().insideNet4().replace("/24", "/255.255.255.0"),
                    cstp.get("X-CSTP-Split-Include"), "the route to the inside network" + context);
        }
    }

    @Test
    void tunModeCarries20MiBToAnInsideHostIntact() throws Exception {
        try (NamespaceTopology topology = NamespaceTopology.create(dir)) {
            TopologyAddresses a = topology.addresses();
            TlsTestPki pki = TlsTestPki.create(dir.resolve("pki"), a.gatewayOuter4());
            TopologyPrograms programs = TopologyPrograms.install(dir);
            String python = programs.python().toString();
            String transfer = programs.path(TopologyPrograms.TCP_TRANSFER).toString();
            Path sent = dir.resolve("sent.bin");
            Path received = dir.resolve("received.bin");
            byte[] digest = writeRandomFile(sent, TRANSFER_BYTES);

            NamespaceProcess receiver = topology.inside().start("tcp-receive", python, transfer, "receive",
                    Integer.toString(TRANSFER_PORT), received.toString());
            receiver.awaitLine(Pattern.compile("tcp-transfer: listening"), LOGIN);
            Ocserv ocserv = Ocserv.start(topology, pki);
            NamespaceProcess client = OpenConnect.startTun(topology, pki, ocserv.url(), programs);
            Matcher configured = await(client, OpenConnect.TUN_CONFIGURED, ocserv);
            String tun = configured.group(1);
            assertTrue(topology.client().runChecked("ip", "route", "get", a.inside4()).contains("dev " + tun),
                    "the inside host is reached through " + tun);

            for (String target : List.of(a.inside4(), a.inside6())) {
                CommandResult ping = topology.client().run(Duration.ofSeconds(20), Map.of(), List.of(python,
                        programs.path(TopologyPrograms.ICMP_PROBE).toString(), target, "3", "20", "10"));
                assertTrue(ping.ok(), "echo through the tunnel to " + target + ": " + ping.describe()
                        + "\n--- openconnect ---\n" + client.transcript());
            }

            long tunBytesBefore = txBytes(topology.client(), tun);
            CommandResult send = topology.client().run(Duration.ofSeconds(60), Map.of(), List.of(python, transfer,
                    "send", a.inside4(), Integer.toString(TRANSFER_PORT), sent.toString()));
            assertTrue(send.ok(), send.describe());
            assertEquals(0, receiver.awaitExit(Duration.ofSeconds(30)), receiver.transcript());
            assertEquals(TRANSFER_BYTES, Files.size(received));
            assertArrayEquals(digest, sm3(received), "SM3 of the bytes received inside");
            assertTrue(txBytes(topology.client(), tun) - tunBytesBefore >= TRANSFER_BYTES,
                    "the transfer went through " + tun);
        }
    }

    /** The client's line, or a failure that shows what ocserv said too. */
    static Matcher await(NamespaceProcess client, Pattern line, Ocserv ocserv) throws InterruptedException {
        try {
            return client.awaitLine(line, LOGIN);
        } catch (TimeoutException e) {
            throw new AssertionError(e.getMessage() + "\n--- ocserv ---\n" + ocserv.process().transcript(), e);
        }
    }

    /** {@code Header=value} lines of CISCO_CSTP_OPTIONS; the first value of a repeated header. */
    static Map<String, String> cstpOptions(String options) {
        Map<String, String> map = new HashMap<>();
        for (String line : options.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                map.putIfAbsent(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return map;
    }

    static long txBytes(Namespace ns, String device) {
        // ip netns exec mounts the namespace's own /sys, so this is the device in there.
        return Long.parseLong(ns.runChecked("cat", "/sys/class/net/" + device + "/statistics/tx_bytes").strip());
    }

    static byte[] writeRandomFile(Path file, int length) throws IOException {
        Random random = new Random(15);
        Sm3Digest sm3 = module().sm3().newDigest();
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int left = length; left > 0; left -= chunk.length) {
                random.nextBytes(chunk);
                int n = Math.min(left, chunk.length);
                out.write(chunk, 0, n);
                sm3.update(chunk, 0, n);
            }
        }
        return sm3.doFinal();
    }

    static byte[] sm3(Path file) throws IOException {
        Sm3Digest sm3 = module().sm3().newDigest();
        byte[] chunk = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(chunk)) > 0;) {
                sm3.update(chunk, 0, n);
            }
        }
        return sm3.doFinal();
    }

    private static CryptoModule module() {
        return TestModules.deterministic("ocserv-anchor");
    }
}
