package io.gmgw.sslvpn.client;

/**
 * The VPN client could not log in, open or keep the tunnel. {@link #kind()} tells callers (the {@code gmgw connect}
 * command, its exit code) what went wrong without parsing the message; the message says what happened and what to
 * do next.
 */
public final class VpnClientException extends RuntimeException {
    public enum Kind {
        /** The gateway refused the login (HTTP 401/403 on the auth exchange, a form we cannot answer, an error). */
        AUTH_REFUSED,
        /** The gateway no longer takes the session cookie (HTTP 401 on CONNECT, cstp.md §9): log in again. */
        COOKIE_REJECTED,
        /** The gateway answered, but cannot serve now (HTTP 503 + X-Reason, pool exhausted, ...). */
        SERVER_UNAVAILABLE,
        /** The network failed: no connection, a reset, a dead peer, and reconnecting did not help in time. */
        NETWORK,
        /** The secure channel failed: handshake refused, certificate or name not accepted. */
        SECURE_CHANNEL,
        /** The gateway broke the protocol (bad HTTP, bad XML, a CONNECT reply without address or MTU). */
        PROTOCOL,
        /** A reconnect gave another address than the first connection (cstp.md §9): the tunnel cannot go on. */
        ADDRESS_CHANGED
    }

    private final Kind kind;

    public VpnClientException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public VpnClientException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** Whether another attempt with the same cookie may succeed (openconnect retries these, §9). */
    public boolean retryable() {
        return kind == Kind.NETWORK;
    }
}
