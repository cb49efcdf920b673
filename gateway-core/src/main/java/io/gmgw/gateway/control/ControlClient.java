package io.gmgw.gateway.control;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A client of the control socket: one connection, requests one at a time, each answered before the next. Typed
 * methods for the requests of {@link GatewayRequests}; {@link #call} for any other (the IPsec and appliance
 * requests). Failures to reach or understand the server are {@link ControlClientException}s; refusals are
 * {@link ControlException}s with the server's code.
 */
public final class ControlClient implements AutoCloseable {
    private final Path socket;
    private final LineChannel lines;
    private final Duration timeout;
    private final Map<String, Object> client;
    private final JsonMapper json = ControlProtocol.mapper();

    private ControlClient(Path socket, LineChannel lines, Duration timeout, String program) {
        this.socket = socket;
        this.lines = lines;
        this.timeout = timeout;
        Map<String, Object> claimed = new LinkedHashMap<>();
        claimed.put("program", program);
        claimed.put("pid", ProcessHandle.current().pid());
        this.client = claimed;
    }

    /**
     * Connects to the control socket at {@code socket}.
     *
     * @param timeout how long to wait for each reply
     * @param program what this client is ({@code gmgw sessions disconnect}), sent with each request for the
     *                gateway's log and audit details
     */
    public static ControlClient connect(Path socket, Duration timeout, String program) throws ControlClientException {
        try {
            BasicFileAttributes attributes = Files.readAttributes(socket, BasicFileAttributes.class);
            if (!attributes.isOther()) {
                throw new ControlClientException(ControlClientException.Kind.NOT_RUNNING, socket, socket
                        + " is not a socket: is the gateway running, and is this its control socket "
                        + "(control.socket in its configuration)?", null);
            }
        } catch (NoSuchFileException e) {
            throw new ControlClientException(ControlClientException.Kind.NOT_RUNNING, socket, "no control socket at "
                    + socket + ": is the gateway running? (--socket names another socket; the gateway's is "
                    + "control.socket in its configuration)", e);
        } catch (AccessDeniedException e) {
            throw denied(socket, e);
        } catch (IOException e) {
            throw new ControlClientException(ControlClientException.Kind.NOT_RUNNING, socket, "cannot reach the "
                    + "control socket " + socket + ": " + e.getMessage(), e);
        }
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(socket));
            return new ControlClient(socket, new LineChannel(channel, ControlProtocol.MAX_REPLY_BYTES), timeout,
                    program);
        } catch (ConnectException e) {
            closeQuietly(channel);
            throw new ControlClientException(ControlClientException.Kind.NOT_RUNNING, socket, "nobody answers on "
                    + "the control socket " + socket + ": the gateway is not running (it left its socket behind) "
                    + "or is just starting", e);
        } catch (IOException e) {
            closeQuietly(channel);
            if (e.getMessage() != null && e.getMessage().contains("Permission denied")) {
                throw denied(socket, e);
            }
            throw new ControlClientException(ControlClientException.Kind.NOT_RUNNING, socket, "cannot connect to "
                    + "the control socket " + socket + ": " + e.getMessage(), e);
        }
    }

    private static ControlClientException denied(Path socket, IOException e) {
        return new ControlClientException(ControlClientException.Kind.PERMISSION_DENIED, socket, "permission "
                + "denied on the control socket " + socket + ": only root and the gateway's user may use it "
                + "(sudo gmgw ...)", e);
    }

    public Path socket() {
        return socket;
    }

    /**
     * Sends one request and returns its result.
     *
     * @param args the request's arguments (null members left out)
     */
    public JsonNode call(String request, Map<String, ?> args) throws ControlException, ControlClientException {
        ObjectNode line = json.createObjectNode();
        line.put("version", ControlProtocol.VERSION);
        line.put("request", request);
        Map<String, Object> present = new LinkedHashMap<>();
        args.forEach((k, v) -> {
            if (v != null) {
                present.put(k, v);
            }
        });
        line.set("args", json.valueToTree(present));
        line.set("client", json.valueToTree(client));
        byte[] reply;
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            lines.writeLine(json.writeValueAsBytes(line), deadline);
            reply = lines.readLine(deadline);
        } catch (SocketTimeoutException e) {
            throw new ControlClientException(ControlClientException.Kind.TIMEOUT, socket, "the gateway did not "
                    + "answer " + request + " within " + timeout.toSeconds() + " s on " + socket, e);
        } catch (LineChannel.LineTooLongException e) {
            throw protocol("a reply longer than " + ControlProtocol.MAX_REPLY_BYTES + " bytes", e);
        } catch (IOException e) {
            throw protocol("the connection broke (" + e.getMessage() + ")", e);
        }
        if (reply == null) {
            throw protocol("the gateway closed the connection without a reply", null);
        }
        return result(reply);
    }

    /** {@link #call} with the result read as {@code type}. */
    public <T> T call(String request, Map<String, ?> args, Class<T> type) throws ControlException,
            ControlClientException {
        JsonNode result = call(request, args);
        try {
            return json.treeToValue(result, type);
        } catch (JacksonException e) {
            throw protocol("a " + request + " result that does not read as " + type.getSimpleName() + " ("
                    + e.getOriginalMessage() + ")", e);
        }
    }

    public ControlDispatcher.Hello hello() throws ControlException, ControlClientException {
        return call(ControlDispatcher.HELLO, Map.of(), ControlDispatcher.Hello.class);
    }

    public GatewayStatus status() throws ControlException, ControlClientException {
        return call(GatewayRequests.STATUS, Map.of(), GatewayStatus.class);
    }

    public List<SessionView> sessions() throws ControlException, ControlClientException {
        return call(GatewayRequests.SESSIONS_LIST, Map.of(), GatewayRequests.SessionList.class).sessions();
    }

    public SessionView session(String id) throws ControlException, ControlClientException {
        return call(GatewayRequests.SESSIONS_SHOW, Map.of("id", id), SessionView.class);
    }

    /** Ends the sessions {@code which} names; {@code reason} may be null (the gateway records a default). */
    public List<SessionView> disconnect(SessionSelector which, String reason) throws ControlException,
            ControlClientException {
        Map<String, Object> args = new LinkedHashMap<>();
        switch (which) {
            case SessionSelector.ById id -> args.put("id", id.id());
            case SessionSelector.ByUser user -> args.put("user", user.user());
        }
        args.put("reason", reason);
        return call(GatewayRequests.SESSIONS_DISCONNECT, args, GatewayRequests.Disconnected.class).disconnected();
    }

    private JsonNode result(byte[] line) throws ControlException, ControlClientException {
        JsonNode reply;
        try {
            reply = json.readTree(new String(line, StandardCharsets.UTF_8));
        } catch (JacksonException e) {
            throw protocol("a reply that is not JSON", e);
        }
        if (reply == null || !reply.isObject() || !reply.path("version").isInt() || !reply.path("ok").isBoolean()) {
            throw protocol("a reply without version and ok", null);
        }
        if (reply.get("ok").booleanValue()) {
            return reply.path("result");
        }
        JsonNode error = reply.path("error");
        Map<String, Object> details = error.path("details").isObject()
                ? json.convertValue(error.get("details"), Map.class) : Map.of();
        throw new ControlException(error.path("code").asString("UNKNOWN"), error.path("message").asString(
                "the gateway refused the request without saying why"), details);
    }

    private ControlClientException protocol(String what, Throwable cause) {
        return new ControlClientException(ControlClientException.Kind.PROTOCOL, socket, "the control socket "
                + socket + " gave " + what + ": is it a gmgw gateway's, of the same version as this gmgw?", cause);
    }

    private static void closeQuietly(SocketChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    @Override
    public void close() {
        try {
            lines.close();
        } catch (IOException e) {
            // nothing to save
        }
    }
}
