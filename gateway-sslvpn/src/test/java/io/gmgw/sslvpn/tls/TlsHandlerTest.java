package io.gmgw.sslvpn.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.sslvpn.channel.SecureChannelEvent;
import io.gmgw.sslvpn.channel.SecureSession;
import io.gmgw.sslvpn.tlcp.ClientAuth;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.tls.AlertDescription;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The TLS server handler against the JDK's own TLS client over embedded channels: TLS 1.3 and 1.2 with ECDSA and RSA
 * server keys, client certificates verified against the anchors and CRLs with the right alert for each refusal, and
 * one record per written buffer.
 */
class TlsHandlerTest {
    static TlsTestPki pki;
    static TlsTestPki.Pair ecServer;
    static TlsTestPki.Pair rsaServer;
    static TlsTestPki.Pair alice;

    @BeforeAll
    static void pki() throws Exception {
        pki = new TlsTestPki("handler");
        ecServer = pki.server(TlsTestPki.ec());
        rsaServer = pki.server(TlsTestPki.rsa());
        alice = pki.client("alice");
    }

    /** Keeps each plaintext buffer as it arrived, and the events. */
    static final class App extends ChannelInboundHandlerAdapter {
        final List<byte[]> reads = new ArrayList<>();
        final List<Object> events = new ArrayList<>();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf b = (ByteBuf) msg;
            byte[] chunk = new byte[b.readableBytes()];
            b.readBytes(chunk);
            b.release();
            reads.add(chunk);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            events.add(evt);
        }

