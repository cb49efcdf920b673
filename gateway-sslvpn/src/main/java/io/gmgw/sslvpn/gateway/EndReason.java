package io.gmgw.sslvpn.gateway;

/**
 * Why a tunnel ended: whether the client is told (a DISCONNECT frame before the close, cstp.md §10) and whether the
 * login ends with it (the cookie is gone, no reconnect) or stays for the reconnect window (§9).
 */
public enum EndReason {
    /** The client sent DISCONNECT with 0xB0: a user logout (openconnect's BYE, §10). */
    LOGOUT("logout", false, true),
    /** The client sent DISCONNECT without 0xB0: it may come back (Cisco "will reconnect"; ocserv keeps the cookie). */
    CLIENT_DISCONNECT("client-disconnect", false, false),
    /** Nothing from the client for 3×DPD (§8); it may reconnect. */
    DPD_TIMEOUT("dpd-timeout", false, false),
    /** No DATA either way for the idle timeout (§8). */
    IDLE_TIMEOUT("idle-timeout", true, true),
    /** The session timeout ran out (§8). */
    SESSION_TIMEOUT("session-timeout", true, true),
    /** The client broke the protocol (a bad frame, compression that was never agreed). */
    PROTOCOL_ERROR("protocol-error", false, false),
    /** The gateway stops: clients are told, and their logins end with the gateway. */
    SERVER_STOP("server-stop", true, true),
    /** An operator disconnected the session. */
    ADMIN_DISCONNECT("admin-disconnect", true, true),
    /** The user's certificate was revoked: a CRL reload found its serial on its issuer's new CRL. */
    CERTIFICATE_REVOKED("certificate-revoked", true, true),
    /** A reconnect with the same cookie took over. */
    REPLACED("replaced", false, false),
    /** The connection closed or failed under the tunnel; the client may reconnect. */
    CONNECTION_LOST("connection-lost", false, false);

    private final String id;
    private final boolean tellClient;
    private final boolean endsLogin;

    EndReason(String id, boolean tellClient, boolean endsLogin) {
        this.id = id;
        this.tellClient = tellClient;
        this.endsLogin = endsLogin;
    }

    /** The name in logs and audit records. */
    public String id() {
        return id;
    }

    /** The gateway sends DISCONNECT before closing (the client exits instead of reconnecting, §5). */
    public boolean tellClient() {
        return tellClient;
    }

    /** The login cookie dies with the tunnel and its address lease is released. */
    public boolean endsLogin() {
        return endsLogin;
    }
}
