package io.gmgw.sslvpn.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.audit.Actor;
import io.gmgw.audit.Audit;
import io.gmgw.audit.AuditEvent;
import io.gmgw.audit.AuditException;
import io.gmgw.audit.Outcome;
import io.gmgw.sslvpn.channel.SecureSession;
import io.gmgw.sslvpn.tlcp.ClientAuth;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every TLS handshake on the gateway's port leaves one {@code tls.handshake} record: the client certificate's subject
 * and serial on success, the alert on failure; a handshake that cannot be recorded is not let through.
 */
class TlsHandshakeAuditTest {
    static TlsTestPki pki;
    static TlsTestPki.Pair server;

    @BeforeAll
    static void pki() throws Exception {
        pki = new TlsTestPki("audit");
        server = pki.server(TlsTestPki.ec());
    }

    private static TlsServerConfig config(Audit audit, java.security.cert.X509CRL crl) {
        return TlsServerConfig.server(server.key(), server.chain()).clock(Clock.fixed(TlsTestPki.NOW, ZoneOffset.UTC))
                .clientAuth(ClientAuth.NEED, pki.verifier(crl)).audit(audit).build();
    }

    private static Audit audit(List<AuditEvent> events) {
        return new Audit(events::add, Clock.systemUTC(), Actor.ofThisProcess("gmgw-test"), Map.of());
    }

    @Test
    void anEstablishedHandshakeRecordsTheClientCertificate() throws Exception {
        List<AuditEvent> events = new ArrayList<>();
        TlsTestPki.Pair grace = pki.client("grace");
        EmbeddedChannel ch = new EmbeddedChannel(new TlsHandler(config(audit(events), pki.crl())));
        new JdkEngineClient(pki.jdkClientContext(grace), "TLSv1.3").handshake(ch);
        assertEquals(1, events.size(), () -> String.valueOf(events));
        AuditEvent e = events.getFirst();
        assertEquals("tls.handshake", e.event());
        assertEquals(Outcome.SUCCESS, e.outcome());
        assertTrue(e.subject().contains("CN=grace"), e.subject());
        assertEquals(grace.certificate().getSerialNumber().toString(16), e.correlation().get("peerSerial"));
        assertEquals("TLSv1.3", e.details().get("version"));
        assertEquals("TLS_AES_128_GCM_SHA256", e.details().get("suite"));
        ch.finishAndReleaseAll();
    }

    @Test
    void aRefusedClientIsRecordedWithTheAlert() throws Exception {
        List<AuditEvent> events = new ArrayList<>();
        TlsTestPki.Pair heidi = pki.client("heidi");
        EmbeddedChannel ch = new EmbeddedChannel(new TlsHandler(config(audit(events), pki.crl(heidi.certificate()))));
        JdkEngineClient client = new JdkEngineClient(pki.jdkClientContext(heidi), "TLSv1.2");
        assertThrows(SSLException.class, () -> client.handshake(ch));
        assertEquals(1, events.size(), () -> String.valueOf(events));
        AuditEvent e = events.getFirst();
        assertEquals(Outcome.FAILURE, e.outcome());
        assertEquals("certificate_revoked", e.details().get("alert"));
        assertEquals("44", e.details().get("alertCode"));
        assertEquals("us", e.details().get("alertFrom"));
        assertTrue(e.reason().contains("revoked"), e.reason());
        ch.finishAndReleaseAll();
    }

    @Test
    void aHandshakeThatCannotBeRecordedIsNotLetThrough() throws Exception {
        Audit broken = new Audit(event -> {
            throw new AuditException("the audit disk is full");
        }, Clock.systemUTC(), Actor.ofThisProcess("gmgw-test"), Map.of());
        TlsHandlerTest.App app = new TlsHandlerTest.App();
        EmbeddedChannel ch = new EmbeddedChannel(new TlsHandler(config(broken, pki.crl())), app);
        new JdkEngineClient(pki.jdkClientContext(pki.client("ivan")), "TLSv1.3").handshake(ch);
        assertFalse(app.secureEvent().isSuccess());
        assertTrue(app.secureEvent().cause().getMessage().contains("audit"), app.secureEvent().cause().getMessage());
        assertNull(ch.attr(SecureSession.ATTRIBUTE).get());
        assertFalse(ch.isOpen());
        ch.finishAndReleaseAll();
    }
}
