package io.gmgw.gateway.control;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The control socket could not be used at all (as opposed to a request the gateway refused, a
 * {@link ControlException}): no gateway there, no permission, a peer that does not speak the protocol, no answer in
 * time. The message names the socket and what to do.
 */
public final class ControlClientException extends IOException {
    private static final long serialVersionUID = 1L;

    public enum Kind {
        /** No socket file, or nobody listening on it: the gateway is not running (or uses another socket). */
        NOT_RUNNING,
        /** The socket or its folder may not be used by this user. */
        PERMISSION_DENIED,
        /** Something answered that is not a gmgw control server, or the connection broke mid-reply. */
        PROTOCOL,
        /** No reply within the time allowed. */
        TIMEOUT
    }

    private final Kind kind;
    private final transient Path socket;

    public ControlClientException(Kind kind, Path socket, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.socket = socket;
    }

    public Kind kind() {
        return kind;
    }

    public Path socket() {
        return socket;
    }
}
