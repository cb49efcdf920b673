package io.gmgw.sslvpn.tlcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.crypto.pki.Sm2Certificate;
import io.gmgw.crypto.sm2.Sm2CiphertextFormat;
import io.gmgw.crypto.sm3.HmacSm3;
import io.gmgw.crypto.sm4.Sm4Cbc;
import io.gmgw.sslvpn.tlcp.TlcpMitm.Record;
import io.gmgw.sslvpn.tlcp.engine.TlcpEngine;
import io.gmgw.sslvpn.tlcp.message.CertificateMessage;
import io.gmgw.sslvpn.tlcp.message.ClientHello;
import io.gmgw.sslvpn.tlcp.message.ClientKeyExchange;
import io.gmgw.sslvpn.tlcp.message.Extension;
import io.gmgw.sslvpn.tlcp.message.HandshakeType;
import io.gmgw.sslvpn.tlcp.message.RawHandshake;
import io.gmgw.sslvpn.tlcp.message.ServerHello;
import io.gmgw.sslvpn.tlcp.protocol.AlertDescription;
import io.gmgw.sslvpn.tlcp.protocol.CipherSuite;
import io.gmgw.sslvpn.tlcp.protocol.ProtocolVersion;
import io.gmgw.sslvpn.tlcp.record.ContentType;
import io.gmgw.sslvpn.tlcp.record.RecordCipher;
import io.gmgw.sslvpn.tlcp.record.RecordLayer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One test per class of bad input the issue lists: each malformed or out-of-order message in each direction, wrong
 * versions, bad MAC and padding, bad Finished and signatures, certificate problems, record overflow, renegotiation,
 * junk instead of TLCP. Each asserts the exact alert the detecting engine sends, that the other engine receives it, and
 * that both end closed. Protected messages are built by {@link TlcpMitm}, which holds the server's encryption key.
 */
class TlcpNegativeTest {
    static CryptoModule module;
    static TestPki pki;
    static TlcpCredentials server;
    static TlcpCredentials client;

    enum Role { CLIENT, SERVER }

    @BeforeAll
    static void pki() {
        module = TestModules.deterministic("tlcp-negative");
        pki = new TestPki(module);
        server = pki.server("localhost");
        client = pki.client("carol");
    }

    static TlcpConfig.Builder serverConfig() {
        return TlcpConfig.server(module, server).clientVerifier(pki.verifier());
    }

    static TlcpConfig.Builder clientConfig(CipherSuite suite) {
        TlcpConfig.Builder b = TlcpConfig.client(module, pki.verifier()).suites(List.of(suite));
        return suite.keyExchange() == CipherSuite.KeyExchange.ECDHE ? b.credentials(client) : b;
    }

    /** A pair for {@code suite}, mutual authentication when asked (always for ECDHE), with a MITM attached. */
    static Setup setup(CipherSuite suite, boolean mutual) {
        TlcpConfig.Builder c = clientConfig(suite);
        if (mutual) {
            c.credentials(client);
        }
        EnginePair pair = new EnginePair(c.build(), serverConfig().clientAuth(mutual ? ClientAuth.NEED : ClientAuth.NONE)
                .build());
        return new Setup(pair, new TlcpMitm(module, server.encryptionKey()).attach(pair));
    }

    record Setup(EnginePair pair, TlcpMitm mitm) {
    }

    /**
     * The detector sent {@code alert} (and did not receive it), the other side received it, neither established
     * unless it had already, and both engines are closed.
     */
    static void assertAlert(EnginePair pair, Role detector, AlertDescription alert) {
        EnginePair.Side d = detector == Role.CLIENT ? pair.client : pair.server;
        EnginePair.Side o = detector == Role.CLIENT ? pair.server : pair.client;
        assertNotNull(d.failure, () -> detector + " detected nothing; other side: " + o.failure);
        assertEquals(alert, d.failure.alert(), () -> detector + ": " + d.failure.getMessage());
        assertFalse(d.failure.fromPeer(), () -> detector + " should have detected, but received: " + d.failure);
        assertNotNull(o.failure, () -> "the peer of the " + detector + " never saw the alert");
        assertEquals(alert, o.failure.alert(), () -> "peer: " + o.failure.getMessage());
        assertTrue(o.failure.fromPeer(), () -> "peer detected instead of receiving: " + o.failure);
        assertEquals(TlcpEngine.Status.CLOSED, pair.clientEngine.status());
        assertEquals(TlcpEngine.Status.CLOSED, pair.serverEngine.status());
    }

    static Role receiverOf(boolean fromClient) {
        return fromClient ? Role.SERVER : Role.CLIENT;
    }

    // ---------------------------------------------------------------- malformed handshake messages

    static UnaryOperator<byte[]> truncate() {
        return b -> Arrays.copyOf(b, b.length - 1);
    }

    static UnaryOperator<byte[]> extend() {
        return b -> Arrays.copyOf(b, b.length + 1);
    }

    static UnaryOperator<byte[]> set(int index, int value) {
        return b -> {
            byte[] c = b.clone();
            c[index < 0 ? c.length + index : index] = (byte) value;
            return c;
        };
    }

    static UnaryOperator<byte[]> flip(int index) {
        return b -> {
            byte[] c = b.clone();
            c[index < 0 ? c.length + index : index] ^= 0x01;
            return c;
        };
    }

    /** The first certificate's DER damaged inside the Certificate message (after its two 3-byte lengths). */
    static UnaryOperator<byte[]> garbleFirstCertificate() {
        return set(6, 0x31);
    }

    /** The r INTEGER of an SM2 signature carried as vector16 at {@code at}: still DER, no longer valid. */
    static UnaryOperator<byte[]> garbleSignatureAt(int at) {
        return flip(at + 2 + 8);
    }

    record Malformed(String name, CipherSuite suite, boolean mutual, boolean fromClient, int type,
            UnaryOperator<byte[]> body, AlertDescription alert) {
        @Override
        public String toString() {
            return name + " " + suite.hexId();
        }
    }

