package io.gmgw.ipsec.manager;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.audit.Actor;
import io.gmgw.audit.Audit;
import io.gmgw.audit.AuditEvent;
import io.gmgw.ipsec.esp.EspSaPair;
import io.gmgw.ipsec.esp.EspSaSettings;
import io.gmgw.ipsec.esp.EspSaTable;
import io.gmgw.ipsec.ike.config.ChildConfig;
import io.gmgw.ipsec.ike.config.EspProposal;
import io.gmgw.ipsec.ike.config.Phase1Config;
import io.gmgw.ipsec.ike.config.Phase1Proposal;
import io.gmgw.ipsec.ike.config.RetransmitPolicy;
import io.gmgw.ipsec.ike.config.TrafficSelector;
import io.gmgw.ipsec.isakmp.Octets;
import io.gmgw.ipsec.isakmp.payload.Identification;
import io.gmgw.ipsec.profile.WireProfiles;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * Two SA managers (left 192.0.2.1 with 10.1.0.0/16, right 192.0.2.2 with 10.2.0.0/16) joined by an in-memory wire
 * on a fake clock: IKE datagrams queued per direction and delivered by {@link #pump} (a filter may drop them), ESP
 * packets sealed by one side's table and opened by the other's.
 */
final class TwoGateways {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final InetSocketAddress LEFT = address("192.0.2.1");
    static final InetSocketAddress RIGHT = address("192.0.2.2");

    final Side left;
    final Side right;
    Instant now = T0;
    /** Drops a datagram in flight when it answers true (side it leaves, the datagram). */
    Predicate<IkeSend> drop = d -> false;
    final List<IkeSend> droppedIke = new ArrayList<>();

    final class Side {
        final String name;
        final SaManager manager;
        final EspSaTable table = new EspSaTable();
        final List<AuditEvent> audit = new CopyOnWriteArrayList<>();
        final List<IkeSend> outbox = new ArrayList<>();
        final InetSocketAddress address;
        final int insideHost;

        Side(String name, PeerConfig peer, InetSocketAddress address, int insideHost) {
            this.name = name;
            this.address = address;
            this.insideHost = insideHost;
            Audit a = new Audit(audit::add, Clock.fixed(T0, ZoneOffset.UTC), Actor.ofThisProcess("test"), Map.of());
            this.manager = new SaManager(List.of(peer), table, EspSaSettings.DEFAULT, null, new SecureRandom(), a);
        }

        List<AuditEvent> events(String type) {
            return audit.stream().filter(e -> e.event().equals(type)).toList();
        }

        PeerStatus status() {
            return manager.status(now).getFirst();
        }
    }

    TwoGateways(PeerConfig leftPeer, PeerConfig rightPeer) {
        left = new Side("left", leftPeer, LEFT, ip(10, 1, 0, 5));
        right = new Side("right", rightPeer, RIGHT, ip(10, 2, 0, 9));
    }

    static PeerConfig peer(boolean left, long ikeSeconds, long childSeconds, long childKb, RekeyPolicy rekey,
            DpdPolicy dpd, StartAction start) {
        InetSocketAddress local = left ? LEFT : RIGHT;
        InetSocketAddress remote = left ? RIGHT : LEFT;
        Phase1Config p1 = new Phase1Config(WireProfiles.builtIn().require("rfc2409"),
                List.of(Phase1Proposal.aes128Sha256Modp2048Psk(ikeSeconds)),
                "secret".getBytes(StandardCharsets.US_ASCII), id(local), id(remote), local, remote, true,
                RetransmitPolicy.DEFAULT);
        TrafficSelector l = TrafficSelector.parse("10.1.0.0/16");
        TrafficSelector r = TrafficSelector.parse("10.2.0.0/16");
        ChildConfig child = new ChildConfig("net", left ? l : r, left ? r : l,
                List.of(EspProposal.aesCbcSha256(128)), 0, childSeconds, childKb, RetransmitPolicy.DEFAULT);
        return new PeerConfig(left ? "to-right" : "to-left", p1, List.of(child), rekey, dpd, start);
    }

    Side other(Side s) {
        return s == left ? right : left;
    }

    void send(Side from, List<IkeSend> out) {
        from.outbox.addAll(out);
    }

    /** Delivers queued IKE datagrams both ways until none is left. */
    void pump() {
        for (int round = 0; round < 1000; round++) {
            if (left.outbox.isEmpty() && right.outbox.isEmpty()) {
                return;
            }
            for (Side s : List.of(left, right)) {
                List<IkeSend> out = List.copyOf(s.outbox);
                s.outbox.clear();
                Side to = other(s);
                for (IkeSend d : out) {
                    assertTrue(d.to().getAddress().equals(to.address.getAddress()), "sent to the peer");
                    if (drop.test(d)) {
                        droppedIke.add(d);
                        continue;
                    }
                    send(to, to.manager.receive(d.datagram(), d.natTPort(),
                            new InetSocketAddress(s.address.getAddress(), d.natTPort() ? 4500 : 500), now));
                }
            }
        }
        throw new AssertionError("IKE ping-pong did not settle");
    }

    /** Moves the clock in steps of {@code step}, ticking both managers and delivering, {@code between} each step. */
    void run(Duration total, Duration step, Runnable between) {
        Instant end = now.plus(total);
        while (now.isBefore(end)) {
            now = now.plus(step);
            send(left, left.manager.tick(now));
            send(right, right.manager.tick(now));
            pump();
            between.run();
        }
    }

    void run(Duration total) {
        run(total, Duration.ofSeconds(1), () -> { });
    }

    /** One inner packet from {@code from}'s inside host to the other's, sealed now; null when no SA covers it. */
    byte[] seal(Side from) {
        EspSaPair p = from.table.outbound(from.insideHost, other(from).insideHost);
        if (p == null) {
            return null;
        }
        byte[] inner = new byte[100];
        inner[0] = 0x45;
        inner[3] = 100;
        putInt(inner, 12, from.insideHost);
        putInt(inner, 16, other(from).insideHost);
        byte[] out = new byte[p.outbound().encapsulatedLength(inner.length)];
        int n = p.outbound().encapsulate(inner, 0, inner.length, 4, out, 0);
        return n < 0 ? null : java.util.Arrays.copyOf(out, n);
    }

    /** Opens an ESP packet at {@code to}: whether an SA of its table took it. */
    boolean open(Side to, byte[] esp) {
        int spi = ((esp[0] & 0xff) << 24) | ((esp[1] & 0xff) << 16) | ((esp[2] & 0xff) << 8) | (esp[3] & 0xff);
        EspSaPair p = to.table.inbound(spi);
        return p != null && p.inbound().decapsulate(esp, 0, esp.length) == 100;
    }

    static Identification id(InetSocketAddress a) {
        return new Identification(Identification.IPV4_ADDR, 0, 0, Octets.of(a.getAddress().getAddress()));
    }

    static InetSocketAddress address(String ip) {
        try {
            return new InetSocketAddress(InetAddress.getByName(ip), 500);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static int ip(int a, int b, int c, int d) {
        return (a << 24) | (b << 16) | (c << 8) | d;
    }

    private static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }
}