        SecureChannelEvent secureEvent() {
            List<SecureChannelEvent> found = events.stream().filter(SecureChannelEvent.class::isInstance)
                    .map(SecureChannelEvent.class::cast).toList();
            assertEquals(1, found.size(), () -> "exactly one SecureChannelEvent: " + events);
            return found.getFirst();
        }
    }

    private static TlsServerConfig.Builder config(TlsTestPki.Pair server) {
        return TlsServerConfig.server(server.key(), server.chain())
                .clock(Clock.fixed(TlsTestPki.NOW, ZoneOffset.UTC));
    }

    @ParameterizedTest
    @CsvSource({"TLSv1.3, EC, TLS_AES_128_GCM_SHA256", "TLSv1.3, RSA, TLS_AES_128_GCM_SHA256",
        "TLSv1.2, EC, TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLSv1.2, RSA, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"})
    void aJdkClientWithACertificateCompletesAndTheSessionSaysWhoItIs(String version, String keyType, String suite)
            throws Exception {
        TlsTestPki.Pair server = keyType.equals("EC") ? ecServer : rsaServer;
        App app = new App();
        EmbeddedChannel ch = new EmbeddedChannel(new TlsHandler(config(server)
                .clientAuth(ClientAuth.NEED, pki.verifier(pki.crl())).build()), app);
        JdkEngineClient client = new JdkEngineClient(pki.jdkClientContext(alice), version);
        client.handshake(ch);

        SecureChannelEvent event = app.secureEvent();
        assertTrue(event.isSuccess(), () -> String.valueOf(event.cause()));
        SecureSession session = ch.attr(SecureSession.ATTRIBUTE).get();
        assertSame(session, event.session());
        assertEquals(SecureSession.Family.TLS, session.family());
        assertEquals(version, session.protocol());
        assertEquals(suite, session.cipherSuite());
        assertEquals(version, client.engine.getSession().getProtocol(), "the client agrees");
        assertEquals(suite, client.engine.getSession().getCipherSuite());
        assertEquals(new X509CertificateHolder(alice.certificate().getEncoded()), session.peerIdentity().orElseThrow());

        ch.writeInbound(Unpooled.wrappedBuffer(client.wrap("hello".getBytes(StandardCharsets.US_ASCII))));
        assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII), app.reads.getFirst());
        ch.writeAndFlush(Unpooled.copiedBuffer("world", StandardCharsets.US_ASCII));
        client.exchange(ch);
        assertArrayEquals("world".getBytes(StandardCharsets.US_ASCII), client.records.getLast());
        ch.close();
        ByteBuf closeNotify = ch.readOutbound();
        byte[] bytes = new byte[closeNotify.readableBytes()];
        closeNotify.readBytes(bytes);
        closeNotify.release();
        client.feed(bytes);
        assertTrue(client.engine.isInboundDone(), "the client read our close_notify");
        assertFalse(ch.finishAndReleaseAll(), "nothing left over");
    }

    @ParameterizedTest
    @CsvSource({"TLSv1.3, 17", "TLSv1.2, 24"})
    void twoWritesThenOneFlushAreTwoRecordsOnTheWire(String version, int overhead) throws Exception {
        App app = new App();
        EmbeddedChannel ch = new EmbeddedChannel(new TlsHandler(config(ecServer).build()), app);
        JdkEngineClient client = new JdkEngineClient(pki.jdkClientContext(null), version);
        client.handshake(ch);
        int before = client.records.size();
        byte[] first = "STF\u0001\u0000\u0004\u0000\u0000ping".getBytes(StandardCharsets.ISO_8859_1);
        byte[] second = new byte[1400];
        new java.util.Random(7).nextBytes(second);
        ch.write(Unpooled.wrappedBuffer(first));
        ch.write(Unpooled.directBuffer(second.length).writeBytes(second));
        ch.flush();
        ByteBuf wire = Unpooled.buffer();
        for (Object o; (o = ch.readOutbound()) != null; ) {
            wire.writeBytes((ByteBuf) o);
            ((ByteBuf) o).release();
        }
        List<Integer> lengths = new ArrayList<>();
        for (int p = wire.readerIndex(); p < wire.writerIndex(); p += 5 + wire.getUnsignedShort(p + 3)) {
            assertEquals(23, wire.getUnsignedByte(p), "application_data");
            lengths.add(wire.getUnsignedShort(p + 3));
        }
        assertEquals(List.of(first.length + overhead, second.length + overhead), lengths,
                "two records, each one write's bytes and its AEAD overhead");
        byte[] bytes = new byte[wire.readableBytes()];
        wire.readBytes(bytes);
        wire.release();
        client.feed(bytes);
        assertEquals(before + 2, client.records.size());
        assertArrayEquals(first, client.records.get(before));
        assertArrayEquals(second, client.records.get(before + 1));
        ch.finishAndReleaseAll();
    }

    @Test
    void writesBeforeTheHandshakeWaitAndGoOutAfterIt() throws Exception {
        App app = new App();
        EmbeddedChannel ch = new EmbeddedChannel(new TlsHandler(config(ecServer).build()), app);
        var early = ch.writeAndFlush(Unpooled.copiedBuffer("early", StandardCharsets.US_ASCII));
        assertFalse(early.isDone());
        assertNull(ch.readOutbound(), "nothing is sent before the ClientHello");
        JdkEngineClient client = new JdkEngineClient(pki.jdkClientContext(null), "TLSv1.3");
        client.handshake(ch);
        assertTrue(early.isSuccess());
        assertArrayEquals("early".getBytes(StandardCharsets.US_ASCII), client.records.getLast());
        ch.finishAndReleaseAll();
    }

    private TlsAlertException refused(ClientCertificateVerifier verifier, TlsTestPki.Pair clientPair, String version)
            throws Exception {
        App app = new App();
        EmbeddedChannel ch = new EmbeddedChannel(new TlsHandler(config(ecServer)
                .clientAuth(ClientAuth.NEED, verifier).build()), app);
        JdkEngineClient client = new JdkEngineClient(pki.jdkClientContext(clientPair), version);
        SSLException seen = assertThrows(SSLException.class, () -> {
            client.handshake(ch);
            // TLS 1.3: the client has finished before the server judges its certificate; the alert comes next
            client.exchange(ch);
            client.wrap("x".getBytes(StandardCharsets.US_ASCII));
        });
        SecureChannelEvent event = app.secureEvent();
        assertFalse(event.isSuccess());
        assertNull(ch.attr(SecureSession.ATTRIBUTE).get(), "no session for a refused client");
        TlsAlertException alert = assertInstanceOf(TlsAlertException.class, event.cause());
        assertTrue(seen.getMessage().contains(alert.alertName()), () -> "the client saw " + seen.getMessage());
        assertFalse(ch.isOpen());
        ch.finishAndReleaseAll();
        return alert;
    }

    @ParameterizedTest
    @CsvSource({"TLSv1.3", "TLSv1.2"})
    void aRevokedClientCertificateIsRefusedWithCertificateRevoked(String version) throws Exception {
        TlsTestPki.Pair mallory = pki.client("mallory");
        TlsAlertException alert = refused(pki.verifier(pki.crl(mallory.certificate())), mallory, version);
        assertEquals(AlertDescription.certificate_revoked, alert.alert());
        assertTrue(alert.getMessage().contains("revoked"), alert.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"TLSv1.3", "TLSv1.2"})
    void aClientCertificateFromAnotherCaIsRefusedWithUnknownCa(String version) throws Exception {
        TlsTestPki other = new TlsTestPki("other");
        assertEquals(AlertDescription.unknown_ca, refused(pki.verifier(pki.crl()), other.client("eve"), version)
                .alert());
    }

    @Test
    void aClientCertificateWhoseSignatureDoesNotVerifyIsABadCertificate() throws Exception {
        // a CA with our CA's name but another key: the path reaches our anchor by name, the signature fails
        TlsTestPki forger = new TlsTestPki("handler");
        assertEquals(AlertDescription.bad_certificate, refused(pki.verifier(pki.crl()), forger.client("trudy"),
                "TLSv1.3").alert());
    }

    @Test
    void aClientCertificateNotForClientAuthIsAnUnsupportedCertificate() throws Exception {
        TlsTestPki.Pair serverOnly = pki.client("svc", KeyPurposeId.id_kp_serverAuth,
                TlsTestPki.NOW.plus(java.time.Duration.ofDays(1)));
        assertEquals(AlertDescription.unsupported_certificate, refused(pki.verifier(pki.crl()), serverOnly,
                "TLSv1.3").alert());
    }

    @Test
    void anExpiredClientCertificateIsRefusedWithCertificateExpired() throws Exception {
        TlsTestPki.Pair old = pki.client("old", KeyPurposeId.id_kp_clientAuth,
                TlsTestPki.NOW.minus(java.time.Duration.ofHours(1)));
        assertEquals(AlertDescription.certificate_expired, refused(pki.verifier(pki.crl()), old, "TLSv1.2")
                .alert());
    }

    @Test
    void withoutACrlOfTheIssuerAClientIsRefusedWhenRevocationCheckingIsRequired() throws Exception {
        assertEquals(AlertDescription.certificate_unknown, refused(pki.verifier(), alice, "TLSv1.3").alert());
    }

    @Test
    void aClientWithoutCertificateIsRefusedWhenOneIsRequired() throws Exception {
        assertEquals(AlertDescription.certificate_required, refused(pki.verifier(pki.crl()), null, "TLSv1.3")
                .alert());
    }

    @Test
    void aClientWithoutCertificateIsLetThroughWhenOneIsOnlyWanted() throws Exception {
        App app = new App();
        EmbeddedChannel ch = new EmbeddedChannel(new TlsHandler(config(ecServer)
                .clientAuth(ClientAuth.WANT, pki.verifier(pki.crl())).build()), app);
        new JdkEngineClient(pki.jdkClientContext(null), "TLSv1.3").handshake(ch);
        assertTrue(app.secureEvent().isSuccess());
        assertTrue(ch.attr(SecureSession.ATTRIBUTE).get().peerIdentity().isEmpty());
        ch.finishAndReleaseAll();
    }

    @Test
    void aHandshakeThatDoesNotFinishInTimeFailsAndCloses() {
        App app = new App();
        EmbeddedChannel ch = new EmbeddedChannel(new TlsHandler(config(ecServer)
                .handshakeTimeout(java.time.Duration.ofSeconds(5)).build()), app);
        ch.advanceTimeBy(4, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertTrue(ch.isOpen());
        ch.advanceTimeBy(2, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertFalse(ch.isOpen());
        TlsAlertException cause = assertInstanceOf(TlsAlertException.class, app.secureEvent().cause());
        assertTrue(cause.getMessage().contains("timed out"), cause.getMessage());
        assertNotNull(cause.display());
        ch.finishAndReleaseAll();
    }
}