    static Stream<Malformed> malformedMessages() {
        CipherSuite ecc = CipherSuite.ECC_SM4_CBC_SM3;
        CipherSuite gcm = CipherSuite.ECC_SM4_GCM_SM3;
        CipherSuite ecdhe = CipherSuite.ECDHE_SM4_CBC_SM3;
        var dec = AlertDescription.DECODE_ERROR;
        List<Malformed> list = new ArrayList<>();
        for (CipherSuite s : List.of(ecc, ecdhe)) {
            boolean m = s == ecdhe;
            list.add(new Malformed("ClientHello truncated", s, m, true, HandshakeType.CLIENT_HELLO, truncate(), dec));
            list.add(new Malformed("ClientHello extended", s, m, true, HandshakeType.CLIENT_HELLO, extend(), dec));
            list.add(new Malformed("ClientHello session_id of 33 bytes", s, m, true, HandshakeType.CLIENT_HELLO,
                    set(34, 33), dec));
            list.add(new Malformed("ClientHello odd cipher_suites length", s, m, true, HandshakeType.CLIENT_HELLO,
                    b -> withSuites(b, new byte[] {(byte) 0xE0}), dec));
            list.add(new Malformed("ClientHello empty cipher_suites", s, m, true, HandshakeType.CLIENT_HELLO,
                    b -> withSuites(b, new byte[0]), dec));
            list.add(new Malformed("ServerHello truncated", s, m, false, HandshakeType.SERVER_HELLO, truncate(), dec));
            list.add(new Malformed("ServerHello extended", s, m, false, HandshakeType.SERVER_HELLO, extend(), dec));
            list.add(new Malformed("ServerHello unoffered suite", s, m, false, HandshakeType.SERVER_HELLO,
                    b -> serverHello(b, h -> new ServerHello(h.version(), h.random(), h.sessionId(), 0xE0FF, 0,
                            h.extensions())), AlertDescription.ILLEGAL_PARAMETER));
            list.add(new Malformed("ServerHello compression 1", s, m, false, HandshakeType.SERVER_HELLO,
                    b -> serverHello(b, h -> new ServerHello(h.version(), h.random(), h.sessionId(), h.cipherSuite(), 1,
                            h.extensions())), AlertDescription.ILLEGAL_PARAMETER));
            list.add(new Malformed("ServerHello unsolicited extension", s, m, false, HandshakeType.SERVER_HELLO,
                    b -> serverHello(b, h -> new ServerHello(h.version(), h.random(), h.sessionId(), h.cipherSuite(), 0,
                            List.of(new Extension(35, new byte[0])))), AlertDescription.UNSUPPORTED_EXTENSION));
            list.add(new Malformed("ServerHello server_name the client did not send", s, m, false,
                    HandshakeType.SERVER_HELLO, b -> serverHello(b, h -> new ServerHello(h.version(), h.random(),
                            h.sessionId(), h.cipherSuite(), 0, List.of(new Extension(Extension.SERVER_NAME,
                                    new byte[0])))), AlertDescription.UNSUPPORTED_EXTENSION));
            list.add(new Malformed("server Certificate truncated", s, m, false, HandshakeType.CERTIFICATE, truncate(),
                    dec));
            list.add(new Malformed("server Certificate extended", s, m, false, HandshakeType.CERTIFICATE, extend(),
                    dec));
            list.add(new Malformed("server Certificate garbled DER", s, m, false, HandshakeType.CERTIFICATE,
                    garbleFirstCertificate(), AlertDescription.BAD_CERTIFICATE));
            list.add(new Malformed("server Certificate empty", s, m, false, HandshakeType.CERTIFICATE,
                    b -> new byte[3], AlertDescription.BAD_CERTIFICATE));
            list.add(new Malformed("ServerKeyExchange truncated", s, m, false, HandshakeType.SERVER_KEY_EXCHANGE,
                    truncate(), dec));
            list.add(new Malformed("ServerKeyExchange extended", s, m, false, HandshakeType.SERVER_KEY_EXCHANGE,
                    extend(), dec));
            list.add(new Malformed("ServerKeyExchange bad signature", s, m, false, HandshakeType.SERVER_KEY_EXCHANGE,
                    garbleSignatureAt(m ? 69 : 0), AlertDescription.DECRYPT_ERROR));
            list.add(new Malformed("ServerKeyExchange signature not DER", s, m, false,
                    HandshakeType.SERVER_KEY_EXCHANGE, set(m ? 71 : 2, 0x04), AlertDescription.DECRYPT_ERROR));
            list.add(new Malformed("CertificateRequest truncated", s, true, false, HandshakeType.CERTIFICATE_REQUEST,
                    truncate(), dec));
            list.add(new Malformed("CertificateRequest extended", s, true, false, HandshakeType.CERTIFICATE_REQUEST,
                    extend(), dec));
            list.add(new Malformed("CertificateRequest without types", s, true, false,
                    HandshakeType.CERTIFICATE_REQUEST, b -> new byte[] {0, 0, 0}, dec));
            list.add(new Malformed("ServerHelloDone extended", s, m, false, HandshakeType.SERVER_HELLO_DONE, extend(),
                    dec));
            list.add(new Malformed("client Certificate truncated", s, true, true, HandshakeType.CERTIFICATE,
                    truncate(), dec));
            list.add(new Malformed("client Certificate extended", s, true, true, HandshakeType.CERTIFICATE, extend(),
                    dec));
            list.add(new Malformed("client Certificate garbled DER", s, true, true, HandshakeType.CERTIFICATE,
                    garbleFirstCertificate(), AlertDescription.BAD_CERTIFICATE));
            list.add(new Malformed("ClientKeyExchange truncated", s, m, true, HandshakeType.CLIENT_KEY_EXCHANGE,
                    truncate(), dec));
            list.add(new Malformed("ClientKeyExchange extended", s, m, true, HandshakeType.CLIENT_KEY_EXCHANGE,
                    extend(), dec));
            list.add(new Malformed("CertificateVerify truncated", s, true, true, HandshakeType.CERTIFICATE_VERIFY,
                    truncate(), dec));
            list.add(new Malformed("CertificateVerify extended", s, true, true, HandshakeType.CERTIFICATE_VERIFY,
                    extend(), dec));
            list.add(new Malformed("CertificateVerify bad signature", s, true, true, HandshakeType.CERTIFICATE_VERIFY,
                    garbleSignatureAt(0), AlertDescription.DECRYPT_ERROR));
        }
        list.add(new Malformed("ECDHE ServerKeyExchange curve 42", ecdhe, true, false,
                HandshakeType.SERVER_KEY_EXCHANGE, set(2, 42), AlertDescription.ILLEGAL_PARAMETER));
        list.add(new Malformed("ECDHE ServerKeyExchange explicit curve type", ecdhe, true, false,
                HandshakeType.SERVER_KEY_EXCHANGE, set(0, 1), AlertDescription.ILLEGAL_PARAMETER));
        list.add(new Malformed("ECDHE ServerKeyExchange point off the curve", ecdhe, true, false,
                HandshakeType.SERVER_KEY_EXCHANGE, flip(40), AlertDescription.ILLEGAL_PARAMETER));
        list.add(new Malformed("ECDHE ClientKeyExchange point off the curve", ecdhe, true, true,
                HandshakeType.CLIENT_KEY_EXCHANGE, flip(40), AlertDescription.ILLEGAL_PARAMETER));
        list.add(new Malformed("ECDHE ClientKeyExchange curve 42", ecdhe, true, true,
                HandshakeType.CLIENT_KEY_EXCHANGE, set(2, 42), AlertDescription.ILLEGAL_PARAMETER));
        // Protected Finished messages, rebuilt by the MITM with the real keys.
        for (CipherSuite s : List.of(ecc, gcm)) {
            for (boolean fromClient : List.of(true, false)) {
                String who = fromClient ? "client" : "server";
                list.add(new Malformed(who + " Finished truncated", s, false, fromClient, HandshakeType.FINISHED,
                        truncate(), dec));
                list.add(new Malformed(who + " Finished extended", s, false, fromClient, HandshakeType.FINISHED,
                        extend(), dec));
                list.add(new Malformed(who + " Finished wrong verify_data", s, false, fromClient,
                        HandshakeType.FINISHED, flip(5), AlertDescription.DECRYPT_ERROR));
                list.add(new Malformed(who + " Finished empty", s, false, fromClient, HandshakeType.FINISHED,
                        b -> new byte[0], dec));
            }
        }
        return list.stream();
    }

    static byte[] withSuites(byte[] clientHello, byte[] suites) {
        ClientHello h = ClientHello.decode(clientHello);
        int at = 2 + 32 + 1 + h.sessionId().length;
        int oldLength = 2 * h.cipherSuites().length;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(clientHello, 0, at);
        out.write(suites.length >>> 8);
        out.write(suites.length);
        out.writeBytes(suites);
        out.write(clientHello, at + 2 + oldLength, clientHello.length - at - 2 - oldLength);
        return out.toByteArray();
    }

    static byte[] serverHello(byte[] body, UnaryOperator<ServerHello> f) {
        return f.apply(ServerHello.decode(body)).encode().body();
    }

