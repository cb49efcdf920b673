package io.gmgw.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.testing.SystemPeers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The issue's namespace proof, gmgw on both ends: {@code gmgw sslvpn run} with {@code data-plane.mode: tun} in the
 * gateway namespace (its TUN device made there), {@code gmgw connect} over TLCP with the user's key files in TUN mode
 * in the client namespace. The inside host answers pings of both families through the tunnel and receives 32 MiB over TCP intact (SM3
 * compared); a second inside address that the group's signed ACL does not permit is unreachable, and the gateway's
 * audit log has its {@code policy.drop} record. On SIGTERM both ends remove their devices. The PKI and the ACL's
 * signature come from {@code gmgw pki} and {@code gmgw acl sign}, each run as its own process, as an operator would.
 * Needs root, iproute2, /dev/net/tun and python3: skipped on a laptop without them, failed under CI=true.
 */
@Timeout(120)
class GmgwGatewayTunTest {
    private static final Duration UP = Duration.ofSeconds(60);
    private static final int TRANSFER_BYTES = 32 << 20;
    private static final int TRANSFER_PORT = 5003;
    /** A second address of the inside host that the group's ACL does not permit. */
    private static final String DENIED = "10.71.2.3";
    private static final String USER = "alice";
    private static final String GROUP = "staff";
    private static final String GATEWAY_DEVICE = "gmgwgw0";
    private static final Pattern TUN_UP = Pattern.compile("TUN device (\\S+) up: addresses (.+), MTU (\\d+)");

    @TempDir
    Path dir;

