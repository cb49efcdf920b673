package io.gmgw.ipsec.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.gateway.ip.IpPrefix;
import io.gmgw.gateway.tun.IpCommand;
import io.gmgw.gateway.tun.TunDevice;
import io.gmgw.gateway.tun.TunSettings;
import io.gmgw.ipsec.esp.EspSaPair;
import io.gmgw.ipsec.esp.EspSaSettings;
import io.gmgw.ipsec.esp.EspSaTable;
import io.gmgw.ipsec.esp.io.EspUdpDataPlane;
import io.gmgw.ipsec.ike.config.ChildConfig;
import io.gmgw.ipsec.ike.config.EspProposal;
import io.gmgw.ipsec.ike.config.Phase1Config;
import io.gmgw.ipsec.ike.config.Phase1Proposal;
import io.gmgw.ipsec.ike.config.RetransmitPolicy;
import io.gmgw.ipsec.ike.config.TrafficSelector;
import io.gmgw.ipsec.ike.sa.ChildSa;
import io.gmgw.ipsec.ike.task.IkeEvent;
import io.gmgw.ipsec.ike.task.IsakmpSession;
import io.gmgw.ipsec.ike.task.Outbound;
import io.gmgw.ipsec.ike.task.TaskStep;
import io.gmgw.ipsec.isakmp.Octets;
import io.gmgw.ipsec.isakmp.payload.Identification;
import io.gmgw.ipsec.profile.WireProfiles;
import io.gmgw.testing.TestPrograms;
import io.netty.buffer.PooledByteBufAllocator;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our ESP data plane against charon's (strongSwan 5.9.8, kernel-libipsec): gmgw initiates main mode and quick mode
 * over the data plane's own UDP sockets, installs the CHILD SA in its {@link EspSaTable}, and ICMP echo from charon's
 * inside address (10.232.N.1, in its namespace) to our TUN device's address (10.231.N.1) goes through charon's ESP-in-UDP
 * to our TUN device, is answered by the host's kernel, and comes back through our ESP: with AES-CBC + HMAC-SHA-256-128
 * and with AES-GCM-16. One namespace, one charon, one TUN device for the class.
 */
class StrongSwanEspTest {
    private static final String PSK = "gmgw-esp-psk";
    private static final int NET = (int) (ProcessHandle.current().pid() % 250);
    private static final String OUR_ADDRESS = "10.231." + NET + ".1";
    private static final String CHARON_INSIDE = "10.232." + NET + ".1";
    private static final TrafficSelector OUR_NET = TrafficSelector.parse("10.231." + NET + ".0/24");
    private static final TrafficSelector CHARON_NET = TrafficSelector.parse("10.232." + NET + ".0/24");
    @TempDir
    static Path dir;
    private static CharonNamespace charon;
    private static TunDevice tun;
    private static EspUdpDataPlane plane;
    private static Path probe;
    private static final EspSaTable TABLE = new EspSaTable();
    private static final BlockingQueue<Datagram> IKE = new LinkedBlockingQueue<>();
    private final SecureRandom random = new SecureRandom();
    private final Clock clock = Clock.systemUTC();
    private final List<IkeEvent> events = new ArrayList<>();

    private record Datagram(byte[] message, boolean natT) {
    }

    @BeforeAll
    static void start() throws Exception {
        charon = CharonNamespace.create(Files.createDirectories(dir.resolve("charon")));
        charon.ip("addr", "add", CHARON_INSIDE + "/24", "dev", "lo");
        // installing the CHILD SA needs a route towards our subnet (see StrongSwanTasksTest); once it is up the test
        // points that route into kernel-libipsec's TUN device
        charon.ip("route", "add", OUR_NET.toString(), "via", charon.hostAddress);
        charon.start("ike = 2\n", "gcm");
        Files.writeString(charon.dir.resolve("swanctl.conf"), """
                connections {
                  gw {
                    version = 1
                    local_addrs = %1$s
                    remote_addrs = %2$s
                    proposals = aes128-sha256-modp2048
                    local {
                      auth = psk
                      id = %1$s
                    }
                    remote {
                      auth = psk
                      id = %2$s
                    }
                    children {
                      net {
                        local_ts = %3$s
                        remote_ts = %4$s
                        esp_proposals = aes128-sha256-modp2048, aes128gcm16-modp2048
                      }
                    }
                  }
                }
                secrets {
                  ike-gw {
                    id-a = %1$s
                    id-b = %2$s
                    secret = %5$s
                  }
                }
                """.formatted(charon.charonAddress, charon.hostAddress, CHARON_NET, OUR_NET, PSK));
        charon.swanctl("--load-all", "--file", charon.dir.resolve("swanctl.conf").toString());
        tun = TunDevice.open("gmesp" + ProcessHandle.current().pid() % 100000, PooledByteBufAllocator.DEFAULT);
        new IpCommand().apply(tun.name(), new TunSettings(1400, List.of(IpPrefix.parse(OUR_ADDRESS + "/24",
                "TUN address")), List.of(IpPrefix.parse(CHARON_NET.toString(), "route"))));
        plane = EspUdpDataPlane.start(InetAddress.getByName(charon.hostAddress), 500, 4500, TABLE, tun,
                (m, natT, from) -> IKE.add(new Datagram(m, natT)), PooledByteBufAllocator.DEFAULT);
        probe = TestPrograms.install(TestPrograms.ICMP_PROBE, dir.resolve(TestPrograms.ICMP_PROBE));
    }

