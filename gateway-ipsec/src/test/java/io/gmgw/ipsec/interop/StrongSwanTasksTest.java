package io.gmgw.ipsec.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.ipsec.ike.config.ChildConfig;
import io.gmgw.ipsec.ike.config.EspProposal;
import io.gmgw.ipsec.ike.config.Phase1Config;
import io.gmgw.ipsec.ike.config.Phase1Proposal;
import io.gmgw.ipsec.ike.config.RetransmitPolicy;
import io.gmgw.ipsec.ike.config.TrafficSelector;
import io.gmgw.ipsec.ike.sa.ChildSa;
import io.gmgw.ipsec.ike.task.IkeEvent;
import io.gmgw.ipsec.ike.task.IsakmpSession;
import io.gmgw.ipsec.isakmp.Octets;
import io.gmgw.ipsec.isakmp.payload.Identification;
import io.gmgw.ipsec.profile.WireProfiles;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our main-mode and quick-mode tasks against a live charon (strongSwan 5.9.8) over real UDP in a namespace, both
 * ways, PSK with aes128-sha256-modp2048 and ESP aes128-sha256 with PFS: the IKE SA and the CHILD SA up on both sides
 * ({@code swanctl --list-sas} shows them with our SPIs), our ESP keys equal to the KEYMAT charon logs, and our delete
 * removing them from charon. One namespace and one charon for the class.
 */
class StrongSwanTasksTest {
    private static final String PSK = "gmgw-tasks-psk";
    private static final TrafficSelector OUR_NET = TrafficSelector.parse("10.230.1.0/24");
    private static final TrafficSelector CHARON_NET = TrafficSelector.parse("10.230.2.0/24");
    @TempDir
    static Path dir;
    private static CharonNamespace charon;
    private final SecureRandom random = new SecureRandom();

    @BeforeAll
    static void startCharon() throws Exception {
        charon = CharonNamespace.create(Files.createDirectories(dir.resolve("charon")));
        // kernel-libipsec routes the CHILD SA's traffic into its TUN device: charon needs an address in its own
        // subnet and a route towards ours, as a gateway would have, or installing the SA fails.
        charon.ip("addr", "add", "10.230.2.1/24", "dev", "lo");
        charon.ip("route", "add", OUR_NET.toString(), "via", charon.hostAddress);
        charon.start("ike = 2\n chd = 4\n");
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
                        esp_proposals = aes128-sha256-modp2048
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
    }

    @AfterAll
    static void stopCharon() throws Exception {
        if (charon != null) {
            charon.close();
        }
    }

    @Test
    void gmgwInitiatesAndCharonResponds() throws Exception {
        charon.skipLogSoFar();
        IsakmpSession s = IsakmpSession.initiator(phase1(), List.of(child()), random);
        try (UdpIkeLoop loop = loop()) {
            loop.handle(s.initiate(loop.now()));
            assertTrue(loop.runUntil(s, () -> s.establishedSa().isPresent() || s.failed(), Duration.ofSeconds(30)),
                    () -> "main mode did not finish: " + loop.events);
            assertTrue(s.establishedSa().isPresent(), () -> loop.events.toString());
            loop.handle(s.startQuickMode(child(), loop.now()));
            assertTrue(loop.runUntil(s, () -> !s.childSas().isEmpty(), Duration.ofSeconds(30)),
                    () -> "quick mode did not finish: " + loop.events);
            ChildSa ours = s.childSas().getFirst();
            charon.awaitDump("integrity responder key", 15);
            // charon is the responder: its "initiator" keys protect our outbound traffic
            assertKeys(ours.outbound(), ours.inbound());
            assertListed(ours);

            loop.handle(s.delete());
            charon.awaitLog("deleting IKE_SA", 15);
            String after = charon.swanctlOutput("--list-sas");
            assertTrue(!after.contains("ESTABLISHED"), after);
        }
    }

