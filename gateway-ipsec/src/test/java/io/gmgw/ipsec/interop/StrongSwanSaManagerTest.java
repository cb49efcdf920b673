package io.gmgw.ipsec.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.audit.Actor;
import io.gmgw.audit.Audit;
import io.gmgw.audit.AuditEvent;
import io.gmgw.gateway.ip.IpPrefix;
import io.gmgw.gateway.tun.IpCommand;
import io.gmgw.gateway.tun.TunDevice;
import io.gmgw.gateway.tun.TunSettings;
import io.gmgw.ipsec.esp.EspSaSettings;
import io.gmgw.ipsec.esp.EspSaTable;
import io.gmgw.ipsec.esp.io.EspUdpDataPlane;
import io.gmgw.ipsec.ike.config.ChildConfig;
import io.gmgw.ipsec.ike.config.EspProposal;
import io.gmgw.ipsec.ike.config.Phase1Config;
import io.gmgw.ipsec.ike.config.Phase1Proposal;
import io.gmgw.ipsec.ike.config.RetransmitPolicy;
import io.gmgw.ipsec.ike.config.TrafficSelector;
import io.gmgw.ipsec.isakmp.Octets;
import io.gmgw.ipsec.isakmp.payload.Identification;
import io.gmgw.ipsec.manager.DpdPolicy;
import io.gmgw.ipsec.manager.PeerConfig;
import io.gmgw.ipsec.manager.RekeyPolicy;
import io.gmgw.ipsec.manager.SaManager;
import io.gmgw.ipsec.manager.SaManagerDriver;
import io.gmgw.ipsec.manager.StartAction;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SA manager against charon (strongSwan 5.9.8, kernel-libipsec) over the data plane's own sockets and a TUN
 * device: gmgw brings the tunnel up, ICMP echo from charon's inside address to ours flows for about 50 s while gmgw
 * rekeys phase 1 (60 s lifetime, 25 s margin: a new main mode, the CHILD SA renewed under it, the old ISAKMP SA
 * deleted) and charon rekeys phase 2 (its {@code rekey_time = 20s}); then charon is killed and DPD (2 s / 8 s)
 * declares it dead and empties our SA table.
 */
class StrongSwanSaManagerTest {
    private static final String PSK = "gmgw-sa-manager-psk";
    private static final int NET = (int) (ProcessHandle.current().pid() % 250);
    private static final String OUR_ADDRESS = "10.233." + NET + ".1";
    private static final String CHARON_INSIDE = "10.234." + NET + ".1";
    private static final TrafficSelector OUR_NET = TrafficSelector.parse("10.233." + NET + ".0/24");
    private static final TrafficSelector CHARON_NET = TrafficSelector.parse("10.234." + NET + ".0/24");

    @TempDir
    Path dir;