    @AfterAll
    static void stop() throws Exception {
        if (plane != null) {
            plane.close();
        }
        if (tun != null) {
            tun.close();
        }
        TABLE.clear();
        if (charon != null) {
            charon.close();
        }
    }

    @Test
    void pingThroughAesCbcHmacSha256() throws Exception {
        pingThrough(EspProposal.aesCbcSha256(128));
    }

    @Test
    void pingThroughAesGcm16() throws Exception {
        pingThrough(EspProposal.aesGcm16(128));
    }

    private void pingThrough(EspProposal proposal) throws Exception {
        charon.skipLogSoFar();
        ChildConfig child = new ChildConfig("net", OUR_NET, CHARON_NET, List.of(proposal), 14, 3600, 0,
                RetransmitPolicy.DEFAULT);
        IsakmpSession s = IsakmpSession.initiator(phase1(), List.of(child), random);
        handle(s.initiate(clock.instant()));
        assertTrue(runUntil(s, () -> s.establishedSa().isPresent() || s.failed()), () -> "main mode: " + events);
        handle(s.startQuickMode(child, clock.instant()));
        assertTrue(runUntil(s, () -> !s.childSas().isEmpty() || s.failed()), () -> "quick mode: " + events
                + "\n" + charon.logTail(40));
        ChildSa sa = s.childSas().getFirst();
        assertTrue(s.natTPort(), "charon with kernel-libipsec floats to UDP 4500");
        EspSaPair pair = EspSaPair.fromChildSa(sa, new InetSocketAddress(charon.charonAddress, 4500),
                EspSaSettings.DEFAULT, random, e -> { });
        TABLE.install(pair);
        try {
            charon.ip("route", "replace", OUR_NET.toString(), "dev", "ipsec0", "src", CHARON_INSIDE);
            Process ping = new ProcessBuilder("ip", "netns", "exec", charon.namespace, "/usr/bin/python3",
                    probe.toString(), OUR_ADDRESS, "3", "200", "20").redirectErrorStream(true).start();
            String out = new String(ping.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(ping.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, ping.exitValue(), () -> "no echo replies through ESP: " + out + "\nplane: in "
                    + pair.inbound().counters().snapshot() + ", out " + pair.outbound().counters().snapshot()
                    + ", unknown SPI " + plane.counters().unknownSpi() + ", no SA " + plane.counters().noSa()
                    + "\n" + charon.logTail(30));
            assertTrue(pair.inbound().counters().packets() >= 3, () -> pair.inbound().counters().snapshot()
                    .toString());
            assertTrue(pair.outbound().counters().packets() >= 3);
            assertEquals(0, pair.inbound().counters().snapshot().authFailures());
            assertEquals(0, pair.inbound().counters().snapshot().replayDrops());
            String sas = charon.swanctlOutput("--list-sas");
            assertTrue(sas.contains(proposal.aead() ? "AES_GCM_16-128" : "AES_CBC-128/HMAC_SHA2_256_128"), sas);
        } finally {
            charon.ip("route", "replace", OUR_NET.toString(), "via", charon.hostAddress);
            assertTrue(TABLE.remove(pair));
            assertTrue(pair.inbound().isDestroyed() && pair.outbound().isDestroyed(), "our copies of the keys wiped");
        }
        handle(s.delete());
        charon.awaitLog("deleting IKE_SA", 15);
        assertFalse(charon.swanctlOutput("--list-sas").contains("ESTABLISHED"));
    }

    private void handle(TaskStep step) throws Exception {
        events.addAll(step.events());
        for (Outbound o : step.send()) {
            plane.sendIke(o.datagram(), o.natTPort(), new InetSocketAddress(charon.charonAddress,
                    o.natTPort() ? 4500 : 500));
        }
    }

    /** Feeds the session what the data plane's sockets received until {@code done}, for at most 30 s. */
    private boolean runUntil(IsakmpSession s, BooleanSupplier done) throws Exception {
        Instant end = clock.instant().plus(Duration.ofSeconds(30));
        while (!done.getAsBoolean()) {
            Instant now = clock.instant();
            if (!now.isBefore(end)) {
                return false;
            }
            Instant wake = s.deadline().filter(d -> d.isBefore(end)).orElse(end);
            Datagram d = IKE.poll(Math.max(1, Duration.between(now, wake).toMillis()), TimeUnit.MILLISECONDS);
            if (d != null) {
                handle(s.receive(d.message(), d.natT(), clock.instant()));
            }
            handle(s.tick(clock.instant()));
        }
        return true;
    }

    private static Phase1Config phase1() throws Exception {
        InetSocketAddress local = new InetSocketAddress(InetAddress.getByName(charon.hostAddress), 500);
        InetSocketAddress remote = new InetSocketAddress(InetAddress.getByName(charon.charonAddress), 500);
        return new Phase1Config(WireProfiles.builtIn().require("rfc2409"),
                List.of(Phase1Proposal.aes128Sha256Modp2048Psk(10800)), PSK.getBytes(StandardCharsets.US_ASCII),
                id(local), id(remote), local, remote, true, RetransmitPolicy.DEFAULT);
    }

    private static Identification id(InetSocketAddress a) {
        return new Identification(Identification.IPV4_ADDR, 0, 0, Octets.of(a.getAddress().getAddress()));
    }
}
