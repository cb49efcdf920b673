package io.gmgw.audit;

import java.time.Instant;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One security event, in the one shape every gmgw module records: when, what ({@code event}, an
 * {@link AuditEventType} name), how it ended, how urgent, who acted ({@link Actor}), whom or what it concerns
 * ({@code subject}: a certificate's subject, a user, a peer; {@code object}: a file, a token, a CA, an address), why
 * (for failures), correlation ids (a run, a session, a certificate serial) that tie events together, and details.
 *
 * <p>As a JSON object its members come in a fixed order, empty ones left out:
 * {@code time, event, outcome, severity, actor{user, uid, host, pid, program}, subject, object, reason,
 * correlation{}, details{}}; {@link #writeTo} and {@link #readFrom} are exact inverses, which lets a hash-chained
 * log refuse any line that is not byte for byte what gmgw wrote. docs/audit-events.md describes the shape.
 */
public record AuditEvent(Instant time, String event, Outcome outcome, Severity severity, Actor actor, String subject,
        String object, String reason, Map<String, String> correlation, Map<String, String> details) {
    /** Longest text kept in one field; longer texts are cut and end with {@code …}. */
    public static final int MAX_TEXT = 4096;
    /** Most correlation ids or details in one event. */
    public static final int MAX_ENTRIES = 32;
    private static final Pattern EVENT_NAME = Pattern.compile("[a-z][a-z0-9]*(?:[.-][a-z0-9]+)*");
    private static final Pattern KEY = Pattern.compile("[a-zA-Z][a-zA-Z0-9_.-]{0,63}");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> MEMBERS = Set.of("time", "event", "outcome", "severity", "actor", "subject",
            "object", "reason", "correlation", "details");

    public AuditEvent {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(actor, "actor");
        if (!EVENT_NAME.matcher(event).matches()) {
            throw new IllegalArgumentException("event name '" + event + "' is not area.action in lower case");
        }
        subject = cut(subject);
        object = cut(object);
        reason = cut(reason);
        correlation = entries(correlation, "correlation");
        details = entries(details, "details");
    }

    /** The event as one compact JSON object (no line end). */
    public String toJson() {
        ObjectNode o = JSON.createObjectNode();
        writeTo(o);
        return JSON.writeValueAsString(o);
    }

    /** Appends this event's members to {@code o}, in the fixed order. */
    public void writeTo(ObjectNode o) {
        o.put("time", time.toString());
        o.put("event", event);
        o.put("outcome", outcome.id());
        o.put("severity", severity.id());
        ObjectNode a = o.putObject("actor");
        a.put("user", actor.user());
        a.put("uid", actor.uid());
        a.put("host", actor.host());
        a.put("pid", actor.pid());
        a.put("program", actor.program());
        putIfPresent(o, "subject", subject);
        putIfPresent(o, "object", object);
        putIfPresent(o, "reason", reason);
        putMap(o, "correlation", correlation);
        putMap(o, "details", details);
    }

    /**
     * Reads the event members of {@code o}, ignoring the members named in {@code framing} (a chained log's
     * {@code seq}, {@code type}, {@code prev}); {@link IllegalArgumentException} names what is wrong.
     */
    public static AuditEvent readFrom(JsonNode o, Set<String> framing) {
        for (String name : o.propertyNames()) {
            if (!MEMBERS.contains(name) && !framing.contains(name)) {
                throw new IllegalArgumentException("unknown member '" + name + "'");
            }
        }
        JsonNode a = o.get("actor");
        if (a == null || !a.isObject()) {
            throw new IllegalArgumentException("member 'actor' missing or not an object");
        }
        Actor actor = new Actor(text(a, "user"), number(a, "uid"), text(a, "host"), number(a, "pid"),
                text(a, "program"));
        Instant time;
        try {
            time = Instant.parse(text(o, "time"));
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("member 'time' is not an ISO-8601 instant");
        }
        return new AuditEvent(time, text(o, "event"), Outcome.of(text(o, "outcome")),
                Severity.of(text(o, "severity")), actor, optionalText(o, "subject"), optionalText(o, "object"),
                optionalText(o, "reason"), map(o, "correlation"), map(o, "details"));
    }

    private static String cut(String text) {
        if (text == null || text.length() <= MAX_TEXT) {
            return text;
        }
        return text.substring(0, MAX_TEXT - 1) + "…";
    }

    private static Map<String, String> entries(Map<String, String> map, String what) {
        if (map == null || map.isEmpty()) {
            return Map.of();
        }
        if (map.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException("more than " + MAX_ENTRIES + " " + what + " entries");
        }
        Map<String, String> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (!KEY.matcher(k).matches()) {
                throw new IllegalArgumentException(what + " key '" + k + "' is not a short identifier");
            }
            copy.put(k, cut(Objects.requireNonNull(v, () -> what + " value of " + k)));
        });
        return Collections.unmodifiableMap(copy);
    }

    private static void putIfPresent(ObjectNode o, String name, String value) {
        if (value != null) {
            o.put(name, value);
        }
    }

    private static void putMap(ObjectNode o, String name, Map<String, String> map) {
        if (!map.isEmpty()) {
            ObjectNode m = o.putObject(name);
            map.forEach(m::put);
        }
    }

    private static String text(JsonNode n, String name) {
        JsonNode v = n.get(name);
        if (v == null || !v.isString()) {
            throw new IllegalArgumentException("member '" + name + "' missing or not a string");
        }
        return v.asString();
    }

    private static String optionalText(JsonNode n, String name) {
        return n.has(name) ? text(n, name) : null;
    }

    private static long number(JsonNode n, String name) {
        JsonNode v = n.get(name);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new IllegalArgumentException("member '" + name + "' missing or not an integer");
        }
        return v.asLong();
    }

    private static Map<String, String> map(JsonNode n, String name) {
        JsonNode v = n.get(name);
        if (v == null) {
            return Map.of();
        }
        if (!v.isObject()) {
            throw new IllegalArgumentException("member '" + name + "' is not an object");
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isString()) {
                throw new IllegalArgumentException(name + "." + e.getKey() + " is not a string");
            }
            m.put(e.getKey(), e.getValue().asString());
        }
        return m;
    }
}
