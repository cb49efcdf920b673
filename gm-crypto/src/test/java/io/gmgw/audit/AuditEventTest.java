package io.gmgw.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The one record shape: its JSON members and their order, exact round trips, bounds, and the emitter's defaults. */
class AuditEventTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T08:09:10.123456Z"), ZoneOffset.UTC);
    private static final Actor ACTOR = new Actor("ops", 1001, "gw1", 4242, "gmgw pki issue");

    private final List<AuditEvent> recorded = new ArrayList<>();
    private final Audit audit = new Audit(recorded::add, CLOCK, ACTOR, Map.of("run", "7f3a"));

    @Test
    void membersComeInTheDocumentedOrderAndEmptyOnesAreLeftOut() {
        audit.success(AuditEventType.CA_ISSUE).subject("CN=alice,O=gmgw").object("/etc/gmgw/pki")
                .correlate("serial", "01ab").detail("profile", "sign").write();
        audit.failure(AuditEventType.TOKEN_LOGIN, "wrong PIN").write();

        assertEquals("{\"time\":\"2026-12-07T08:09:10.123Z\",\"event\":\"ca.issue\",\"outcome\":\"success\","
                + "\"severity\":\"notice\",\"actor\":{\"user\":\"ops\",\"uid\":1001,\"host\":\"gw1\",\"pid\":4242,"
                + "\"program\":\"gmgw pki issue\"},\"subject\":\"CN=alice,O=gmgw\",\"object\":\"/etc/gmgw/pki\","
                + "\"correlation\":{\"run\":\"7f3a\",\"serial\":\"01ab\"},\"details\":{\"profile\":\"sign\"}}",
                recorded.get(0).toJson());
        assertEquals("{\"time\":\"2026-12-07T08:09:10.123Z\",\"event\":\"token.login\",\"outcome\":\"failure\","
                + "\"severity\":\"warning\",\"actor\":{\"user\":\"ops\",\"uid\":1001,\"host\":\"gw1\",\"pid\":4242,"
                + "\"program\":\"gmgw pki issue\"},\"reason\":\"wrong PIN\",\"correlation\":{\"run\":\"7f3a\"}}",
                recorded.get(1).toJson());
    }

    @Test
    void readingWhatWasWrittenGivesTheSameEventAndTheSameBytes() {
        audit.failure(AuditEventType.TLCP_HANDSHAKE, "bad_certificate: \"quoted\"\nnew line \u2028 é")
                .subject("CN=mallory").object("127.0.0.1:4433").severity(Severity.ERROR)
                .correlate("session", "s-1").detail("alert", "bad_certificate").detail("absent", null).write();
        AuditEvent event = recorded.get(0);
        JsonNode node = JSON.readTree(event.toJson());
        AuditEvent back = AuditEvent.readFrom(node, Set.of());
        assertEquals(event, back);
        assertEquals(event.toJson(), back.toJson());
        assertEquals(Map.of("alert", "bad_certificate"), back.details());
    }

    @Test
    void unknownMembersAndWrongTypesAreRefused() {
        audit.success(AuditEventType.CA_INIT).write();
        String json = recorded.get(0).toJson();
        assertThrows(IllegalArgumentException.class, () -> AuditEvent.readFrom(
                JSON.readTree(json.replace("{\"time\"", "{\"extra\":\"x\",\"time\"")), Set.of()));
        assertThrows(IllegalArgumentException.class, () -> AuditEvent.readFrom(
                JSON.readTree(json.replace("\"uid\":1001", "\"uid\":\"1001\"")), Set.of()));
        assertThrows(IllegalArgumentException.class, () -> AuditEvent.readFrom(
                JSON.readTree(json.replace("\"outcome\":\"success\"", "\"outcome\":\"maybe\"")), Set.of()));
        assertThrows(IllegalArgumentException.class, () -> AuditEvent.readFrom(
                JSON.readTree(json.replace("2026-12-07T08:09:10.123Z", "yesterday")), Set.of()));
        // the framing a chained log adds is accepted when named
        AuditEvent.readFrom(JSON.readTree(json.replace("{\"time\"", "{\"seq\":1,\"time\"")), Set.of("seq"));
    }

    @Test
    void textsAreBoundedAndNamesChecked() {
        String longText = "x".repeat(AuditEvent.MAX_TEXT + 100);
        audit.failure(AuditEventType.CA_ISSUE, longText).write();
        String reason = recorded.get(0).reason();
        assertEquals(AuditEvent.MAX_TEXT, reason.length());
        assertTrue(reason.endsWith("…"));

        Map<String, String> many = new HashMap<>();
        for (int i = 0; i <= AuditEvent.MAX_ENTRIES; i++) {
            many.put("k" + i, "v");
        }
        AuditEvent ok = recorded.get(0);
        assertThrows(IllegalArgumentException.class, () -> new AuditEvent(ok.time(), ok.event(), ok.outcome(),
                ok.severity(), ACTOR, null, null, null, Map.of(), many));
        assertThrows(IllegalArgumentException.class, () -> new AuditEvent(ok.time(), "CA Issue", ok.outcome(),
                ok.severity(), ACTOR, null, null, null, Map.of(), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> new AuditEvent(ok.time(), ok.event(), ok.outcome(),
                ok.severity(), ACTOR, null, null, null, Map.of("bad key", "v"), Map.of()));
    }

    @Test
    void everyTypeHasAUniqueWellFormedNameAndFailuresAreNeverQuieterThanSuccesses() {
        Set<String> seen = new java.util.HashSet<>();
        for (AuditEventType t : AuditEventType.values()) {
            assertTrue(seen.add(t.id()), t.id());
            assertTrue(t.id().matches("[a-z]+\\.[a-z-]+"), t.id());
            assertTrue(t.severity(Outcome.FAILURE).syslog() <= t.severity(Outcome.SUCCESS).syslog(), t.id());
        }
    }

    @Test
    void contextsAddCorrelationAndProgramWithoutChangingTheOriginal() {
        Audit session = audit.withCorrelation("session", "abc").as("gmgw sslvpn");
        session.success(AuditEventType.TLCP_HANDSHAKE).write();
        audit.success(AuditEventType.TLCP_HANDSHAKE).write();
        assertEquals(Map.of("run", "7f3a", "session", "abc"), recorded.get(0).correlation());
        assertEquals("gmgw sslvpn", recorded.get(0).actor().program());
        assertEquals(Map.of("run", "7f3a"), recorded.get(1).correlation());
        assertEquals("gmgw pki issue", recorded.get(1).actor().program());
    }

    @Test
    void theActorOfThisProcessNamesItsUserHostAndPid() {
        Actor me = Actor.ofThisProcess("gmgw test");
        assertEquals(ProcessHandle.current().pid(), me.pid());
        assertEquals(System.getProperty("user.name"), me.user());
        assertTrue(!me.host().isBlank());
        assertTrue(me.uid() >= 0, "Linux tells the uid");
    }
}