    @Test
    void bothPhasesRekeyWhilePingFlowsAndDpdFindsAKilledCharon() throws Exception {
        List<AuditEvent> audit = new CopyOnWriteArrayList<>();
        CountDownLatch up = new CountDownLatch(1);
        CountDownLatch dead = new CountDownLatch(1);
        Audit a = new Audit(e -> {
            audit.add(e);
            if (e.event().equals("ipsec.child-up")) {
                up.countDown();
            }
            if (e.event().equals("ipsec.dpd-dead")) {
                dead.countDown();
            }
        }, Clock.systemUTC(), Actor.ofThisProcess("test"), Map.of());
        try (CharonNamespace charon = CharonNamespace.create(Files.createDirectories(dir.resolve("charon")))) {
            charon.ip("addr", "add", CHARON_INSIDE + "/24", "dev", "lo");
            charon.ip("route", "add", OUR_NET.toString(), "via", charon.hostAddress);
            charon.start("ike = 1\n");
            Files.writeString(charon.dir.resolve("swanctl.conf"), """
                    connections {
                      gw {
                        version = 1
                        local_addrs = %1$s
                        remote_addrs = %2$s
                        proposals = aes128-sha256-modp2048
                        dpd_delay = 2s
                        unique = never
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
                            esp_proposals = aes128-sha256
                            rekey_time = 20s
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
            EspSaTable table = new EspSaTable();
            SaManager manager = new SaManager(List.of(peer(charon)), table, EspSaSettings.DEFAULT, null,
                    new SecureRandom(), a);
            Path probe = TestPrograms.install(TestPrograms.ICMP_PROBE, dir.resolve(TestPrograms.ICMP_PROBE));
            EspUdpDataPlane[] plane = new EspUdpDataPlane[1];
            SaManagerDriver driver = SaManagerDriver.create(manager, (d, natT, to) -> plane[0].sendIke(d, natT, to),
                    Clock.systemUTC());
            try (TunDevice tun = TunDevice.open("gmsam" + ProcessHandle.current().pid() % 100000,
                    PooledByteBufAllocator.DEFAULT)) {
                new IpCommand().apply(tun.name(), new TunSettings(1400, List.of(IpPrefix.parse(OUR_ADDRESS + "/24",
                        "TUN address")), List.of(IpPrefix.parse(CHARON_NET.toString(), "route"))));
                plane[0] = EspUdpDataPlane.start(InetAddress.getByName(charon.hostAddress), 500, 4500, table, tun,
                        driver, PooledByteBufAllocator.DEFAULT);
                try (EspUdpDataPlane p = plane[0]; driver) {
                    driver.start();
                    assertTrue(up.await(30, TimeUnit.SECONDS), () -> "no CHILD SA: " + audit + "\n"
                            + charon.logTail(40));
                    charon.ip("route", "replace", OUR_NET.toString(), "dev", "ipsec0", "src", CHARON_INSIDE);
                    Process ping = new ProcessBuilder("ip", "netns", "exec", charon.namespace, "/usr/bin/python3",
                            probe.toString(), OUR_ADDRESS, "250", "200", "75").redirectErrorStream(true).start();
                    String out = new String(ping.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    assertTrue(ping.waitFor(90, TimeUnit.SECONDS));
                    String sas = charon.swanctlOutput("--list-sas");
                    assertEquals(0, ping.exitValue(), () -> "echo replies missing: " + out + "\n" + audit + "\n"
                            + sas);
                    List<String> rekeys = audit.stream().filter(e -> e.event().equals("ipsec.rekey"))
                            .map(e -> e.details().get("phase") + " " + e.reason()).toList();
                    assertTrue(rekeys.stream().anyMatch(r -> r.startsWith("1 ")), () -> "no phase-1 rekey: " + audit);
                    assertTrue(rekeys.stream().filter(r -> r.startsWith("2 ")).count() >= 2,
                            () -> "phase 2 renewed after phase 1 and rekeyed by charon: " + rekeys);
                    assertTrue(audit.stream().noneMatch(e -> e.event().equals("ipsec.child-down")
                            && !"deleted by the peer".equals(e.reason())), () -> audit.toString());
                    String lost = out.replaceAll("(?s).*\"sent\": (\\d+).*\"received\": (\\d+).*", "$1 $2");
                    String[] sr = lost.trim().split(" ");
                    assertTrue(Integer.parseInt(sr[0]) - Integer.parseInt(sr[1]) <= 1, () -> "lost: " + out);
                    assertTrue(sas.contains("ESTABLISHED") && sas.contains("INSTALLED"), sas);

                    charon.kill();
                    assertTrue(dead.await(20, TimeUnit.SECONDS), () -> "DPD: " + audit);
                    assertEquals(0, table.size(), "the dead peer's CHILD SAs left the table");
                } finally {
                    charon.ip("route", "replace", OUR_NET.toString(), "via", charon.hostAddress);
                }
            }
        }
    }

    private static PeerConfig peer(CharonNamespace charon) throws Exception {
        InetSocketAddress local = new InetSocketAddress(InetAddress.getByName(charon.hostAddress), 500);
        InetSocketAddress remote = new InetSocketAddress(InetAddress.getByName(charon.charonAddress), 500);
        Phase1Config p1 = new Phase1Config(WireProfiles.builtIn().require("rfc2409"),
                List.of(Phase1Proposal.aes128Sha256Modp2048Psk(60)), PSK.getBytes(StandardCharsets.US_ASCII),
                id(local), id(remote), local, remote, true, RetransmitPolicy.DEFAULT);
        ChildConfig child = new ChildConfig("net", OUR_NET, CHARON_NET, List.of(EspProposal.aesCbcSha256(128)), 0,
                3600, 0, RetransmitPolicy.DEFAULT);
        RekeyPolicy rekey = new RekeyPolicy(Duration.ofSeconds(25), Duration.ofMinutes(3), 0, 10,
                Duration.ofSeconds(10), Duration.ofSeconds(20));
        return new PeerConfig("charon", p1, List.of(child), rekey, new DpdPolicy(Duration.ofSeconds(2),
                Duration.ofSeconds(8)), StartAction.START);
    }

    private static Identification id(InetSocketAddress a) {
        return new Identification(Identification.IPV4_ADDR, 0, 0, Octets.of(a.getAddress().getAddress()));
    }
}