    @Test
    void charonInitiatesAndGmgwResponds() throws Exception {
        charon.skipLogSoFar();
        IsakmpSession s = IsakmpSession.responder(phase1(), List.of(child()), random);
        try (UdpIkeLoop loop = loop()) {
            charon.swanctlInBackground("--initiate", "--child", "net", "--timeout", "30");
            assertTrue(loop.runUntil(s, () -> !s.childSas().isEmpty() || s.failed(), Duration.ofSeconds(40)),
                    () -> "no CHILD SA: " + loop.events + "\n" + charon.logTail(60));
            assertTrue(loop.events.stream().anyMatch(e -> e instanceof IkeEvent.IsakmpSaEstablished est
                    && est.initialContact()), () -> "charon says INITIAL-CONTACT: " + loop.events);
            ChildSa ours = s.childSas().getFirst();
            charon.awaitDump("integrity responder key", 15);
            // charon is the initiator: its "initiator" keys protect our inbound traffic
            assertKeys(ours.inbound(), ours.outbound());
            assertListed(ours);
            loop.handle(s.delete());
            charon.awaitLog("deleting IKE_SA", 15);
        }
    }

    private static void assertKeys(ChildSa.Direction initiatorToResponder, ChildSa.Direction responderToInitiator) {
        CharonLog log = charon.logSoFar();
        assertArrayEquals(last(log, "encryption initiator key"), initiatorToResponder.encryptionKey());
        assertArrayEquals(last(log, "integrity initiator key"), initiatorToResponder.integrityKey());
        assertArrayEquals(last(log, "encryption responder key"), responderToInitiator.encryptionKey());
        assertArrayEquals(last(log, "integrity responder key"), responderToInitiator.integrityKey());
    }

    private static byte[] last(CharonLog log, String label) {
        List<byte[]> all = log.all(label);
        assertTrue(!all.isEmpty(), "charon logged no " + label);
        return all.getLast();
    }

    /** charon lists the IKE SA as established and the CHILD SA as installed, with our SPIs (its "in" is our out). */
    private static void assertListed(ChildSa ours) throws Exception {
        String sas = charon.swanctlOutput("--list-sas");
        assertTrue(sas.contains("ESTABLISHED") && sas.contains("IKEv1"), sas);
        assertTrue(sas.contains("INSTALLED"), () -> sas + charon.logTail(40));
        assertTrue(sas.contains("in  " + "%08x".formatted(ours.outbound().spi())), sas);
        assertTrue(sas.contains("out " + "%08x".formatted(ours.inbound().spi())), sas);
        assertTrue(sas.contains("local  " + CHARON_NET) && sas.contains("remote " + OUR_NET), sas);
    }

    private UdpIkeLoop loop() throws Exception {
        return new UdpIkeLoop(InetAddress.getByName(charon.hostAddress), InetAddress.getByName(charon.charonAddress));
    }

    private static Phase1Config phase1() throws Exception {
        InetSocketAddress local = new InetSocketAddress(InetAddress.getByName(charon.hostAddress), 500);
        InetSocketAddress remote = new InetSocketAddress(InetAddress.getByName(charon.charonAddress), 500);
        return new Phase1Config(WireProfiles.builtIn().require("rfc2409"),
                List.of(Phase1Proposal.aes128Sha256Modp2048Psk(10800)), PSK.getBytes(StandardCharsets.US_ASCII),
                id(local), id(remote), local, remote, true, RetransmitPolicy.DEFAULT);
    }

    private static ChildConfig child() {
        return new ChildConfig("net", OUR_NET, CHARON_NET, List.of(EspProposal.aesCbcSha256(128)), 14, 3600, 0,
                RetransmitPolicy.DEFAULT);
    }

    private static Identification id(InetSocketAddress a) {
        return new Identification(Identification.IPV4_ADDR, 0, 0, Octets.of(a.getAddress().getAddress()));
    }
}