    static byte[] clientHello(byte[] body, UnaryOperator<ClientHello> f) {
        return f.apply(ClientHello.decode(body)).encode().body();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedMessages")
    void malformedMessageGetsItsAlert(Malformed c) {
        Setup s = setup(c.suite(), c.mutual());
        (c.fromClient() ? s.mitm().clientToServer : s.mitm().serverToClient)
                .rewrite(TlcpMitm.message(c.type(), c.body()));
        s.pair().handshake();
        assertAlert(s.pair(), receiverOf(c.fromClient()), c.alert());
    }

    // ---------------------------------------------------------------- out of order

    /** Replaces the message of type {@code type} by {@code replacement} (encoded messages, possibly none). */
    static Function<Record, List<Record>> replace(int type, Function<RawHandshake, List<byte[]>> replacement) {
        return TlcpMitm.messages(m -> {
            if (m.type() != type) {
                return m.encoded();
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            replacement.apply(m).forEach(out::writeBytes);
            return out.toByteArray();
        });
    }

    static byte[] message(int type, int length) {
        return RawHandshake.of(type, new byte[length]).encoded();
    }

    record OutOfOrder(String name, boolean mutual, boolean fromClient, Function<Record, List<Record>> rewrite) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<OutOfOrder> outOfOrder() {
        return Stream.of(
                new OutOfOrder("ClientKeyExchange instead of ClientHello", false, true,
                        replace(HandshakeType.CLIENT_HELLO, m -> List.of(RawHandshake.of(
                                HandshakeType.CLIENT_KEY_EXCHANGE, m.body()).encoded()))),
                new OutOfOrder("ServerHello sent to the server", false, true,
                        replace(HandshakeType.CLIENT_HELLO, m -> List.of(message(HandshakeType.SERVER_HELLO, 38)))),
                new OutOfOrder("HelloRequest sent to the server", false, true,
                        replace(HandshakeType.CLIENT_HELLO, m -> List.of(message(HandshakeType.HELLO_REQUEST, 0),
                                m.encoded()))),
                new OutOfOrder("two ClientHellos", false, true,
                        replace(HandshakeType.CLIENT_HELLO, m -> List.of(m.encoded(), m.encoded()))),
                new OutOfOrder("Finished in the clear before ChangeCipherSpec", false, true,
                        replace(HandshakeType.CLIENT_KEY_EXCHANGE, m -> List.of(m.encoded(),
                                message(HandshakeType.FINISHED, 12)))),
                new OutOfOrder("client Certificate left out", true, true,
                        replace(HandshakeType.CERTIFICATE, m -> List.of())),
                new OutOfOrder("CertificateVerify left out", true, true,
                        replace(HandshakeType.CERTIFICATE_VERIFY, m -> List.of())),
                new OutOfOrder("ChangeCipherSpec before ClientKeyExchange", false, true,
                        replace(HandshakeType.CLIENT_KEY_EXCHANGE, m -> List.of())),
                new OutOfOrder("ClientHello sent to the client", false, false,
                        replace(HandshakeType.SERVER_HELLO, m -> List.of(message(HandshakeType.CLIENT_HELLO, 40)))),
                new OutOfOrder("ServerKeyExchange before Certificate", false, false,
                        swap(HandshakeType.CERTIFICATE, HandshakeType.SERVER_KEY_EXCHANGE)),
                new OutOfOrder("two ServerHellos", false, false,
                        replace(HandshakeType.SERVER_HELLO, m -> List.of(m.encoded(), m.encoded()))),
                new OutOfOrder("ServerKeyExchange left out", false, false,
                        replace(HandshakeType.SERVER_KEY_EXCHANGE, m -> List.of())),
                new OutOfOrder("CertificateVerify sent by the server", false, false,
                        replace(HandshakeType.SERVER_HELLO_DONE, m -> List.of(message(HandshakeType.CERTIFICATE_VERIFY,
                                4), m.encoded()))),
                new OutOfOrder("ChangeCipherSpec before ServerHelloDone", false, false,
                        changeCipherSpecBefore(HandshakeType.SERVER_HELLO_DONE)),
                new OutOfOrder("ChangeCipherSpec before CertificateVerify", true, true,
                        changeCipherSpecBefore(HandshakeType.CERTIFICATE_VERIFY)),
                new OutOfOrder("ChangeCipherSpec inside a client message", true, true,
                        changeCipherSpecAt(HandshakeType.CLIENT_KEY_EXCHANGE, 10)),
                new OutOfOrder("ChangeCipherSpec inside a server message", false, false,
                        changeCipherSpecAt(HandshakeType.SERVER_HELLO_DONE, 2)),
                new OutOfOrder("server Finished in the clear", false, false,
                        r -> r.type() == ContentType.CHANGE_CIPHER_SPEC ? List.of() : List.of(r)));
    }

    /** Cuts the handshake record holding {@code type} in two and puts a ChangeCipherSpec between the halves. */
    static Function<Record, List<Record>> changeCipherSpecBefore(int type) {
        return r -> {
            if (r.type() != ContentType.HANDSHAKE) {
                return List.of(r);
            }
            List<RawHandshake> ms = TlcpMitm.split(r.fragment());
            int at = indexOf(ms, type);
            if (at < 0) {
                return List.of(r);
            }
            ByteArrayOutputStream before = new ByteArrayOutputStream();
            ByteArrayOutputStream after = new ByteArrayOutputStream();
            for (int i = 0; i < ms.size(); i++) {
                (i < at ? before : after).writeBytes(ms.get(i).encoded());
            }
            List<Record> out = new ArrayList<>();
            if (before.size() > 0) {
                out.add(Record.of(ContentType.HANDSHAKE, before.toByteArray()));
            }
            out.add(Record.of(ContentType.CHANGE_CIPHER_SPEC, new byte[] {1}));
            out.add(Record.of(ContentType.HANDSHAKE, after.toByteArray()));
            return out;
        };
    }

    /** Cuts the handshake record {@code into} bytes into the message of {@code type} and puts a ChangeCipherSpec there. */
    static Function<Record, List<Record>> changeCipherSpecAt(int type, int into) {
        return r -> {
            if (r.type() != ContentType.HANDSHAKE) {
                return List.of(r);
            }
            List<RawHandshake> ms = TlcpMitm.split(r.fragment());
            int at = indexOf(ms, type);
            if (at < 0) {
                return List.of(r);
            }
            int cut = into;
            for (int i = 0; i < at; i++) {
                cut += ms.get(i).encoded().length;
            }
            byte[] b = r.fragment();
            return List.of(Record.of(ContentType.HANDSHAKE, Arrays.copyOf(b, cut)),
                    Record.of(ContentType.CHANGE_CIPHER_SPEC, new byte[] {1}),
                    Record.of(ContentType.HANDSHAKE, Arrays.copyOfRange(b, cut, b.length)));
        };
    }

    /** Holds back the first message of type {@code first} and sends it after the next one of type {@code second}. */
    static Function<Record, List<Record>> swap(int first, int second) {
        List<byte[]> held = new ArrayList<>();
        return TlcpMitm.messages(m -> {
            if (m.type() == first && held.isEmpty()) {
                held.add(m.encoded());
                return new byte[0];
            }
            if (m.type() == second && !held.isEmpty()) {
                return concat(m.encoded(), held.removeFirst());
            }
            return m.encoded();
        });
    }

    static int indexOf(List<RawHandshake> ms, int type) {
        for (int i = 0; i < ms.size(); i++) {
            if (ms.get(i).type() == type) {
                return i;
            }
        }
        return -1;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outOfOrder")
    void outOfOrderMessageIsUnexpected(OutOfOrder c) {
        Setup s = setup(CipherSuite.ECC_SM4_CBC_SM3, c.mutual());
        (c.fromClient() ? s.mitm().clientToServer : s.mitm().serverToClient).rewrite(c.rewrite());
        s.pair().handshake();
        assertAlert(s.pair(), receiverOf(c.fromClient()), AlertDescription.UNEXPECTED_MESSAGE);
    }

    // ---------------------------------------------------------------- versions, suites, compression

    @Test
    void clientHelloOlderThanTlcpIsProtocolVersion() {
        Setup s = setup(CipherSuite.ECC_SM4_CBC_SM3, false);
        s.mitm().clientToServer.rewrite(TlcpMitm.message(HandshakeType.CLIENT_HELLO, set(1, 0x00)));
        s.pair().handshake();
        assertAlert(s.pair(), Role.SERVER, AlertDescription.PROTOCOL_VERSION);
    }

    @Test
    void tlsRecordVersionIsProtocolVersion() {
        EnginePair pair = new EnginePair(clientConfig(CipherSuite.ECC_SM4_CBC_SM3).build(), serverConfig().build());
        pair.tamperClientToServer(b -> {
            byte[] c = b.clone();
            c[1] = 3;
            return c;
        });
        pair.handshake();
        assertAlert(pair, Role.SERVER, AlertDescription.PROTOCOL_VERSION);
    }

    @Test
    void serverHelloVersionOtherThanTlcpIsProtocolVersion() {
        Setup s = setup(CipherSuite.ECC_SM4_CBC_SM3, false);
        s.mitm().serverToClient.rewrite(TlcpMitm.message(HandshakeType.SERVER_HELLO, set(0, 0x03)));
        s.pair().handshake();
        assertAlert(s.pair(), Role.CLIENT, AlertDescription.PROTOCOL_VERSION);
    }

    @Test
    void serverRecordVersionOtherThanTlcpIsProtocolVersion() {
        EnginePair pair = new EnginePair(clientConfig(CipherSuite.ECC_SM4_CBC_SM3).build(), serverConfig().build());
        pair.tamperServerToClient(b -> {
            byte[] c = b.clone();
            c[1] = 3;
            c[2] = 3;
            return c;
        });
        pair.handshake();
        assertAlert(pair, Role.CLIENT, AlertDescription.PROTOCOL_VERSION);
    }

    @Test
    void noCommonSuiteIsHandshakeFailure() {
        EnginePair pair = new EnginePair(clientConfig(CipherSuite.ECC_SM4_GCM_SM3).build(),
                serverConfig().suites(List.of(CipherSuite.ECC_SM4_CBC_SM3)).build()).handshake();
        assertAlert(pair, Role.SERVER, AlertDescription.HANDSHAKE_FAILURE);
    }

    @Test
    void onlyUnknownSuitesIsHandshakeFailure() {
        Setup s = setup(CipherSuite.ECC_SM4_CBC_SM3, false);
        // SM1 and RSA suites of GM/T 0024, a TLS suite and gm-jsse's stray 0x0080
        s.mitm().clientToServer.rewrite(TlcpMitm.message(HandshakeType.CLIENT_HELLO, b -> clientHello(b,
                h -> new ClientHello(h.version(), h.random(), h.sessionId(), new int[] {0xE001, 0xE003, 0xE019, 0xC02F,
                        0x0080}, h.compressionMethods(), h.extensions()))));
        s.pair().handshake();
        assertAlert(s.pair(), Role.SERVER, AlertDescription.HANDSHAKE_FAILURE);
    }

    @Test
    void noNullCompressionIsHandshakeFailure() {
        Setup s = setup(CipherSuite.ECC_SM4_CBC_SM3, false);
        s.mitm().clientToServer.rewrite(TlcpMitm.message(HandshakeType.CLIENT_HELLO, b -> clientHello(b,
                h -> new ClientHello(h.version(), h.random(), h.sessionId(), h.cipherSuites(), new byte[] {1, 64},
                        h.extensions()))));
        s.pair().handshake();
        assertAlert(s.pair(), Role.SERVER, AlertDescription.HANDSHAKE_FAILURE);
    }

    @Test
    void ecdheWithoutClientTrustAnchorsIsHandshakeFailure() {
        EnginePair pair = new EnginePair(clientConfig(CipherSuite.ECDHE_SM4_GCM_SM3).build(),
                TlcpConfig.server(module, server).build()).handshake();
        assertAlert(pair, Role.SERVER, AlertDescription.HANDSHAKE_FAILURE);
    }

    // ---------------------------------------------------------------- record protection

    /** Flips one bit of the first protected record of a direction (the Finished). */
    static UnaryOperator<byte[]> flipInProtectedRecord(int fromEnd) {
        boolean[] afterCcs = {false};
        boolean[] done = {false};
        return b -> {
            if (b[0] == ContentType.CHANGE_CIPHER_SPEC) {
                afterCcs[0] = true;
                return b;
            }
            if (afterCcs[0] && !done[0]) {
                done[0] = true;
                byte[] c = b.clone();
                c[c.length - fromEnd] ^= 0x40;
                return c;
            }
            return b;
        };
    }

    static Stream<Arguments> protectedTamper() {
        List<Arguments> list = new ArrayList<>();
        for (CipherSuite s : CipherSuite.values()) {
            for (boolean fromClient : List.of(true, false)) {
                // last byte: CBC padding length / GCM tag; 20th from the end: CBC MAC / GCM tag; then the body
                for (int at : new int[] {1, 20, 30}) {
                    list.add(Arguments.of(s, fromClient, at));
                }
            }
        }
        return list.stream();
    }

    @ParameterizedTest(name = "{0} from client={1} byte -{2}")
    @MethodSource("protectedTamper")
    void tamperedProtectedFinishedIsBadRecordMac(CipherSuite suite, boolean fromClient, int at) {
        EnginePair pair = new EnginePair(clientConfig(suite).build(), serverConfig().build());
        if (fromClient) {
            pair.tamperClientToServer(flipInProtectedRecord(at));
        } else {
            pair.tamperServerToClient(flipInProtectedRecord(at));
        }
        pair.handshake();
        assertAlert(pair, receiverOf(fromClient), AlertDescription.BAD_RECORD_MAC);
    }

    /**
     * Hand-built CBC records under the real keys: a correct MAC under bad padding, and a wrong MAC under good padding,
     * must give the same alert (no padding oracle).
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(CbcDamage.class)
    void cbcBadPaddingAndBadMacGiveTheSameAlert(CbcDamage damage) {
        Setup s = setup(CipherSuite.ECC_SM4_CBC_SM3, false);
        s.pair().handshake();
        assertTrue(s.pair().established());
        s.mitm().clientToServer.rewrite(r -> {
            if (r.type() != ContentType.APPLICATION_DATA) {
                return List.of(r);
            }
            return List.of(new Record(r.type(), cbcRecord(s.mitm(), s.mitm().clientToServer.nextSequence(),
                    r.type(), r.fragment(), damage), true));
        });
        byte[] data = "sixteen bytes!!!".getBytes(StandardCharsets.US_ASCII);
        s.pair().clientEngine.send(data, 0, data.length);
        s.pair().pump();
        if (damage == CbcDamage.NONE) {
            assertEquals("sixteen bytes!!!", s.pair().server.received.toString(StandardCharsets.US_ASCII));
            assertNull(s.pair().server.failure);
            return;
        }
        assertEquals(0, s.pair().server.received.size());
        assertAlert(s.pair(), Role.SERVER, AlertDescription.BAD_RECORD_MAC);
    }

    enum CbcDamage { NONE, PADDING_BYTE, PADDING_LENGTH_TOO_LONG, MAC, MAC_AND_PADDING }

    /** IV ‖ SM4-CBC(data ‖ HMAC-SM3 ‖ padding) built by hand from the client write keys, damaged as asked. */
    static byte[] cbcRecord(TlcpMitm mitm, long seq, int type, byte[] data, CbcDamage damage) {
        byte[] keyBlock = mitm.keyBlock();
        HmacSm3 mac = module.sm3().hmac(Arrays.copyOfRange(keyBlock, 0, 32));
        Sm4Cbc cbc = module.sm4().cbc(Arrays.copyOfRange(keyBlock, 64, 80));
        byte[] header = new byte[13];
        RecordCipher.additionalData(header, seq, type, ProtocolVersion.TLCP_1_1, data.length);
        byte[] tag = mac.update(header, 0, 13).update(data, 0, data.length).doFinal();
        int padLength = 15 - (data.length + 32) % 16; // padding bytes besides the length byte
        byte[] body = new byte[data.length + 32 + padLength + 1];
        System.arraycopy(data, 0, body, 0, data.length);
        System.arraycopy(tag, 0, body, data.length, 32);
        Arrays.fill(body, data.length + 32, body.length, (byte) padLength);
        switch (damage) {
            case NONE -> {
            }
            case PADDING_BYTE -> body[body.length - 2] ^= 0x01;
            case PADDING_LENGTH_TOO_LONG -> body[body.length - 1] = (byte) 200;
            case MAC -> body[data.length + 3] ^= 0x01;
            case MAC_AND_PADDING -> {
                body[data.length + 3] ^= 0x01;
                body[body.length - 2] ^= 0x01;
            }
        }
        byte[] out = new byte[16 + body.length];
        module.random().nextBytes(out);
        cbc.encrypt(out, 0, body, 0, body.length, out, 16);
        return out;
    }

    @Test
    void recordOverflowInTheClear() {
        EnginePair pair = new EnginePair(clientConfig(CipherSuite.ECC_SM4_CBC_SM3).build(), serverConfig().build());
        pair.tamperClientToServer(b -> concat(header(ContentType.HANDSHAKE, RecordLayer.MAX_PLAINTEXT + 1),
                new byte[RecordLayer.MAX_PLAINTEXT + 1]));
        pair.handshake();
        assertAlert(pair, Role.SERVER, AlertDescription.RECORD_OVERFLOW);
    }

    @ParameterizedTest
    @EnumSource(value = CipherSuite.class, names = {"ECC_SM4_CBC_SM3", "ECC_SM4_GCM_SM3"})
    void protectedRecordLongerThanTheLimitIsRecordOverflow(CipherSuite suite) {
        Setup s = setup(suite, false);
        s.pair().handshake();
        s.mitm().serverToClient.rewrite(r -> List.of(new Record(r.type(), new byte[RecordLayer.MAX_FRAGMENT + 1],
                true)));
        byte[] data = {1};
        s.pair().serverEngine.send(data, 0, 1);
        s.pair().pump();
        assertAlert(s.pair(), Role.CLIENT, AlertDescription.RECORD_OVERFLOW);
    }

    @ParameterizedTest
    @EnumSource(value = CipherSuite.class, names = {"ECC_SM4_CBC_SM3", "ECC_SM4_GCM_SM3"})
    void protectedRecordHoldingMoreThan16KiBIsRecordOverflow(CipherSuite suite) {
        Setup s = setup(suite, false);
        s.pair().handshake();
        s.mitm().clientToServer.rewrite(r -> List.of(Record.of(r.type(), new byte[RecordLayer.MAX_PLAINTEXT + 1])));
        byte[] data = {1};
        s.pair().clientEngine.send(data, 0, 1);
        s.pair().pump();
        assertEquals(0, s.pair().server.received.size());
        assertAlert(s.pair(), Role.SERVER, AlertDescription.RECORD_OVERFLOW);
    }

    @Test
    void overlongHandshakeMessageIsDecodeError() {
        EnginePair pair = new EnginePair(clientConfig(CipherSuite.ECC_SM4_CBC_SM3).build(), serverConfig().build());
        pair.tamperClientToServer(b -> concat(header(ContentType.HANDSHAKE, 4),
                new byte[] {HandshakeType.CLIENT_HELLO, 0x01, 0x00, 0x01}));
        pair.handshake();
        assertAlert(pair, Role.SERVER, AlertDescription.DECODE_ERROR);
    }

    // ---------------------------------------------------------------- bad records of each type

    static Stream<Arguments> badRecords() {
        return Stream.of(
                Arguments.of("zero-length handshake record", header(ContentType.HANDSHAKE, 0),
                        AlertDescription.UNEXPECTED_MESSAGE),
                Arguments.of("application data before the handshake",
                        concat(header(ContentType.APPLICATION_DATA, 5), "hello".getBytes(StandardCharsets.US_ASCII)),
                        AlertDescription.UNEXPECTED_MESSAGE),
                Arguments.of("an HTTP request", "GET / HTTP/1.1\r\nHost: gw\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                        AlertDescription.UNEXPECTED_MESSAGE),
                Arguments.of("a TLS 1.2 ClientHello", concat(new byte[] {22, 3, 1, 0, 4}, new byte[] {1, 0, 0, 0}),
                        AlertDescription.PROTOCOL_VERSION),
                Arguments.of("content type 24 (heartbeat)", concat(header(24, 3), new byte[] {1, 0, 0}),
                        AlertDescription.UNEXPECTED_MESSAGE),
                Arguments.of("ChangeCipherSpec of value 2", concat(header(ContentType.CHANGE_CIPHER_SPEC, 1),
                        new byte[] {2}), AlertDescription.DECODE_ERROR),
                Arguments.of("ChangeCipherSpec of two bytes", concat(header(ContentType.CHANGE_CIPHER_SPEC, 2),
                        new byte[] {1, 1}), AlertDescription.DECODE_ERROR),
                Arguments.of("ChangeCipherSpec first", concat(header(ContentType.CHANGE_CIPHER_SPEC, 1),
                        new byte[] {1}), AlertDescription.UNEXPECTED_MESSAGE),
                Arguments.of("alert of three bytes", concat(header(ContentType.ALERT, 3), new byte[] {2, 40, 0}),
                        AlertDescription.DECODE_ERROR),
                Arguments.of("alert of one byte", concat(header(ContentType.ALERT, 1), new byte[] {2}),
                        AlertDescription.DECODE_ERROR));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRecords")
    void badFirstRecordGetsItsAlert(String name, byte[] bytes, AlertDescription alert) {
        EnginePair pair = new EnginePair(clientConfig(CipherSuite.ECC_SM4_CBC_SM3).build(), serverConfig().build());
        pair.tamperClientToServer(b -> bytes);
        pair.handshake();
        assertAlert(pair, Role.SERVER, alert);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRecords")
    void badRecordToTheClientGetsItsAlert(String name, byte[] bytes, AlertDescription alert) {
        EnginePair pair = new EnginePair(clientConfig(CipherSuite.ECC_SM4_CBC_SM3).build(), serverConfig().build());
        pair.tamperServerToClient(b -> bytes);
        pair.handshake();
        assertAlert(pair, Role.CLIENT, alert);
    }

    static byte[] header(int type, int length) {
        return new byte[] {(byte) type, 1, 1, (byte) (length >>> 8), (byte) length};
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    // ---------------------------------------------------------------- Finished over an altered transcript

    @ParameterizedTest
    @EnumSource(CipherSuite.class)
    void alteredClientHelloIsCaughtByFinished(CipherSuite suite) {
        EnginePair pair = new EnginePair(clientConfig(suite).build(), serverConfig().build());
        // An extension the server ignores: keys still agree, the transcripts do not.
        new TlcpMitm(module, null).attach(pair).clientToServer.rewrite(TlcpMitm.message(HandshakeType.CLIENT_HELLO,
                b -> clientHello(b, h -> new ClientHello(h.version(), h.random(), h.sessionId(), h.cipherSuites(),
                        h.compressionMethods(), List.of(new Extension(0xFF01 - 1, new byte[] {1, 2, 3}))))));
        pair.handshake();
        assertAlert(pair, Role.SERVER, AlertDescription.DECRYPT_ERROR);
    }

    @ParameterizedTest
    @EnumSource(CipherSuite.class)
    void alteredServerHelloOfAResumptionIsCaughtByTheClient(CipherSuite suite) {
        TlcpConfig s = serverConfig().sessionCache(TlcpSessionCache.defaults(module.clock())).build();
        TlcpConfig c = clientConfig(suite).serverName("localhost", true)
                .sessionCache(TlcpSessionCache.defaults(module.clock())).build();
        assertTrue(new EnginePair(c, s).handshake().established());
        EnginePair pair = new EnginePair(c, s);
        // In a resumption the server's Finished comes first, so the client is the one to notice. The rewrite changes
        // only the transcript: an empty server_name acknowledgement, which the client accepts (it sent SNI).
        new TlcpMitm(module, null).attach(pair).serverToClient.rewrite(TlcpMitm.message(HandshakeType.SERVER_HELLO,
                b -> serverHello(b, h -> new ServerHello(h.version(), h.random(), h.sessionId(), h.cipherSuite(), 0,
                        List.of(new Extension(Extension.SERVER_NAME, new byte[0]))))));
        pair.handshake();
        assertAlert(pair, Role.CLIENT, AlertDescription.DECRYPT_ERROR);
    }

    // ---------------------------------------------------------------- ECC ClientKeyExchange: no oracle

    enum PreMasterDamage { RANDOM_CIPHERTEXT, WRONG_VERSION, TOO_SHORT, TOO_LONG, ALTERED_C2, NOT_DER }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("preMasterCases")
    void badPreMasterSecretFailsOnlyAtFinished(CipherSuite suite, PreMasterDamage damage) {
        EnginePair pair = new EnginePair(clientConfig(suite).build(), serverConfig().build());
        TlcpMitm mitm = new TlcpMitm(module, null).attach(pair);
        mitm.clientToServer.rewrite(r -> {
            if (r.type() == ContentType.CHANGE_CIPHER_SPEC) {
                // The server took the bad ClientKeyExchange without a word and waits for ChangeCipherSpec.
                assertNull(pair.server.failure, () -> "the server answered the ClientKeyExchange: " + pair.server.failure);
                assertEquals("WAIT_CHANGE_CIPHER_SPEC", pair.serverEngine.handshakeState());
            }
            return TlcpMitm.message(HandshakeType.CLIENT_KEY_EXCHANGE, b -> ClientKeyExchange.ecc(
                    badCiphertext(ClientKeyExchange.decode(b, suite).encryptedPreMaster(), damage)).encode().body())
                    .apply(r);
        });
        pair.handshake();
        assertAlert(pair, Role.SERVER, AlertDescription.BAD_RECORD_MAC);
    }

    static Stream<Arguments> preMasterCases() {
        List<Arguments> list = new ArrayList<>();
        for (CipherSuite s : List.of(CipherSuite.ECC_SM4_CBC_SM3, CipherSuite.ECC_SM4_GCM_SM3)) {
            for (PreMasterDamage d : PreMasterDamage.values()) {
                list.add(Arguments.of(s, d));
            }
        }
        return list.stream();
    }

    static byte[] badCiphertext(byte[] genuine, PreMasterDamage damage) {
        var key = server.encryptionCertificate().publicKey();
        var sm2 = module.sm2();
        byte[] preMaster = new byte[48];
        module.random().nextBytes(preMaster);
        preMaster[0] = 1;
        preMaster[1] = 1;
        return switch (damage) {
            case RANDOM_CIPHERTEXT -> {
                byte[] b = new byte[genuine.length];
                module.random().nextBytes(b);
                b[0] = 0x30; // still looks like DER to the framing
                yield b;
            }
            case WRONG_VERSION -> {
                preMaster[0] = 3;
                preMaster[1] = 3;
                yield sm2.encrypt(key, preMaster, Sm2CiphertextFormat.DER_C1C3C2);
            }
            case TOO_SHORT -> sm2.encrypt(key, Arrays.copyOf(preMaster, 47), Sm2CiphertextFormat.DER_C1C3C2);
            case TOO_LONG -> sm2.encrypt(key, Arrays.copyOf(preMaster, 49), Sm2CiphertextFormat.DER_C1C3C2);
            case ALTERED_C2 -> {
                byte[] b = genuine.clone();
                b[b.length - 1] ^= 1;
                yield b;
            }
            case NOT_DER -> sm2.encrypt(key, preMaster, Sm2CiphertextFormat.RAW_C1C2C3);
        };
    }

    // ---------------------------------------------------------------- certificates

    @Test
    void expiredServerCertificate() {
        TlcpCredentials expired = pki.expired("localhost", true);
        EnginePair pair = new EnginePair(clientConfig(CipherSuite.ECC_SM4_CBC_SM3).build(),
                TlcpConfig.server(module, expired).build()).handshake();
        assertAlert(pair, Role.CLIENT, AlertDescription.CERTIFICATE_EXPIRED);
    }

    @Test
    void expiredClientCertificate() {
        EnginePair pair = new EnginePair(clientConfig(CipherSuite.ECC_SM4_CBC_SM3).credentials(pki.expired("dave",
                false)).build(), serverConfig().clientAuth(ClientAuth.NEED).build()).handshake();
        assertAlert(pair, Role.SERVER, AlertDescription.CERTIFICATE_EXPIRED);
    }

    @Test
    void revokedServerCertificate() {
        TlcpConfig c = TlcpConfig.client(module, pki.verifier(pki.crlRevoking(server.signingCertificate()))).build();
        EnginePair pair = new EnginePair(c, serverConfig().build()).handshake();
        assertAlert(pair, Role.CLIENT, AlertDescription.CERTIFICATE_REVOKED);
    }

    @Test
    void revokedServerEncryptionCertificate() {
        TlcpConfig c = TlcpConfig.client(module, pki.verifier(pki.crlRevoking(server.encryptionCertificate())))
                .build();
        EnginePair pair = new EnginePair(c, serverConfig().build()).handshake();
        assertAlert(pair, Role.CLIENT, AlertDescription.CERTIFICATE_REVOKED);
    }

    @Test
    void revokedClientCertificate() {
        TlcpConfig s = TlcpConfig.server(module, server).clientAuth(ClientAuth.NEED)
                .clientVerifier(pki.verifier(pki.crlRevoking(client.signingCertificate()))).build();
        EnginePair pair = new EnginePair(clientConfig(CipherSuite.ECC_SM4_CBC_SM3).credentials(client).build(), s)
                .handshake();
        assertAlert(pair, Role.SERVER, AlertDescription.CERTIFICATE_REVOKED);
    }

    @Test
    void serverFromAnUnknownCa() {
        TestPki other = new TestPki(module, "Other");
        EnginePair pair = new EnginePair(clientConfig(CipherSuite.ECC_SM4_CBC_SM3).build(),
                TlcpConfig.server(module, other.server("localhost")).build()).handshake();
        assertAlert(pair, Role.CLIENT, AlertDescription.UNKNOWN_CA);
    }

    @Test
    void clientFromAnUnknownCa() {
        TestPki other = new TestPki(module, "Other");
        EnginePair pair = new EnginePair(clientConfig(CipherSuite.ECC_SM4_CBC_SM3).credentials(other.client("eve"))
                .build(), serverConfig().clientAuth(ClientAuth.WANT).build()).handshake();
        assertAlert(pair, Role.SERVER, AlertDescription.UNKNOWN_CA);
    }

    @Test
    void hostNameMismatch() {
        EnginePair pair = new EnginePair(clientConfig(CipherSuite.ECC_SM4_CBC_SM3).serverName("vpn.example.org", false)
                .build(), serverConfig().build()).handshake();
        assertAlert(pair, Role.CLIENT, AlertDescription.BAD_CERTIFICATE);
    }

    @ParameterizedTest
    @EnumSource(value = CipherSuite.class, names = {"ECC_SM4_CBC_SM3", "ECDHE_SM4_CBC_SM3"})
    void serverEncryptionCertificateSwappedForASigningOne(CipherSuite suite) {
        Sm2Certificate signingInstead = pki.client("not-an-encryption-certificate").signingCertificate();
        Setup s = setup(suite, suite.keyExchange() == CipherSuite.KeyExchange.ECDHE);
        s.mitm().serverToClient.rewrite(replaceCertificate(server.encryptionCertificate(), signingInstead));
        s.pair().handshake();
        assertAlert(s.pair(), Role.CLIENT, AlertDescription.BAD_CERTIFICATE);
    }

    @Test
    void serverSendsOnlyItsSigningCertificate() {
        Setup s = setup(CipherSuite.ECC_SM4_CBC_SM3, false);
        s.mitm().serverToClient.rewrite(replaceCertificate(server.encryptionCertificate(), null));
        s.pair().handshake();
        assertAlert(s.pair(), Role.CLIENT, AlertDescription.BAD_CERTIFICATE);
    }

    /** Replaces (or, with null, removes) one certificate in any Certificate message. */
    static Function<Record, List<Record>> replaceCertificate(Sm2Certificate old, Sm2Certificate replacement) {
        return replace(HandshakeType.CERTIFICATE, m -> {
            List<byte[]> certs = new ArrayList<>();
            for (byte[] der : CertificateMessage.decode(m.body()).certificates()) {
                if (!Arrays.equals(der, old.encoded())) {
                    certs.add(der);
                } else if (replacement != null) {
                    certs.add(replacement.encoded());
                }
            }
            return List.of(new CertificateMessage(certs).encode().encoded());
        });
    }

    @Test
    void ecdheClientWithoutEncryptionCertificateFailsOnItsOwnSide() {
        TlcpCredentials signingOnly = new TlcpCredentials(client.signingKey(), client.signingCertificate(), null, null,
                client.chain());
        EnginePair pair = new EnginePair(TlcpConfig.client(module, pki.verifier()).credentials(signingOnly)
                .suites(List.of(CipherSuite.ECDHE_SM4_CBC_SM3)).build(), serverConfig().build()).handshake();
        assertAlert(pair, Role.CLIENT, AlertDescription.HANDSHAKE_FAILURE);
    }

    @Test
    void clientWithoutEncryptionPairOffersNoEcdheSoAServerPreferringItFallsBackToEcc() {
        TlcpConfig s = serverConfig().suites(List.of(CipherSuite.ECDHE_SM4_GCM_SM3, CipherSuite.ECC_SM4_GCM_SM3)).build();
        EnginePair pair = new EnginePair(TlcpConfig.client(module, pki.verifier()).build(), s).handshake();
        assertTrue(pair.established(), () -> String.valueOf(pair.client.failure));
        assertEquals(CipherSuite.ECC_SM4_GCM_SM3, pair.client.session.suite());
    }

    @Test
    void serverAcknowledgingTheServerNameTheClientSentIsAcceptedByTheClient() {
        // RFC 6066 §3: a server that used the client's server_name may answer with an empty one
        EnginePair pair = new EnginePair(TlcpConfig.client(module, pki.verifier()).serverName("localhost", true).build(),
                serverConfig().build());
        new TlcpMitm(module, null).attach(pair).serverToClient.rewrite(TlcpMitm.message(HandshakeType.SERVER_HELLO,
                b -> serverHello(b, h -> new ServerHello(h.version(), h.random(), h.sessionId(), h.cipherSuite(), 0,
                        List.of(new Extension(Extension.SERVER_NAME, new byte[0]))))));
        pair.handshake();
        // the client went past ServerHello: only the server's Finished check notices the rewritten transcript
        assertAlert(pair, Role.SERVER, AlertDescription.DECRYPT_ERROR);
    }

    @Test
    void serverChoosingAnEcdheSuiteTheClientLeftOutIsIllegalParameter() {
        EnginePair pair = new EnginePair(TlcpConfig.client(module, pki.verifier()).build(), serverConfig().build());
        new TlcpMitm(module, null).attach(pair).serverToClient.rewrite(TlcpMitm.message(HandshakeType.SERVER_HELLO,
                b -> serverHello(b, h -> new ServerHello(h.version(), h.random(), h.sessionId(),
                        CipherSuite.ECDHE_SM4_CBC_SM3.id(), 0, h.extensions()))));
        pair.handshake();
        assertAlert(pair, Role.CLIENT, AlertDescription.ILLEGAL_PARAMETER);
    }

    @Test
    void ecdheClientCertificateWithoutEncryptionCertificateIsHandshakeFailure() {
        Setup s = setup(CipherSuite.ECDHE_SM4_GCM_SM3, true);
        s.mitm().clientToServer.rewrite(replaceCertificate(client.encryptionCertificate(), null));
        s.pair().handshake();
        assertAlert(s.pair(), Role.SERVER, AlertDescription.HANDSHAKE_FAILURE);
    }

    @Test
    void requiredClientCertificateMissing() {
        EnginePair pair = new EnginePair(clientConfig(CipherSuite.ECC_SM4_CBC_SM3).build(),
                serverConfig().clientAuth(ClientAuth.NEED).build()).handshake();
        assertAlert(pair, Role.SERVER, AlertDescription.HANDSHAKE_FAILURE);
    }

    // ---------------------------------------------------------------- resumption under a stricter policy

    @Test
    void sessionWithoutClientCertificateIsNotResumedWhenOneIsRequired() {
        TlcpSessionCache serverCache = TlcpSessionCache.defaults(module.clock());
        TlcpConfig c = clientConfig(CipherSuite.ECC_SM4_CBC_SM3).sessionCache(TlcpSessionCache.defaults(module.clock()))
                .build();
        assertTrue(new EnginePair(c, serverConfig().sessionCache(serverCache).build()).handshake().established());
        // The same cache behind a server that now requires client certificates: a full handshake, which fails.
        EnginePair pair = new EnginePair(c, serverConfig().sessionCache(serverCache).clientAuth(ClientAuth.NEED).build())
                .handshake();
        assertAlert(pair, Role.SERVER, AlertDescription.HANDSHAKE_FAILURE);
    }

    @Test
    void sessionOfARevokedClientCertificateIsNotResumed() {
        TlcpSessionCache serverCache = TlcpSessionCache.defaults(module.clock());
        TlcpConfig c = clientConfig(CipherSuite.ECC_SM4_GCM_SM3).credentials(client)
                .sessionCache(TlcpSessionCache.defaults(module.clock())).build();
        assertTrue(new EnginePair(c, serverConfig().sessionCache(serverCache).clientAuth(ClientAuth.NEED).build())
                .handshake().established());
        TlcpConfig revoking = TlcpConfig.server(module, server).sessionCache(serverCache).clientAuth(ClientAuth.NEED)
                .clientVerifier(pki.verifier(pki.crlRevoking(client.signingCertificate()))).build();
        EnginePair pair = new EnginePair(c, revoking).handshake();
        assertAlert(pair, Role.SERVER, AlertDescription.CERTIFICATE_REVOKED);
    }

    @Test
    void sessionWithARevokedServerCertificateIsNotOffered() {
        TlcpSessionCache clientCache = TlcpSessionCache.defaults(module.clock());
        TlcpConfig s = serverConfig().sessionCache(TlcpSessionCache.defaults(module.clock())).build();
        assertTrue(new EnginePair(clientConfig(CipherSuite.ECC_SM4_CBC_SM3).sessionCache(clientCache).build(), s)
                .handshake().established());
        TlcpConfig revoking = TlcpConfig.client(module, pki.verifier(pki.crlRevoking(server.signingCertificate())))
                .suites(List.of(CipherSuite.ECC_SM4_CBC_SM3)).sessionCache(clientCache).build();
        EnginePair pair = new EnginePair(revoking, s).handshake();
        assertAlert(pair, Role.CLIENT, AlertDescription.CERTIFICATE_REVOKED);
    }

    // ---------------------------------------------------------------- after the handshake

    @ParameterizedTest
    @EnumSource(value = CipherSuite.class, names = {"ECC_SM4_CBC_SM3", "ECC_SM4_GCM_SM3"})
    void clientHelloAfterTheHandshakeIsRefused(CipherSuite suite) {
        Setup s = setup(suite, false);
        s.pair().handshake();
        assertTrue(s.pair().established());
        List<byte[]> alerts = recordAlerts(s.mitm().serverToClient);
        byte[] hello = new ClientHello(ProtocolVersion.TLCP_1_1, new byte[32], new byte[0], new int[] {suite.id()},
                new byte[] {0}, List.of()).encode().encoded();
        s.mitm().clientToServer.rewrite(r -> List.of(Record.of(ContentType.HANDSHAKE, hello)));
        s.pair().clientEngine.send(new byte[] {1}, 0, 1);
        s.pair().pump();
        assertRefusedRenegotiation(s.pair(), Role.SERVER, alerts);
    }

    @ParameterizedTest
    @EnumSource(value = CipherSuite.class, names = {"ECC_SM4_CBC_SM3", "ECC_SM4_GCM_SM3"})
    void helloRequestAfterTheHandshakeIsRefused(CipherSuite suite) {
        Setup s = setup(suite, false);
        s.pair().handshake();
        assertTrue(s.pair().established());
        List<byte[]> alerts = recordAlerts(s.mitm().clientToServer);
        s.mitm().serverToClient.rewrite(r -> List.of(Record.of(ContentType.HANDSHAKE,
                message(HandshakeType.HELLO_REQUEST, 0))));
        s.pair().serverEngine.send(new byte[] {1}, 0, 1);
        s.pair().pump();
        assertRefusedRenegotiation(s.pair(), Role.CLIENT, alerts);
    }

    /** Records the alerts (level, description) a flow carries, in the clear, while passing everything on. */
    static List<byte[]> recordAlerts(TlcpMitm.Flow flow) {
        List<byte[]> alerts = new ArrayList<>();
        flow.rewrite(r -> {
            if (r.type() == ContentType.ALERT) {
                alerts.add(r.fragment());
            }
            return List.of(r);
        });
        return alerts;
    }

    /** One no_renegotiation warning (never a fatal one, RFC 4346 §7.2.2), then closed on both sides. */
    static void assertRefusedRenegotiation(EnginePair pair, Role refuser, List<byte[]> alerts) {
        assertEquals(1, alerts.size(), () -> alerts.stream().map(Arrays::toString).toList().toString());
        assertEquals(List.of(1, 100), List.of((int) alerts.get(0)[0], (int) alerts.get(0)[1]));
        assertAlert(pair, refuser, AlertDescription.NO_RENEGOTIATION);
    }

    @Test
    void finishedAgainAfterTheHandshakeIsUnexpected() {
        Setup s = setup(CipherSuite.ECC_SM4_GCM_SM3, false);
        s.pair().handshake();
        s.mitm().clientToServer.rewrite(r -> List.of(Record.of(ContentType.HANDSHAKE, message(HandshakeType.FINISHED,
                12))));
        s.pair().clientEngine.send(new byte[] {1}, 0, 1);
        s.pair().pump();
        assertAlert(s.pair(), Role.SERVER, AlertDescription.UNEXPECTED_MESSAGE);
    }

    @Test
    void changeCipherSpecAfterTheHandshakeIsUnexpected() {
        Setup s = setup(CipherSuite.ECC_SM4_CBC_SM3, false);
        s.pair().handshake();
        s.mitm().serverToClient.rewrite(r -> List.of(Record.of(ContentType.CHANGE_CIPHER_SPEC, new byte[] {1})));
        s.pair().serverEngine.send(new byte[] {1}, 0, 1);
        s.pair().pump();
        assertAlert(s.pair(), Role.CLIENT, AlertDescription.UNEXPECTED_MESSAGE);
    }

    @ParameterizedTest
    @EnumSource(value = CipherSuite.class, names = {"ECC_SM4_CBC_SM3", "ECC_SM4_GCM_SM3"})
    void nothingAfterCloseNotifyIsDelivered(CipherSuite suite) {
        Setup s = setup(suite, false);
        s.pair().handshake();
        s.pair().clientEngine.closeOutbound();
        s.pair().pump();
        assertTrue(s.pair().server.closeNotify);
        // After the close_notify: a properly protected record at the next sequence number, then junk.
        byte[] sealed = s.mitm().clientToServer.seal(ContentType.APPLICATION_DATA, "later".getBytes(
                StandardCharsets.US_ASCII));
        byte[] later = concat(header(ContentType.APPLICATION_DATA, sealed.length), sealed);
        s.pair().serverEngine.receive(later, 0, later.length);
        s.pair().serverEngine.receive(new byte[] {23, 1, 1, 0, 1, 0}, 0, 6);
        assertEquals(0, s.pair().server.received.size());
        assertNull(s.pair().server.failure);
        byte[] last = "last words".getBytes(StandardCharsets.US_ASCII);
        s.pair().serverEngine.send(last, 0, last.length); // the server may still finish sending (half-close)
        s.pair().serverEngine.closeOutbound();
        s.pair().pump();
        assertEquals("last words", s.pair().client.received.toString(StandardCharsets.US_ASCII));
        assertEquals(TlcpEngine.Status.CLOSED, s.pair().serverEngine.status());
        assertEquals(TlcpEngine.Status.CLOSED, s.pair().clientEngine.status());
    }

    @Test
    void closeNotifyDuringTheHandshakeEndsItAsAFailure() {
        EnginePair pair = new EnginePair(clientConfig(CipherSuite.ECC_SM4_CBC_SM3).build(), serverConfig().build());
        pair.tamperServerToClient(b -> concat(header(ContentType.ALERT, 2), new byte[] {1, 0}));
        pair.handshake();
        assertNotNull(pair.client.failure, "the handshake did not fail");
        assertTrue(pair.client.failure.fromPeer());
        assertEquals(AlertDescription.CLOSE_NOTIFY, pair.client.failure.alert());
        assertEquals(TlcpEngine.Status.CLOSED, pair.clientEngine.status());
        assertFalse(pair.client.closeNotify, "a close_notify that aborts the handshake is a failure, not an end of data");
    }

    @Test
    void handshakeTimeoutOnTheEngineLevelSendsHandshakeFailure() {
        EnginePair pair = new EnginePair(clientConfig(CipherSuite.ECC_SM4_CBC_SM3).build(), serverConfig().build());
        pair.tamperClientToServer(b -> null);
        pair.handshake();
        pair.tamperClientToServer(UnaryOperator.identity());
        pair.clientEngine.fail(AlertDescription.HANDSHAKE_FAILURE);
        pair.pump();
        assertEquals(TlcpEngine.Status.CLOSED, pair.clientEngine.status());
        assertEquals(AlertDescription.HANDSHAKE_FAILURE, pair.server.failure.alert());
        assertTrue(pair.server.failure.fromPeer());
        assertEquals(TlcpEngine.Status.CLOSED, pair.serverEngine.status());
    }
}
