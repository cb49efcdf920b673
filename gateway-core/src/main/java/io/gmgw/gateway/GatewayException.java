package io.gmgw.gateway;

/**
 * A gateway refused something an operator or a peer asked of it: a configuration that does not hold, a policy that
 * does not verify, a request it cannot serve. The message says what, where and what to do next; {@link #kind()} lets
 * the launcher map it to an exit code and the control socket to an error code.
 */
public class GatewayException extends RuntimeException {
    /** What went wrong, coarsely: enough to choose an exit code or an error code. */
    public enum Kind {
        /** The configuration is invalid (a value, a reference, a combination). */
        CONFIG,
        /** A policy (a group's ACL) did not verify or does not parse. */
        POLICY,
        /** A resource the gateway needs is missing or busy (a TUN device, an address pool, a socket). */
        RESOURCE,
        /** The request is understood but not allowed in the current state. */
        STATE
    }

    private final Kind kind;

    public GatewayException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public GatewayException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
