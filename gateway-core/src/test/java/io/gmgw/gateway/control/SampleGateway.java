package io.gmgw.gateway.control;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test double of the gateway's state behind the control socket: sessions in a map, disconnects remove them and are
 * remembered with their reason and operator. The protocol and the socket in the tests around it are real.
 */
final class SampleGateway implements GatewayControlService {
    record Disconnect(String id, String reason, ControlPeer operator) {
    }

    static final Instant STARTED = Instant.parse("2026-12-07T08:00:00Z");

    private final Map<String, SessionView> sessions = new ConcurrentHashMap<>();
    final List<Disconnect> disconnects = new CopyOnWriteArrayList<>();

    SampleGateway add(SessionView session) {
        sessions.put(session.id(), session);
        return this;
    }

    static SessionView session(String id, String user, String v4) {
        return new SessionView(id, user, "staff",
                new SessionView.Certificate("CN=" + user + ",O=Example", "1A2B" + id.toUpperCase(),
                        "CN=Example Issuing CA,O=Example"),
                "TLCP", "ECC_SM4_GCM_SM3", v4, null, "198.51.100.7:51234", Instant.parse("2026-12-07T09:00:00Z"),
                new SessionView.Traffic(1000, 10, 1), new SessionView.Traffic(2000, 20, 0));
    }

    @Override
    public GatewayStatus status() {
        return new GatewayStatus("0.1.0-test", STARTED, 3600,
                List.of(new GatewayStatus.Listener("sslvpn", "0.0.0.0:443")), sessions.size(),
                Map.of("TLCP", sessions.size()),
                List.of(new GatewayStatus.Pool("staff", "ipv4", "10.10.0.0/24", 254, sessions.size())),
                List.of(new GatewayStatus.Ban("203.0.113.9", 30, Instant.parse("2026-12-07T10:00:00Z"))));
    }

    @Override
    public List<SessionView> sessions() {
        return sessions.values().stream().sorted(java.util.Comparator.comparing(SessionView::connectedSince)
                .thenComparing(SessionView::id)).toList();
    }

    @Override
    public Optional<SessionView> session(String id) {
        return Optional.ofNullable(sessions.get(id));
    }

    @Override
    public List<SessionView> disconnect(SessionSelector which, String reason, ControlPeer operator) {
        List<SessionView> ended = new ArrayList<>();
        for (SessionView s : sessions()) {
            boolean match = switch (which) {
                case SessionSelector.ById id -> s.id().equals(id.id());
                case SessionSelector.ByUser user -> s.user().equals(user.user());
            };
            if (match && sessions.remove(s.id()) != null) {
                ended.add(s);
                disconnects.add(new Disconnect(s.id(), reason, operator));
            }
        }
        return ended;
    }
}