    @Test
    void tlcpTunnelThroughAGmgwGatewayInTunModeCarriesTrafficAndDropsWhatTheAclDenies() throws Exception {
        SystemPeers.require(Files.exists(Path.of("/dev/net/tun")), "/dev/net/tun is missing: TUN mode needs it");
        try (NamespaceTopology topology = NamespaceTopology.create(dir)) {
            TopologyAddresses a = topology.addresses();
            Path pki = dir.resolve("pki");
            issuePki(pki, a.gatewayOuter4());
            Path acl = writeSignedAcl(pki, a.inside4(), a.inside6());
            Path config = writeGatewayConfig(pki, acl, a);
            Path gatewayLogs = dir.resolve("gateway-logs");
            TopologyPrograms programs = TopologyPrograms.install(dir);
            String python = programs.python().toString();
            String transfer = programs.path(TopologyPrograms.TCP_TRANSFER).toString();
            topology.inside().runChecked("ip", "addr", "add", DENIED + "/24", "dev", "in0");
            Path sent = dir.resolve("sent.bin");
            Path received = dir.resolve("received.bin");
            byte[] digest = OcservAnchorTest.writeRandomFile(sent, TRANSFER_BYTES);
            // listens on every inside address, the denied one too: a SYN the gateway let through would be accepted
            NamespaceProcess receiver = topology.inside().start("tcp-receive", python, transfer, "receive",
                    Integer.toString(TRANSFER_PORT), received.toString());
            receiver.awaitLine(Pattern.compile("tcp-transfer: listening"), UP);

            String gatewayBefore = GmgwClientTunTest.networkState(topology.gateway());
            NamespaceProcess gateway = topology.gateway().start("gmgw-gateway", GmgwClientTunTest.gmgw("sslvpn",
                    "run", "--config", config.toString()), Map.of("GMGW_LOG_DIR", gatewayLogs.toString()), dir);
            awaitLine(gateway, Pattern.compile("^ready$", Pattern.MULTILINE), gateway, gatewayLogs);
            assertTrue(topology.gateway().runChecked("ip", "-o", "addr", "show", "dev", GATEWAY_DEVICE)
                    .contains(a.poolGateway4() + "/24"), "the gateway's TUN device is in its namespace with the "
                    + "pool's first address\n" + gateway.transcript());
            String clientBefore = GmgwClientTunTest.networkState(topology.client());

            Path user = pki.resolve("issued").resolve(USER);
            NamespaceProcess client = topology.client().start("gmgw-connect", GmgwClientTunTest.gmgw("connect",
                    "https://" + a.gatewayOuter4() + ":4443/", "--trust", pki.resolve("root/ca.cert.pem").toString(),
                    "--sign-key", user.resolve("sign.key.pem").toString(), "--enc-key",
                    user.resolve("enc.key.pem").toString(), "--interface", "gmgwc%d"),
                    Map.of("GMGW_LOG_DIR", dir.resolve("client-logs").toString()), dir);
            Matcher up = awaitLine(client, TUN_UP, gateway, gatewayLogs);
            String tun = up.group(1);
            String context = "\n--- gmgw connect ---\n" + client.transcript() + "\n--- gateway ---\n"
                    + gateway.transcript();
            assertTrue(client.transcript().contains("TLCP"), "the client spoke TLCP" + context);
            assertTrue(up.group(2).startsWith("10.71.3."), "an address from the gateway's pool" + context);
            assertTrue(topology.client().runChecked("ip", "route", "get", a.inside4()).contains("dev " + tun),
                    "the group's route into the tunnel" + context);

            assertTrue(up.group(2).contains("fd71:3:"), "an IPv6 address from the gateway's pool" + context);
            for (String target : List.of(a.inside4(), a.inside6())) {
                CommandResult ping = topology.client().run(Duration.ofSeconds(20), Map.of(), List.of(python,
                        programs.path(TopologyPrograms.ICMP_PROBE).toString(), target, "3", "20", "10"));
                assertTrue(ping.ok(), "echo through the tunnel to " + target + ": " + ping.describe() + context);
            }

            // the denied address: routed into the tunnel by the group's /24, dropped by the gateway's ACL
            CommandResult denied = topology.client().run(Duration.ofSeconds(20), Map.of(), List.of(python, "-c",
                    "import socket,sys\ntry:\n socket.create_connection(('" + DENIED + "', " + TRANSFER_PORT
                            + "), timeout=3)\n print('connected')\nexcept OSError as e:\n print('refused:', e)\n"
                            + " sys.exit(1)\n"));
            assertFalse(denied.ok(), "no connection to " + DENIED + ": " + denied.describe() + context);

            long tunBytesBefore = OcservAnchorTest.txBytes(topology.client(), tun);
            long started = System.nanoTime();
            CommandResult send = topology.client().run(Duration.ofSeconds(60), Map.of(), List.of(python, transfer,
                    "send", a.inside4(), Integer.toString(TRANSFER_PORT), sent.toString()));
            assertTrue(send.ok(), send.describe() + context);
            assertEquals(0, receiver.awaitExit(Duration.ofSeconds(30)), receiver.transcript());
            long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
            assertEquals(TRANSFER_BYTES, Files.size(received));
            assertArrayEquals(digest, OcservAnchorTest.sm3(received), "SM3 of the bytes received inside");
            assertTrue(OcservAnchorTest.txBytes(topology.client(), tun) - tunBytesBefore >= TRANSFER_BYTES,
                    "the transfer went through " + tun + context);
            System.out.printf("GmgwGatewayTunTest: %d MiB client -> inside through the gmgw gateway in %d ms%n",
                    TRANSFER_BYTES >> 20, millis);

            assertTrue(ProcessHandle.of(client.pid()).orElseThrow().destroy(), "SIGTERM to the client");
            assertEquals(143, client.awaitExit(Duration.ofSeconds(15)), client.transcript());
            assertEquals(clientBefore, GmgwClientTunTest.networkState(topology.client()),
                    "the client namespace is as before\n" + client.transcript());
            assertTrue(ProcessHandle.of(gateway.pid()).orElseThrow().destroy(), "SIGTERM to the gateway");
            assertEquals(0, gateway.awaitExit(Duration.ofSeconds(20)), gateway.transcript());
            assertEquals(gatewayBefore, GmgwClientTunTest.networkState(topology.gateway()),
                    "the gateway's TUN device is gone\n" + gateway.transcript());

            // the audit queue is written out on shutdown: the sampled drop names the user, the 5-tuple and the list
            String audit = Files.readString(gatewayLogs.resolve("audit.log"));
            assertTrue(audit.lines().anyMatch(l -> l.contains("\"policy.drop\"") && l.contains(USER)
                    && l.contains("> " + DENIED + ":" + TRANSFER_PORT) && l.contains("vpn-" + GROUP)), "a policy.drop record\n" + audit);
        }
    }

