package io.gmgw.sslvpn.gateway;

import io.gmgw.audit.Audit;
import io.gmgw.audit.AuditEventType;
import io.gmgw.gateway.ip.IpPrefix;
import io.gmgw.sslvpn.channel.SecureSession;
import java.net.InetAddress;
import org.bouncycastle.cert.X509CertificateHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tunnel server's audit records (docs/audit-events.md, {@code sslvpn.*}). A record that cannot be written is
 * logged and the gateway goes on: the audit interface given here should be asynchronous (AsyncAuditSink) so that
 * event loops never wait for a disk, and its own failure policy applies there.
 */
final class GatewayAudit {
    private static final Logger LOG = LoggerFactory.getLogger("cstp");
    private final Audit audit;

    GatewayAudit(Audit audit) {
        this.audit = audit;
    }

    void loginOk(InetAddress source, SecureSession channel, Identity id, String cookieId) {
        write(audit.success(AuditEventType.SSLVPN_LOGIN).subject(id.hasCertificate() ? id.subject() : null)
                .object(source.getHostAddress())
                .correlate("serial", id.serialHex()).correlate("cookie", cookieId).detail("user", id.user())
                .detail("group", id.group()).detail("issuer", id.issuer()).detail("protocol", channel.protocol())
                .detail("suite", channel.cipherSuite()).detail("login", id.login().configName())
                .detail("token", id.token().isEmpty() ? null : id.token()));
    }

    void loginFailed(InetAddress source, SecureSession channel, String reason) {
        Audit.Entry e = audit.failure(AuditEventType.SSLVPN_LOGIN, reason).object(source.getHostAddress());
        if (channel != null) {
            channel.peerIdentity().ifPresent(c -> certificate(e, c));
            e.detail("protocol", channel.protocol()).detail("suite", channel.cipherSuite());
        }
        write(e);
    }

    void cookieRefused(InetAddress source, SecureSession channel, CookieStore.Refusal refusal, String cookieId) {
        Audit.Entry e = audit.failure(AuditEventType.SSLVPN_COOKIE_REFUSED, refusal.text())
                .object(source.getHostAddress()).correlate("cookie", cookieId);
        channel.peerIdentity().ifPresent(c -> certificate(e, c));
        write(e);
    }

    void ban(InetAddress source, int score) {
        write(audit.success(AuditEventType.SSLVPN_BAN).object(source.getHostAddress()).detail("score", score));
    }

    void poolExhausted(Identity id, String message) {
        write(audit.failure(AuditEventType.SSLVPN_POOL_EXHAUSTED, message).subject(id.subject())
                .correlate("serial", id.serialHex()).detail("user", id.user()).detail("group", id.group()));
    }

    void sessionRefused(Identity id, String sessionId, String reason) {
        write(audit.failure(AuditEventType.SSLVPN_SESSION_START, reason).subject(id.subject())
                .correlate("session", sessionId).correlate("serial", id.serialHex()).detail("user", id.user()));
    }

    void sessionStart(SessionInfo s, String cookieId, int mtu) {
        write(audit.success(AuditEventType.SSLVPN_SESSION_START).subject(s.subject()).object(s.source())
                .correlate("session", s.id()).correlate("serial", s.serialHex()).correlate("cookie", cookieId)
                .detail("user", s.user()).detail("group", s.group()).detail("protocol", s.protocol())
                .detail("suite", s.cipherSuite()).detail("ipv4", s.ipv4().map(IpPrefix::toString).orElse(null))
                .detail("ipv6", s.ipv6().map(IpPrefix::toString).orElse(null)).detail("mtu", mtu));
    }

    void sessionEnd(SessionInfo s, String cookieId, EndReason reason, String detail, long durationSeconds) {
        write(audit.success(AuditEventType.SSLVPN_SESSION_END).subject(s.subject()).object(s.source())
                .reason(detail).correlate("session", s.id()).correlate("serial", s.serialHex())
                .correlate("cookie", cookieId).detail("user", s.user()).detail("reason", reason.id())
                .detail("bytesIn", s.bytesIn()).detail("bytesOut", s.bytesOut()).detail("packetsIn", s.packetsIn())
                .detail("packetsOut", s.packetsOut()).detail("dropsIn", s.dropsIn()).detail("dropsOut", s.dropsOut())
                .detail("durationSeconds", durationSeconds));
    }

    private static void certificate(Audit.Entry e, X509CertificateHolder c) {
        e.subject(c.getSubject().toString()).correlate("serial", c.getSerialNumber().toString(16))
                .detail("issuer", c.getIssuer().toString());
    }

    private static void write(Audit.Entry e) {
        try {
            e.write();
        } catch (RuntimeException ex) {
            LOG.error("cstp: audit record {} could not be written: {}", e.build().event(), ex.getMessage());
        }
    }
}
