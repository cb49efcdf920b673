package io.gmgw.audit;

/**
 * Every kind of security event gmgw records, with its name in a record and the severity of its success and of its
 * failure. docs/audit-events.md lists the same table (a test keeps them equal); add a row here and there together.
 * Names are {@code area.action}, lower case, stable: scripts and operations centres match on them.
 */
public enum AuditEventType {
    CRYPTO_SELFTEST("crypto.selftest", "the cryptographic module's power-on self-tests ran", Severity.INFO,
            Severity.CRITICAL),
    CRYPTO_MODULE_ERROR("crypto.module-error", "the module entered its error state (a conditional test failed)",
            Severity.CRITICAL, Severity.CRITICAL),
    KEY_OPEN("key.open", "a private key was opened (a key file or a token object)", Severity.INFO, Severity.WARNING),
    KEY_GENERATE("key.generate", "a key pair was generated (in a file or on a token)", Severity.NOTICE,
            Severity.WARNING),
    CA_INIT("ca.init", "a certificate authority was created", Severity.NOTICE, Severity.WARNING),
    CA_ISSUE("ca.issue", "a certificate was issued (or issuance refused)", Severity.NOTICE, Severity.WARNING),
    CA_REVOKE("ca.revoke", "a certificate was revoked", Severity.NOTICE, Severity.WARNING),
    CA_CRL("ca.crl", "a certificate revocation list was issued", Severity.NOTICE, Severity.WARNING),
    TOKEN_INIT("token.init", "a token was initialised (its objects erased, new PINs set)", Severity.NOTICE,
            Severity.WARNING),
    TOKEN_LOGIN("token.login", "a PIN was presented to a token", Severity.INFO, Severity.WARNING),
    TOKEN_LOCKED("token.locked", "a token's PIN is locked after too many wrong PINs", Severity.ERROR, Severity.ERROR),
    TOKEN_UNBLOCK("token.unblock", "a token's user PIN was unblocked with the SO PIN", Severity.NOTICE,
            Severity.WARNING),
    TOKEN_IMPORT_CERT("token.import-cert", "a certificate was stored on a token", Severity.NOTICE, Severity.WARNING),
    TLCP_HANDSHAKE("tlcp.handshake", "a TLCP handshake completed (with the peer's certificate) or failed (with the "
            + "alert)", Severity.INFO, Severity.WARNING),
    TLS_HANDSHAKE("tls.handshake", "a TLS handshake on the gateway's port completed (with the client's certificate) or "
            + "failed (with the alert)", Severity.INFO, Severity.WARNING),
    TLCP_SERVER_START("tlcp.server-start", "a TLCP server started listening (with its certificates and revocation "
            + "settings)", Severity.NOTICE, Severity.ERROR),
    CRL_RELOAD("crl.reload", "a CRL file was re-read and taken into use (or refused, keeping the old one)",
            Severity.NOTICE, Severity.WARNING),
    CERTIFICATE_EXPIRY("certificate.expiry", "a certificate in use is near its end of validity, or past it",
            Severity.WARNING, Severity.ERROR),
    ACL_SIGN("acl.sign", "an ACL or ruleset was signed (or signing refused)", Severity.NOTICE, Severity.WARNING),
    ACL_VERIFY("acl.verify", "an ACL signature was verified", Severity.INFO, Severity.ERROR),
    ACL_DRIFT("acl.drift", "the live ruleset differs from the signed one", Severity.ERROR, Severity.ERROR),
    ACL_LOG_VERIFY("acl.log-verify", "an ACL chain was verified", Severity.INFO, Severity.ERROR),
    ACL_LOG_CHECKPOINT("acl.log-checkpoint", "an ACL chain's head was signed", Severity.NOTICE, Severity.WARNING),
    POLICY_LOAD("policy.load", "a group's ACL was loaded after its signature verified, or refused (at start the "
            + "gateway does not start; on a reload the previous version stays live)", Severity.NOTICE, Severity.ERROR),
    POLICY_DROP("policy.drop", "a packet was dropped by a group's ACL (sampled: the first drop per rule per interval, "
            + "with its 5-tuple and the drops since the last sample)", Severity.INFO, Severity.NOTICE),
    SSLVPN_LOGIN("sslvpn.login", "a VPN user logged in (with the certificate's subject and serial) or the login "
            + "was refused (with the reason)", Severity.INFO, Severity.WARNING),
    SSLVPN_SESSION_START("sslvpn.session-start", "a VPN tunnel opened (with its addresses) or was refused",
            Severity.INFO, Severity.WARNING),
    SSLVPN_SESSION_END("sslvpn.session-end", "a VPN tunnel ended (bytes, packets, duration, reason)", Severity.INFO,
            Severity.WARNING),
    SSLVPN_BAN("sslvpn.ban", "a source address was banned after too many ban points (failed logins, connections)",
            Severity.WARNING, Severity.WARNING),
    SSLVPN_COOKIE_REFUSED("sslvpn.cookie-refused", "a tunnel request's login cookie was refused (unknown, expired, "
            + "or issued to another certificate)", Severity.WARNING, Severity.WARNING),
    SSLVPN_POOL_EXHAUSTED("sslvpn.pool-exhausted", "no address was free for a VPN user's tunnel", Severity.ERROR,
            Severity.ERROR),
    OTP_VERIFY("otp.verify", "a dynamic password was accepted, or refused (wrong, replayed, token locked, or its new "
            + "state could not be saved)", Severity.INFO, Severity.WARNING),
    OTP_LOCK("otp.lock", "a dynamic token was locked after too many failed passwords in a row", Severity.ERROR,
            Severity.ERROR),
    OTP_UNLOCK("otp.unlock", "an operator unlocked a dynamic token", Severity.NOTICE, Severity.WARNING),
    OTP_RESYNC("otp.resync", "a dynamic token was resynchronised from two consecutive passwords (or they were not "
            + "found)", Severity.NOTICE, Severity.WARNING),
    OTP_TOKEN_ADD("otp.token-add", "a dynamic token was added to the token store (imported or created), its seed "
            + "sealed", Severity.NOTICE, Severity.WARNING),
    OTP_TOKEN_REMOVE("otp.token-remove", "a dynamic token was removed from the token store", Severity.NOTICE,
            Severity.WARNING),
    OTP_ASSIGN("otp.assign", "a dynamic token was assigned to a user, or unassigned", Severity.NOTICE,
            Severity.WARNING),
    OTP_IMPORT("otp.import", "a vendor seed file was imported into the token store (all its tokens), or refused "
            + "(none)", Severity.NOTICE, Severity.WARNING),
    AUDIT_VERIFY("audit.verify", "the audit log was verified", Severity.INFO, Severity.ERROR),
    AUDIT_TAIL_REPAIRED("audit.tail-repaired", "a record cut short by a crash was found at the end of the audit log; "
            + "its bytes are kept in this record", Severity.WARNING, Severity.WARNING),
    IPSEC_IKE_UP("ipsec.ike-up", "an IPsec peer's ISAKMP SA (phase 1) was established (with its "
            + "algorithms and cookies), or main mode failed",
            Severity.INFO, Severity.WARNING),
    IPSEC_IKE_DOWN("ipsec.ike-down", "an IPsec peer's ISAKMP SA ended (deleted by us or the peer, expired, "
            + "replaced after INITIAL-CONTACT)",
            Severity.INFO, Severity.WARNING),
    IPSEC_CHILD_UP("ipsec.child-up", "a CHILD SA (ESP pair) was installed (with its transform, SPIs and "
            + "subnets), or quick mode failed",
            Severity.INFO, Severity.WARNING),
    IPSEC_CHILD_DOWN("ipsec.child-down", "a CHILD SA was removed (deleted, expired, its peer dead), with its "
            + "bytes and packets",
            Severity.INFO, Severity.WARNING),
    IPSEC_REKEY("ipsec.rekey", "an SA was replaced by a new one (phase 1 or 2; time, volume or "
            + "sequence space), or a rekey collision resolved",
            Severity.INFO, Severity.WARNING),
    IPSEC_AUTH_FAILED("ipsec.auth-failed", "an IPsec peer failed authentication in main mode (certificate, "
            + "envelope, signature, identity)",
            Severity.WARNING, Severity.WARNING),
    IPSEC_DPD_DEAD("ipsec.dpd-dead", "an IPsec peer did not answer dead peer detection in time; its SAs were"
            + " deleted",
            Severity.WARNING, Severity.WARNING),
    CONTROL_DISCONNECT("control.disconnect", "an operator disconnected VPN sessions through the gateway's control "
            + "socket (or named none that exist)", Severity.NOTICE, Severity.WARNING);

    private final String id;
    private final String description;
    private final Severity success;
    private final Severity failure;

    AuditEventType(String id, String description, Severity success, Severity failure) {
        this.id = id;
        this.description = description;
        this.success = success;
        this.failure = failure;
    }

    /** The name in a record, e.g. {@code ca.issue}. */
    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    /** The severity of an event of this type with {@code outcome}, unless the emitter names another. */
    public Severity severity(Outcome outcome) {
        return outcome == Outcome.SUCCESS ? success : failure;
    }
}
