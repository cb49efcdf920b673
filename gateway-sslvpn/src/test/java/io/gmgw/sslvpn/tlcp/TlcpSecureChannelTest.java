package io.gmgw.sslvpn.tlcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.sslvpn.channel.SecureChannelEvent;
import io.gmgw.sslvpn.channel.SecureSession;
import io.gmgw.sslvpn.tlcp.netty.TlcpHandler;
import io.gmgw.sslvpn.tlcp.protocol.TlcpAlertException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TLCP as one of the secure channels: the protocol-neutral {@link SecureSession} and {@link SecureChannelEvent} on
 * success and failure, and one record per written buffer (openconnect and the CSTP layer need one frame per record:
 * cstp.md §5).
 */
class TlcpSecureChannelTest {
    static CryptoModule module;
    static TestPki pki;
    static TlcpCredentials server;
    static TlcpCredentials client;

    @BeforeAll
    static void pki() {
        module = TestModules.deterministic("tlcp-secure-channel");
        pki = new TestPki(module);
        server = pki.server("localhost");
        client = pki.client("carol");
    }

    /** Keeps each plaintext buffer as it arrived, and the events. */
    static final class Reads extends ChannelInboundHandlerAdapter {
        final List<byte[]> chunks = new ArrayList<>();
        final List<Object> events = new ArrayList<>();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf b = (ByteBuf) msg;
            byte[] chunk = new byte[b.readableBytes()];
            b.readBytes(chunk);
            b.release();
            chunks.add(chunk);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            events.add(evt);
        }

        SecureChannelEvent secureEvent() {
            return events.stream().filter(SecureChannelEvent.class::isInstance).map(SecureChannelEvent.class::cast)
                    .reduce((a, b) -> {
                        throw new AssertionError("more than one SecureChannelEvent: " + events);
                    }).orElseThrow(() -> new AssertionError("no SecureChannelEvent: " + events));
        }
    }

    private EmbeddedChannel[] established(Reads clientApp, Reads serverApp) {
        TlcpHandler s = TlcpHandler.server(TlcpConfig.server(module, server).clientVerifier(pki.verifier())
                .clientAuth(ClientAuth.NEED).build(), true);
        TlcpHandler c = TlcpHandler.client(TlcpConfig.client(module, pki.verifier()).credentials(client).build(), null,
                true);
        EmbeddedChannel sc = new EmbeddedChannel(s, serverApp);
        EmbeddedChannel cc = new EmbeddedChannel(c, clientApp);
        TlcpNettyTest.shuttle(cc, sc);
        return new EmbeddedChannel[] {cc, sc};
    }

    @Test
    void anEstablishedConnectionIsASecureSessionWithThePeersSigningCertificateFirst() {
        Reads clientApp = new Reads();
        Reads serverApp = new Reads();
        EmbeddedChannel[] cs = established(clientApp, serverApp);
        SecureChannelEvent event = serverApp.secureEvent();
        assertTrue(event.isSuccess(), () -> String.valueOf(event.cause()));
        SecureSession session = cs[1].attr(SecureSession.ATTRIBUTE).get();
        assertSame(session, event.session(), "the event carries the session set on the channel");
        assertEquals(SecureSession.Family.TLCP, session.family());
        assertEquals("TLCP", session.protocol());
        TlcpSession tlcp = ((TlcpSecureSession) session).tlcp();
        assertEquals(tlcp.suite().name(), session.cipherSuite());
        assertArrayEquals(tlcp.sessionId(), session.sessionId());
        assertFalse(session.resumed());
        assertEquals(client.signingCertificate().toHolder(), session.peerIdentity().orElseThrow());
        assertEquals(client.encryptionCertificate().toHolder(), session.peerCertificates().get(1),
                "then the encryption certificate");
        assertEquals(session.peerCertificates().size(), tlcp.peerCertificates().size(),
                "every certificate the peer sent, each once");

        SecureSession clientSide = cs[0].attr(SecureSession.ATTRIBUTE).get();
        assertEquals(server.signingCertificate().toHolder(), clientSide.peerIdentity().orElseThrow());
        assertSame(clientSide, clientApp.secureEvent().session());
        cs[0].finishAndReleaseAll();
        cs[1].finishAndReleaseAll();
    }

    @Test
    void aFailedHandshakeFiresTheFailureEventAndSetsNoSession() {
        Reads serverApp = new Reads();
        TlcpHandler s = TlcpHandler.server(TlcpConfig.server(module, server).clientVerifier(pki.verifier())
                .clientAuth(ClientAuth.NEED).build(), true);
        // a client without certificates: the server requires one
        TlcpHandler c = TlcpHandler.client(TlcpConfig.client(module, pki.verifier()).build(), null, true);
        EmbeddedChannel sc = new EmbeddedChannel(s, serverApp);
        EmbeddedChannel cc = new EmbeddedChannel(c, new Reads());
        TlcpNettyTest.shuttle(cc, sc);
        SecureChannelEvent event = serverApp.secureEvent();
        assertFalse(event.isSuccess());
        assertTrue(event.cause() instanceof TlcpAlertException, () -> String.valueOf(event.cause()));
        assertNull(sc.attr(SecureSession.ATTRIBUTE).get());
        cc.finishAndReleaseAll();
        sc.finishAndReleaseAll();
    }

    @Test
    void twoWritesThenOneFlushAreTwoRecordsOnTheWire() {
        Reads clientApp = new Reads();
        Reads serverApp = new Reads();
        EmbeddedChannel[] cs = established(clientApp, serverApp);
        byte[] first = "STF\u0001\u0000\u0004\u0000\u0000ping".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] second = new byte[1400];
        new java.util.Random(5).nextBytes(second);
        cs[1].write(Unpooled.wrappedBuffer(first));
        cs[1].write(Unpooled.wrappedBuffer(second));
        cs[1].flush();
        List<Integer> records = new ArrayList<>();
        ByteBuf wire = Unpooled.buffer();
        for (Object o; (o = cs[1].readOutbound()) != null; ) {
            wire.writeBytes((ByteBuf) o);
            ((ByteBuf) o).release();
        }
        for (int p = wire.readerIndex(); p < wire.writerIndex(); p += 5 + wire.getUnsignedShort(p + 3)) {
            records.add((int) wire.getUnsignedByte(p));
        }
        assertEquals(List.of(23, 23), records, "two application_data records, nothing merged");
        cs[0].writeInbound(wire); // all of it at once: the boundaries are the records'
        assertEquals(2, clientApp.chunks.size());
        assertArrayEquals(first, clientApp.chunks.get(0));
        assertArrayEquals(second, clientApp.chunks.get(1));
        assertNotNull(cs[0].attr(SecureSession.ATTRIBUTE).get());
        cs[0].finishAndReleaseAll();
        cs[1].finishAndReleaseAll();
    }
}
