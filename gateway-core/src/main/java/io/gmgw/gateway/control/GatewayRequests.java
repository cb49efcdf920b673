package io.gmgw.gateway.control;

import io.gmgw.audit.Actor;
import io.gmgw.audit.Audit;
import io.gmgw.audit.AuditEventType;
import io.gmgw.audit.AuditException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request types a gateway answers about itself and its VPN sessions, over a {@link GatewayControlService}:
 * {@code status}, {@code sessions.list}, {@code sessions.show} and {@code sessions.disconnect}. A disconnect is a
 * security event: each session ended is recorded as {@code control.disconnect} with the operator (the kernel's
 * user and uid of the peer) as its actor, and so is a disconnect that named no session.
 */
public final class GatewayRequests {
    public static final String STATUS = "status";
    public static final String SESSIONS_LIST = "sessions.list";
    public static final String SESSIONS_SHOW = "sessions.show";
    public static final String SESSIONS_DISCONNECT = "sessions.disconnect";

    /** The program an operator's audit records name: what they used, not what their client claims to be. */
    public static final String OPERATOR_PROGRAM = "gmgw control socket";
    static final String DEFAULT_REASON = "disconnected by an operator";
    private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final int MAX_USER = 256;
    private static final int MAX_REASON = 256;
    private static final Logger LOG = LoggerFactory.getLogger("control");

    /** The result of {@code sessions.list}: an object, so that it can grow (counts, paging) within a version. */
    public record SessionList(List<SessionView> sessions) {
    }

    /** The result of {@code sessions.disconnect}: the sessions ended, as they were just before. */
    public record Disconnected(List<SessionView> disconnected) {
    }

    private final GatewayControlService service;
    private final Audit audit;

    private GatewayRequests(GatewayControlService service, Audit audit) {
        this.service = Objects.requireNonNull(service, "service");
        this.audit = Objects.requireNonNull(audit, "audit");
    }

    /**
     * Registers the four request types on {@code builder}.
     *
     * @param audit the gateway's audit (its sink, clock and correlation ids); disconnect records are written through
     *              it with the operator as their actor
     */
    public static ControlDispatcher.Builder register(ControlDispatcher.Builder builder, GatewayControlService service,
            Audit audit) {
        GatewayRequests requests = new GatewayRequests(service, audit);
        return builder.register(STATUS, requests::status)
                .register(SESSIONS_LIST, requests::list)
                .register(SESSIONS_SHOW, requests::show)
                .register(SESSIONS_DISCONNECT, requests::disconnect);
    }

    private Object status(ControlRequest request, ControlPeer peer) throws ControlException {
        request.allowOnly();
        return service.status();
    }

    private Object list(ControlRequest request, ControlPeer peer) throws ControlException {
        request.allowOnly("user");
        String user = request.optionalText("user", MAX_USER);
        List<SessionView> all = service.sessions();
        return new SessionList(user == null ? all : all.stream().filter(s -> s.user().equals(user)).toList());
    }

    private Object show(ControlRequest request, ControlPeer peer) throws ControlException {
        request.allowOnly("id");
        String id = sessionId(request);
        return service.session(id).orElseThrow(() -> noSuchSession(id));
    }

    private Object disconnect(ControlRequest request, ControlPeer peer) throws ControlException {
        request.allowOnly("id", "user", "reason");
        boolean byId = request.args().has("id");
        if (byId == request.args().has("user")) {
            throw new ControlException(ControlErrorCode.BAD_ARGUMENT, SESSIONS_DISCONNECT + ": name either id or user");
        }
        SessionSelector which = byId ? new SessionSelector.ById(sessionId(request))
                : new SessionSelector.ByUser(request.text("user", MAX_USER));
        String given = request.optionalText("reason", MAX_REASON);
        String reason = given == null || given.isBlank() ? DEFAULT_REASON : given.strip();
        Audit byOperator = audit.by(operator(peer));
        List<SessionView> ended = service.disconnect(which, reason, peer);
        if (ended.isEmpty()) {
            ControlException none = switch (which) {
                case SessionSelector.ById id -> noSuchSession(id.id());
                case SessionSelector.ByUser user -> new ControlException(ControlErrorCode.NO_SUCH_USER, "user '"
                        + user.user() + "' has no session: 'gmgw sessions list' shows who is connected");
            };
            record(() -> claimed(byOperator.failure(AuditEventType.CONTROL_DISCONNECT, none.getMessage())
                    .object(describe(which)), request).detail("reason", reason).write());
            throw none;
        }
        for (SessionView s : ended) {
            LOG.info("session {} of {} from {} disconnected by {}: {}", s.id(), s.user(), s.source(), peer, reason);
            record(() -> claimed(byOperator.success(AuditEventType.CONTROL_DISCONNECT).subject(s.certificate().subject())
                    .object("session " + s.id() + " of user " + s.user()).reason(reason)
                    .correlate("session", s.id()).correlate("serial", s.certificate().serial()), request)
                    .detail("user", s.user()).detail("group", s.group()).detail("source", s.source())
                    .detail("addressV4", s.addressV4()).detail("addressV6", s.addressV6()).write());
        }
        return new Disconnected(ended);
    }

    /**
     * The operator as an audit actor: the kernel's user and uid of the peer, the gateway's host, no pid (the JDK does
     * not report the peer's; the client's claim is a detail), and the control socket as the program.
     */
    static Actor operator(ControlPeer peer) {
        return new Actor(peer.user(), peer.uid(), Actor.ofThisProcess(OPERATOR_PROGRAM).host(), -1,
                OPERATOR_PROGRAM);
    }

    private static Audit.Entry claimed(Audit.Entry entry, ControlRequest request) {
        return entry.detail("clientProgram", request.client().program()).detail("clientPid", request.client().pid());
    }

    private interface Write {
        void run();
    }

    private static void record(Write write) throws ControlException {
        try {
            write.run();
        } catch (AuditException e) {
            LOG.error("control.disconnect: the audit record could not be written", e);
            throw new ControlException(ControlErrorCode.AUDIT_UNAVAILABLE, "the disconnect was carried out but its "
                    + "audit record could not be written (" + e.getMessage() + "): see the gateway's log",
                    Map.of());
        }
    }

    private static String describe(SessionSelector which) {
        return switch (which) {
            case SessionSelector.ById id -> "session " + id.id();
            case SessionSelector.ByUser user -> "sessions of user " + user.user();
        };
    }

    private static String sessionId(ControlRequest request) throws ControlException {
        String id = request.text("id", 64);
        if (!SESSION_ID.matcher(id).matches()) {
            throw new ControlException(ControlErrorCode.BAD_ARGUMENT, request.type() + ": '" + id + "' is not a "
                    + "session ID (letters, digits, '.', '-', '_'; as 'gmgw sessions list' shows them)");
        }
        return id;
    }

    private static ControlException noSuchSession(String id) {
        return new ControlException(ControlErrorCode.NO_SUCH_SESSION, "no session has ID " + id
                + ": 'gmgw sessions list' shows the sessions there are");
    }
}
