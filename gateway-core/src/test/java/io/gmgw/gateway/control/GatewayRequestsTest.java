package io.gmgw.gateway.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.audit.Actor;
import io.gmgw.audit.Audit;
import io.gmgw.audit.AuditEvent;
import io.gmgw.audit.AuditException;
import io.gmgw.audit.Outcome;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** status and sessions.* over the dispatcher, and the audit records of disconnects. */
class GatewayRequestsTest {
    private static final ControlPeer OPERATOR = new ControlPeer("ops", 1001, "ops");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T12:00:00Z"), ZoneOffset.UTC);

    private final List<AuditEvent> events = new CopyOnWriteArrayList<>();
    private final Audit audit = new Audit(events::add, CLOCK, Actor.ofThisProcess("gmgw sslvpn run"),
            Map.of("run", "r1"));
    private final SampleGateway gateway = new SampleGateway()
            .add(SampleGateway.session("s1", "alice", "10.10.0.2"))
            .add(SampleGateway.session("s2", "alice", "10.10.0.3"))
            .add(SampleGateway.session("s3", "bob", "10.10.0.4"));

    private JsonNode call(String line) {
        ControlDispatcher d = GatewayRequests.register(ControlDispatcher.builder("0.1.0-test"), gateway, audit).build();
        return ControlProtocol.mapper().readTree(d.dispatch(line.getBytes(StandardCharsets.UTF_8), OPERATOR).line());
    }

    private static String code(JsonNode reply) {
        return reply.at("/error/code").asString();
    }

    @Test
    void statusAndSessionsAreWrittenAsDocumented() {
        JsonNode status = call("{\"version\":1,\"request\":\"status\"}").get("result");
        assertEquals(List.of("version", "startedAt", "uptimeSeconds", "listeners", "sessions", "protocols", "pools",
                "bans"), List.copyOf(status.propertyNames()));
        assertEquals("2026-12-07T08:00:00Z", status.get("startedAt").asString());
        JsonNode session = call("{\"version\":1,\"request\":\"sessions.show\",\"args\":{\"id\":\"s3\"}}")
                .get("result");
        assertEquals(List.of("id", "user", "group", "certificate", "protocol", "suite", "addressV4", "addressV6",
                "source", "connectedSince", "fromClient", "toClient"), List.copyOf(session.propertyNames()));
        assertTrue(session.get("addressV6").isNull(), "an absent family is null, not left out");
        assertEquals(List.of("bytes", "packets", "drops"), List.copyOf(session.get("toClient").propertyNames()));
        assertEquals(3, call("{\"version\":1,\"request\":\"sessions.list\"}").at("/result/sessions").size());
        assertEquals(2, call("{\"version\":1,\"request\":\"sessions.list\",\"args\":{\"user\":\"alice\"}}")
                .at("/result/sessions").size());
    }

    @Test
    void badArgumentsAreRefused() {
        assertEquals("BAD_ARGUMENT", code(call("{\"version\":1,\"request\":\"status\",\"args\":{\"all\":1}}")));
        assertEquals("BAD_ARGUMENT", code(call("{\"version\":1,\"request\":\"sessions.show\"}")));
        assertEquals("BAD_ARGUMENT", code(call("{\"version\":1,\"request\":\"sessions.show\",\"args\":{\"id\":"
                + "\"../x\"}}")));
        assertEquals("BAD_ARGUMENT", code(call("{\"version\":1,\"request\":\"sessions.disconnect\",\"args\":{}}")));
        assertEquals("BAD_ARGUMENT", code(call("{\"version\":1,\"request\":\"sessions.disconnect\",\"args\":"
                + "{\"id\":\"s1\",\"user\":\"alice\"}}")));
        assertEquals(3, gateway.sessions().size(), "nothing disconnected");
        assertEquals(List.of(), events);
    }

    @Test
    void aDisconnectByUserEndsEachOfTheirSessionsAndRecordsEachWithTheOperator() {
        JsonNode reply = call("{\"version\":1,\"request\":\"sessions.disconnect\",\"args\":{\"user\":\"alice\","
                + "\"reason\":\"leaver\"},\"client\":{\"program\":\"gmgw sessions disconnect\",\"pid\":4242}}");
        assertEquals(2, reply.at("/result/disconnected").size());
        assertEquals(List.of("s3"), gateway.sessions().stream().map(SessionView::id).toList());
        assertEquals("leaver", gateway.disconnects.getFirst().reason());
        assertEquals(2, events.size());
        AuditEvent first = events.getFirst();
        assertEquals("control.disconnect", first.event());
        assertEquals(Outcome.SUCCESS, first.outcome());
        assertEquals("ops", first.actor().user());
        assertEquals(1001, first.actor().uid());
        assertEquals(GatewayRequests.OPERATOR_PROGRAM, first.actor().program());
        assertEquals("CN=alice,O=Example", first.subject());
        assertEquals("leaver", first.reason());
        assertEquals("s1", first.correlation().get("session"));
        assertEquals("r1", first.correlation().get("run"), "the gateway's run id is kept");
        assertEquals("1A2BS1", first.correlation().get("serial"));
        assertEquals("gmgw sessions disconnect", first.details().get("clientProgram"));
        assertEquals("4242", first.details().get("clientPid"));
        assertEquals("198.51.100.7:51234", first.details().get("source"));
    }

    @Test
    void aDisconnectThatNamesNoSessionIsRefusedAndRecordedAsAFailure() {
        JsonNode byId = call("{\"version\":1,\"request\":\"sessions.disconnect\",\"args\":{\"id\":\"s9\"}}");
        assertEquals("NO_SUCH_SESSION", code(byId));
        JsonNode byUser = call("{\"version\":1,\"request\":\"sessions.disconnect\",\"args\":{\"user\":\"carol\"}}");
        assertEquals("NO_SUCH_USER", code(byUser));
        assertEquals(2, events.size());
        assertTrue(events.stream().allMatch(e -> e.outcome() == Outcome.FAILURE));
        assertEquals("session s9", events.get(0).object());
        assertEquals(GatewayRequests.DEFAULT_REASON, events.get(0).details().get("reason"));
    }

    @Test
    void anAuditLogThatCannotBeWrittenIsReported() {
        Audit broken = new Audit(e -> {
            throw new AuditException("disk full");
        }, CLOCK, Actor.ofThisProcess("gmgw"), Map.of());
        ControlDispatcher d = GatewayRequests.register(ControlDispatcher.builder("x"), gateway, broken).build();
        JsonNode reply = ControlProtocol.mapper().readTree(d.dispatch(("{\"version\":1,\"request\":"
                + "\"sessions.disconnect\",\"args\":{\"id\":\"s1\"}}").getBytes(StandardCharsets.UTF_8), OPERATOR)
                .line());
        assertEquals("AUDIT_UNAVAILABLE", code(reply));
        assertFalse(gateway.session("s1").isPresent(), "the disconnect happened; the reply says its record did not");
    }
}