    /** Root and issuing CA, the gateway's pair named for its address, the user's pair (OU=group), an ACL signer. */
    private void issuePki(Path pki, String gatewayAddress) {
        String d = pki.toString();
        gmgw("pki", "init", "--dir", d);
        gmgw("pki", "issue", "--dir", d, "--server", gatewayAddress);
        gmgw("pki", "issue", "--dir", d, "--client", USER, "--subject", "CN=" + USER + ", OU=" + GROUP);
        gmgw("pki", "issue", "--dir", d, "--client", "acl-signer", "--acl-signer");
    }

    /** The group's ACL: ping and TCP to the transfer port of the inside host, nothing else; signed. */
    private Path writeSignedAcl(Path pki, String inside, String inside6) throws IOException {
        Path acl = dir.resolve(GROUP + ".cisco-ios.cfg");
        Files.writeString(acl, "ip access-list extended vpn-" + GROUP + "\n"
                + " permit icmp any host " + inside + " echo\n"
                + " permit tcp any host " + inside + " eq " + TRANSFER_PORT + "\n"
                + " deny ip any any\n"
                + "ipv6 access-list vpn-" + GROUP + "-6\n"
                + " permit icmp any host " + inside6 + " echo-request\n"
                + " deny ipv6 any any\n");
        Path signer = pki.resolve("issued/acl-signer");
        gmgw("acl", "sign", acl.toString(), "--key", signer.resolve("sign.key.pem").toString(), "--cert",
                signer.resolve("sign.chain.pem").toString());
        return acl;
    }

    private Path writeGatewayConfig(Path pki, Path acl, TopologyAddresses a) throws IOException {
        Path server = pki.resolve("issued").resolve(a.gatewayOuter4());
        String root = pki.resolve("root/ca.cert.pem").toString();
        String crls = "[" + pki.resolve("root/ca.crl.pem") + ", " + pki.resolve("intermediate/ca.crl.pem") + "]";
        Path config = dir.resolve("gateway.yaml");
        Files.writeString(config, String.join("\n",
                "listen:",
                "  addresses: [" + a.gatewayOuter4() + "]",
                "  port: 4443",
                "tlcp:",
                "  sign-key: " + server.resolve("sign.key.pem"),
                "  enc-key: " + server.resolve("enc.key.pem"),
                "clients:",
                "  trust: [" + root + "]",
                "  crls: " + crls,
                "groups:",
                "  " + GROUP + ":",
                "    ipv4-pool: users",
                "    ipv6-pool: users",
                "    routes: [" + a.insideNet4() + ", " + a.insideNet6() + "]",
                "    acl: " + acl,
                "pools:",
                "  users:",
                "    ipv4: " + a.pool4(),
                "    ipv6: " + a.pool6().replace("/48", "/64"),
                "acl:",
                "  trust: [" + root + "]",
                "  crls: " + crls,
                "control:",
                "  socket: " + dir.resolve("run/gateway.sock"),
                "data-plane:",
                "  mode: tun",
                "  device: " + GATEWAY_DEVICE,
                ""));
        return config;
    }

    private void gmgw(String... args) {
        CommandResult r = Commands.run(GmgwClientTunTest.gmgw(args), Map.of("GMGW_LOG_DIR",
                dir.resolve("pki-logs").toString()), Duration.ofSeconds(60));
        assertEquals(0, r.exitCode(), r.describe());
    }

    private static Matcher awaitLine(NamespaceProcess process, Pattern line, NamespaceProcess gateway, Path logs)
            throws InterruptedException, IOException {
        try {
            return process.awaitLine(line, UP);
        } catch (TimeoutException e) {
            Path log = logs.resolve("gmgw.log");
            throw new AssertionError(e.getMessage() + "\n--- " + process.transcript() + "\n--- gateway ---\n"
                    + gateway.transcript() + "\n--- gateway log ---\n"
                    + (Files.exists(log) ? Files.readString(log) : "(none)"), e);
        }
    }
}
