package io.gmgw.cli.control;

import io.gmgw.audit.Audit;
import io.gmgw.gateway.control.ControlDispatcher;
import io.gmgw.gateway.control.ControlPeer;
import io.gmgw.gateway.control.ControlServer;
import io.gmgw.gateway.control.ControlSocketPaths;
import io.gmgw.gateway.control.GatewayControlService;
import io.gmgw.gateway.control.GatewayRequests;
import io.gmgw.gateway.control.GatewayStatus;
import io.gmgw.gateway.control.SessionSelector;
import io.gmgw.gateway.control.SessionView;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * A test double of a running gateway's state behind a real control server: three sessions (alice twice, bob), the
 * IDs the help examples name. The CLI tests run it in-process; HelpExamplesTest runs {@link #main} in the background
 * of its shell session, as the gateway would run, until the session stops it. The socket and the protocol are real.
 */
public final class ExampleGateway implements GatewayControlService {
    /** A disconnect the gateway carried out, with what the operator gave. */
    public record Disconnect(String id, String reason, ControlPeer operator) {
    }

    private final Instant started;
    private final Map<String, SessionView> sessions = new ConcurrentHashMap<>();
    public final List<Disconnect> disconnects = new CopyOnWriteArrayList<>();

    public ExampleGateway(Instant now) {
        this.started = now.minus(Duration.ofHours(26));
        add(session("4f1c9a2b", "alice", "TLCP", "ECC_SM4_GCM_SM3", "10.10.0.2", "fd00:10::2", "198.51.100.7:51234",
                now.minus(Duration.ofMinutes(65)), 1_234_567, 2_345_678_901L));
        add(session("7d3e0c51", "alice", "TLSv1.3", "TLS_AES_128_GCM_SHA256", "10.10.0.3", null,
                "[2001:db8::7]:40022", now.minus(Duration.ofMinutes(3)), 5_120, 900));
        add(session("b9a04e66", "bob", "TLCP", "ECDHE_SM4_GCM_SM3", "10.10.0.4", null, "203.0.113.20:61000",
                now.minus(Duration.ofSeconds(40)), 0, 0));
    }

    private void add(SessionView s) {
        sessions.put(s.id(), s);
    }

    private static SessionView session(String id, String user, String protocol, String suite, String v4, String v6,
            String source, Instant since, long fromClient, long toClient) {
        return new SessionView(id, user, "staff", new SessionView.Certificate("CN=" + user + ",OU=staff,O=Example",
                id.toUpperCase() + "01", "CN=Example Issuing CA,O=Example"), protocol, suite, v4, v6, source, since,
                new SessionView.Traffic(fromClient, fromClient / 1000, fromClient > 0 ? 2 : 0),
                new SessionView.Traffic(toClient, toClient / 1000, 0));
    }

    @Override
    public GatewayStatus status() {
        Map<String, Integer> protocols = new TreeMap<>();
        sessions.values().forEach(s -> protocols.merge(s.protocol(), 1, Integer::sum));
        long used = sessions.values().stream().filter(s -> s.addressV4() != null).count();
        return new GatewayStatus("0.1.0-example", started, Duration.between(started, Instant.now()).toSeconds(),
                List.of(new GatewayStatus.Listener("sslvpn", "0.0.0.0:443")), sessions.size(), protocols,
                List.of(new GatewayStatus.Pool("staff", "ipv4", "10.10.0.0/24", 253, used),
                        new GatewayStatus.Pool("staff", "ipv6", "fd00:10::/112", 65534, 1)),
                List.of(new GatewayStatus.Ban("203.0.113.66", 40, Instant.now().plus(Duration.ofMinutes(10)))));
    }

    @Override
    public List<SessionView> sessions() {
        return sessions.values().stream().sorted(Comparator.comparing(SessionView::connectedSince)).toList();
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

    /** A control server for this gateway on {@code socket}. */
    public ControlServer serve(Path socket) {
        ControlDispatcher dispatcher = GatewayRequests.register(ControlDispatcher.builder("0.1.0-example"), this,
                Audit.toLogger(Clock.systemUTC())).build();
        return ControlServer.start(socket, dispatcher, ControlServer.Options.defaults());
    }

    /** Serves on the default control socket (or the path given) until the process is stopped. */
    public static void main(String[] args) throws InterruptedException {
        Path socket = args.length > 0 ? Path.of(args[0]) : ControlSocketPaths.defaultPath();
        ControlServer server = new ExampleGateway(Instant.now()).serve(socket);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        System.out.println("control socket ready: " + server.socket());
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
