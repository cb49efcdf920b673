package io.gmgw.ipsec.manager;

import io.gmgw.audit.Audit;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.ipsec.esp.EspEvent;
import io.gmgw.ipsec.esp.EspSaSettings;
import io.gmgw.ipsec.esp.EspSaTable;
import io.gmgw.ipsec.ike.task.IsakmpSession;
import io.gmgw.ipsec.isakmp.ExchangeType;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The IPsec SA manager, sans-I/O: every configured peer's ISAKMP and CHILD SAs, routed by cookie, installed in and
 * removed from the data plane's {@link EspSaTable}, rekeyed before they expire, watched by dead peer detection and
 * written to the audit log. Datagrams and the time come in ({@link #receive}, {@link #tick}), datagrams to send go
 * out ({@link IkeSend}); {@link #deadline()} says when to tick next. Not thread-safe: one driver thread calls it;
 * {@link #espEvent} alone may be called from the packet path.
 */
public final class SaManager {
    private static final Logger LOG = LoggerFactory.getLogger("ike");
    /** Bound on cookie routes (sessions of every peer); message 1 from a peer beyond it is dropped. */
    static final int MAX_ROUTES = 4096;

    private final Map<String, PeerSas> peers = new LinkedHashMap<>();
    private final Map<Long, PeerSas> byInitiatorCookie = new HashMap<>();
    private final Map<IsakmpSession, Long> routed = new HashMap<>();
    private final ConcurrentLinkedQueue<EspEvent> espEvents = new ConcurrentLinkedQueue<>();
    private long dropped;

    public SaManager(List<PeerConfig> configs, EspSaTable table, EspSaSettings settings, CryptoModule module,
            SecureRandom random, Audit audit) {
        SaEnvironment env = new SaEnvironment(table, settings, module, random, audit, this::espEvent);
        for (PeerConfig c : configs) {
            if (peers.putIfAbsent(c.name(), new PeerSas(c, env)) != null) {
                throw new IllegalArgumentException("two IPsec peers named " + c.name());
            }
        }
    }

    /** The START peers' main modes. */
    public List<IkeSend> start(Instant now) {
        List<IkeSend> out = new ArrayList<>();
        for (PeerSas p : peers.values()) {
            if (p.config.startAction() == StartAction.START) {
                out.addAll(p.up(now));
            }
        }
        return routes(out);
    }

    /** Brings a peer up (an operator's {@code gmgw ipsec up}). */
    public List<IkeSend> up(String peer, Instant now) {
        return routes(peer(peer).up(now));
    }

    /** Deletes every SA with a peer, telling it ({@code gmgw ipsec down}). */
    public List<IkeSend> down(String peer, Instant now) {
        return routes(peer(peer).down(now, "brought down by the operator"));
    }

    /** An IKE datagram from the data plane ({@code IkeDatagramHandler}'s arguments). */
    public List<IkeSend> receive(byte[] datagram, boolean natTPort, InetSocketAddress from, Instant now) {
        if (datagram.length < 28) {
            dropped++;
            return List.of();
        }
        ByteBuffer b = ByteBuffer.wrap(datagram);
        long ckyI = b.getLong(0);
        long ckyR = b.getLong(8);
        PeerSas p = byInitiatorCookie.get(ckyI);
        IsakmpSession target = null;
        if (p != null) {
            for (IsakmpSession s : p.sessions()) {
                if (s.initiatorCookie() == ckyI && (ckyR == 0 || s.responderCookie() == 0
                        || s.responderCookie() == ckyR)) {
                    target = s;
                    break;
                }
            }
        }
        if (target == null && ckyR == 0 && (datagram[18] & 0xff) == ExchangeType.IDENTITY_PROTECTION.code()
                && routed.size() < MAX_ROUTES) {
            p = byAddress(from).orElse(null);
            target = p == null ? null : p.respond().orElse(null);
        }
        if (target == null) {
            // RFC 2408 §5.2: a message for no known cookie is dropped (answering would make us a reflector).
            dropped++;
            LOG.debug("IKE from {}: no session for cookies {}:{}", from, Long.toHexString(ckyI),
                    Long.toHexString(ckyR));
            return List.of();
        }
        return routes(p.receive(target, datagram, natTPort, now));
    }

    /** Timers due at {@code now}: retransmissions, rekeys, expiries, DPD, and the ESP events queued since. */
    public List<IkeSend> tick(Instant now) {
        EspEvent e;
        while ((e = espEvents.poll()) != null) {
            EspEvent ev = e;
            peers.values().forEach(p -> p.forceRekey(ev.spi()));
        }
        List<IkeSend> out = new ArrayList<>();
        for (PeerSas p : peers.values()) {
            out.addAll(p.tick(now));
        }
        return routes(out);
    }

    /** When {@link #tick} is due next (the ESP counters are also polled then: tick at least every second). */
    public Optional<Instant> deadline() {
        return peers.values().stream().flatMap(p -> p.deadline().stream()).min(Instant::compareTo);
    }

    /** From the data plane's packet path: queued for the next tick. */
    public void espEvent(EspEvent event) {
        espEvents.add(event);
    }

    public List<PeerStatus> status(Instant now) {
        return peers.values().stream().map(p -> p.status(now)).toList();
    }

    /** IKE datagrams that named no session. */
    public long droppedDatagrams() {
        return dropped;
    }

    private PeerSas peer(String name) {
        PeerSas p = peers.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no IPsec peer named " + name + " (configured: " + peers.keySet()
                    + ")");
        }
        return p;
    }

    private Optional<PeerSas> byAddress(InetSocketAddress from) {
        return peers.values().stream().filter(p -> p.remote().getAddress().equals(from.getAddress())).findFirst();
    }

    /** Keeps the cookie routes equal to the live sessions after every call. */
    private List<IkeSend> routes(List<IkeSend> out) {
        Map<IsakmpSession, Long> live = new HashMap<>();
        for (PeerSas p : peers.values()) {
            for (IsakmpSession s : p.sessions()) {
                if (s.initiatorCookie() != 0) {
                    live.put(s, s.initiatorCookie());
                    byInitiatorCookie.put(s.initiatorCookie(), p);
                }
            }
        }
        routed.forEach((s, c) -> {
            if (!live.containsKey(s) && !live.containsValue(c)) {
                byInitiatorCookie.remove(c);
            }
        });
        routed.clear();
        routed.putAll(live);
        return out;
    }
}
