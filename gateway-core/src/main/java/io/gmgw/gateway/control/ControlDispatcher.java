package io.gmgw.gateway.control;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The sans-I/O core of the control socket: one request line in, one reply line out, and whether the connection must
 * close after it (when the line was not a request at all, the stream cannot be trusted to be in step). Checks the
 * envelope ({@code version}, {@code request}, {@code args}, optional {@code id} and {@code client}), the version,
 * and hands the request to the handler registered for its type. {@code hello} is built in: it names the versions and
 * request types this server has, so a client can find out what an older gateway offers. Immutable once built.
 */
public final class ControlDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger("control");
    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9-]*(?:\\.[a-z][a-z0-9-]*)*");
    private static final Set<String> ENVELOPE = Set.of("version", "id", "request", "args", "client");
    /** The built-in request type that describes the server. */
    public static final String HELLO = "hello";

    /** What {@code hello} answers. */
    public record Hello(String product, String version, Versions protocol, java.util.List<String> requests) {
        public record Versions(int oldest, int newest) {
        }
    }

    /** A reply line (no line end) and whether the server closes the connection after sending it. */
    public record Reply(String line, boolean close) {
    }

    private final JsonMapper json = ControlProtocol.mapper();
    private final Map<String, ControlHandler> handlers;
    private final String productVersion;

    private ControlDispatcher(String productVersion, Map<String, ControlHandler> handlers) {
        this.productVersion = productVersion;
        this.handlers = Collections.unmodifiableMap(new TreeMap<>(handlers));
    }

    /** @param productVersion the gateway's version, which {@code hello} reports */
    public static Builder builder(String productVersion) {
        return new Builder(productVersion);
    }

    /** The request types this dispatcher answers, {@code hello} included, sorted. */
    public Set<String> requestTypes() {
        return handlers.keySet();
    }

    /** Answers one request line (UTF-8, without its line end) from {@code peer}. Never throws. */
    public Reply dispatch(byte[] line, ControlPeer peer) {
        JsonNode tree;
        try {
            tree = json.readTree(new String(line, StandardCharsets.UTF_8));
        } catch (JacksonException e) {
            return badRequest(null, "the line is not JSON (" + firstLine(e.getOriginalMessage()) + ")");
        }
        if (tree == null || !tree.isObject()) {
            return badRequest(null, "a request is one JSON object per line");
        }
        JsonNode id = tree.get("id");
        if (id != null && !(id.isString() || id.isIntegralNumber())) {
            return badRequest(null, "member id must be a string or an integer");
        }
        for (String name : tree.propertyNames()) {
            if (!ENVELOPE.contains(name)) {
                return badRequest(id, "unknown member " + name + " (a request has version, request, args, id, "
                        + "client)");
            }
        }
        JsonNode version = tree.get("version");
        if (version == null || !version.isInt()) {
            return badRequest(id, "member version (an integer) is missing");
        }
        JsonNode type = tree.get("request");
        if (type == null || !type.isString()) {
            return badRequest(id, "member request (a string) is missing");
        }
        JsonNode args = tree.get("args");
        if (args != null && !args.isObject() && !args.isNull()) {
            return badRequest(id, "member args must be an object");
        }
        ControlRequest.ClaimedClient client = claimed(tree.get("client"));
        if (client == null) {
            return badRequest(id, "member client must be an object {program: string, pid: integer}");
        }
        int v = version.intValue();
        if (v < ControlProtocol.OLDEST_VERSION || v > ControlProtocol.VERSION) {
            return error(id, new ControlException(ControlErrorCode.VERSION_UNSUPPORTED, "protocol version " + v
                    + " is not spoken here: this gateway speaks " + versions() + "; use the gmgw of the same "
                    + "installation as the gateway", Map.of("oldest", ControlProtocol.OLDEST_VERSION,
                    "newest", ControlProtocol.VERSION)), false);
        }
        ControlHandler handler = handlers.get(type.asString());
        if (handler == null) {
            return error(id, new ControlException(ControlErrorCode.UNKNOWN_REQUEST, "no request type '"
                    + abbreviate(type.asString()) + "' here: this gateway answers " + String.join(", ",
                    handlers.keySet())), false);
        }
        ObjectNode argsObject = args == null || args.isNull() ? json.createObjectNode() : (ObjectNode) args;
        ControlRequest request = new ControlRequest(v, type.asString(), argsObject, client);
        try {
            Object result = handler.handle(request, peer);
            ObjectNode reply = envelope(id);
            reply.put("ok", true);
            reply.set("result", json.valueToTree(result));
            return new Reply(json.writeValueAsString(reply), false);
        } catch (ControlException e) {
            return error(id, e, false);
        } catch (RuntimeException e) {
            LOG.error("control request {} from {} failed", request.type(), peer, e);
            return error(id, new ControlException(ControlErrorCode.INTERNAL, request.type() + " failed inside the "
                    + "gateway (" + e.getClass().getSimpleName() + "): see the gateway's log"), false);
        }
    }

    /** An error reply that does not come from a request line (too long, busy, not permitted). */
    public Reply refuse(ControlErrorCode code, String message) {
        return error(null, new ControlException(code, message), true);
    }

    private Object hello(ControlRequest request, ControlPeer peer) throws ControlException {
        request.allowOnly();
        return new Hello("gmgw", productVersion, new Hello.Versions(ControlProtocol.OLDEST_VERSION,
                ControlProtocol.VERSION), java.util.List.copyOf(handlers.keySet()));
    }

    private static ControlRequest.ClaimedClient claimed(JsonNode client) {
        if (client == null || client.isNull()) {
            return new ControlRequest.ClaimedClient(null, null);
        }
        if (!client.isObject()) {
            return null;
        }
        JsonNode program = client.get("program");
        JsonNode pid = client.get("pid");
        if (program != null && !program.isString() || pid != null && !pid.canConvertToLong()
                || program != null && program.asString().length() > 256) {
            return null;
        }
        return new ControlRequest.ClaimedClient(program == null ? null : program.asString(),
                pid == null ? null : pid.longValue());
    }

    private Reply badRequest(JsonNode id, String message) {
        return error(id, new ControlException(ControlErrorCode.BAD_REQUEST, message + "; see docs/control-api.md"),
                true);
    }

    private Reply error(JsonNode id, ControlException e, boolean close) {
        ObjectNode reply = envelope(id);
        reply.put("ok", false);
        ObjectNode error = reply.putObject("error");
        error.put("code", e.code());
        error.put("message", e.getMessage());
        if (!e.details().isEmpty()) {
            error.set("details", json.valueToTree(new TreeMap<>(e.details())));
        }
        return new Reply(json.writeValueAsString(reply), close);
    }

    private ObjectNode envelope(JsonNode id) {
        ObjectNode reply = json.createObjectNode();
        reply.put("version", ControlProtocol.VERSION);
        if (id != null) {
            reply.set("id", id);
        }
        return reply;
    }

    private static String versions() {
        return ControlProtocol.OLDEST_VERSION == ControlProtocol.VERSION ? "version " + ControlProtocol.VERSION
                : "versions " + ControlProtocol.OLDEST_VERSION + " to " + ControlProtocol.VERSION;
    }

    private static String abbreviate(String text) {
        return text.length() <= 64 ? text : text.substring(0, 63) + "…";
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "unreadable";
        }
        int nl = text.indexOf('\n');
        return abbreviate(nl < 0 ? text : text.substring(0, nl));
    }

    /** Collects the handlers; each request type once. */
    public static final class Builder {
        private final String productVersion;
        private final Map<String, ControlHandler> handlers = new TreeMap<>();

        private Builder(String productVersion) {
            this.productVersion = Objects.requireNonNull(productVersion, "productVersion");
        }

        /**
         * Registers the handler of {@code type}: lower-case words joined by dots, the area first
         * ({@code sessions.list}, later {@code ipsec.sa.list}).
         */
        public Builder register(String type, ControlHandler handler) {
            if (!TYPE.matcher(type).matches()) {
                throw new IllegalArgumentException("request type '" + type + "' is not area.action in lower case");
            }
            if (type.equals(HELLO) || handlers.putIfAbsent(type, Objects.requireNonNull(handler, "handler"))
                    != null) {
                throw new IllegalArgumentException("request type '" + type + "' is registered already");
            }
            return this;
        }

        public ControlDispatcher build() {
            ControlDispatcher[] built = new ControlDispatcher[1];
            Map<String, ControlHandler> all = new TreeMap<>(handlers);
            all.put(HELLO, (request, peer) -> built[0].hello(request, peer));
            built[0] = new ControlDispatcher(productVersion, all);
            return built[0];
        }
    }
}
