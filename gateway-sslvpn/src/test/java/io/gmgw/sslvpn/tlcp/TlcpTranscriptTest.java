package io.gmgw.sslvpn.tlcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.crypto.TlcpTranscripts;
import io.gmgw.crypto.key.PrivateKeyPem;
import io.gmgw.crypto.key.SoftwareKeyHandle;
import io.gmgw.crypto.pki.CertificatePurpose;
import io.gmgw.crypto.pki.CertificateVerifier;
import io.gmgw.crypto.pki.DoubleCertificates;
import io.gmgw.crypto.pki.Sm2Certificate;
import io.gmgw.crypto.sm2.Sm2;
import io.gmgw.crypto.sm2.Sm2KeyExchange;
import io.gmgw.crypto.sm2.Sm2PrivateKey;
import io.gmgw.crypto.sm2.Sm2PublicKey;
import io.gmgw.sslvpn.tlcp.engine.TlcpEngine;
import io.gmgw.sslvpn.tlcp.handshake.KeySchedule;
import io.gmgw.sslvpn.tlcp.message.CertificateMessage;
import io.gmgw.sslvpn.tlcp.message.CertificateRequest;
import io.gmgw.sslvpn.tlcp.message.CertificateVerify;
import io.gmgw.sslvpn.tlcp.message.ClientHello;
import io.gmgw.sslvpn.tlcp.message.ClientKeyExchange;
import io.gmgw.sslvpn.tlcp.message.Finished;
import io.gmgw.sslvpn.tlcp.message.HandshakeReassembler;
import io.gmgw.sslvpn.tlcp.message.HandshakeType;
import io.gmgw.sslvpn.tlcp.message.RawHandshake;
import io.gmgw.sslvpn.tlcp.message.ServerHello;
import io.gmgw.sslvpn.tlcp.message.ServerKeyExchange;
import io.gmgw.sslvpn.tlcp.protocol.AlertDescription;
import io.gmgw.sslvpn.tlcp.protocol.CertificateVerifyVariant;
import io.gmgw.sslvpn.tlcp.protocol.CipherSuite;
import io.gmgw.sslvpn.tlcp.protocol.ProtocolVersion;
import io.gmgw.sslvpn.tlcp.protocol.TlcpAlertException;
import io.gmgw.sslvpn.tlcp.record.ContentType;
import io.gmgw.sslvpn.tlcp.record.RecordCipher;
import io.gmgw.sslvpn.tlcp.record.RecordLayer;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Replays the eleven TLCP connections captured between Kona, GmSSL and gm-jsse (vectors/tlcp, described in the
 * vectors README) through gmgw's record layer, message decoders and key schedule, and checks each against what the
 * independent peers did: pre-master, master secret, key block, both Finished values, the ServerKeyExchange and
 * CertificateVerify signatures, every protected record, the application data. Then damages them and checks the alert.
 */
class TlcpTranscriptTest {
    static final HexFormat HEX = HexFormat.of();
    static final Instant CHECK_TIME = Instant.parse("2027-01-01T00:00:00Z");
    static CryptoModule module;

    @BeforeAll
    static void start() {
        module = TestModules.deterministic("tlcp-transcripts");
    }

    static Stream<String> names() {
        return TlcpTranscripts.NAMES.stream();
    }

    /** One transcript read back through our code. */
    static final class Replay {
        final JsonNode t;
        final CipherSuite suite;
        final byte[] clientRandom;
        final byte[] serverRandom;
        final List<RawHandshake> messages = new ArrayList<>();
        final List<String> directions = new ArrayList<>();
        final ByteArrayOutputStream clientData = new ByteArrayOutputStream();
        final ByteArrayOutputStream serverData = new ByteArrayOutputStream();
        final List<String> alerts = new ArrayList<>();
        byte[] preMaster;
        byte[] master;
        KeySchedule.TrafficCiphers ciphers;

        Replay(String name) {
            t = TlcpTranscripts.read(name);
            suite = CipherSuite.parse(t.get("suite").get("id").asString());
            clientRandom = hex("client_random");
            serverRandom = hex("server_random");
        }

        byte[] hex(String field) {
            return HEX.parseHex(t.get(field).asString());
        }

        Sm2PrivateKey key(String field) {
            return PrivateKeyPem.read(module, t.get(field).asString(), null, field);
        }

        Sm2Certificate cert(String field) {
            return Sm2Certificate.fromPem(t.get(field).asString()).get(0);
        }

        RawHandshake message(String dir, int type) {
            for (int i = 0; i < messages.size(); i++) {
                if (directions.get(i).equals(dir) && messages.get(i).type() == type) {
                    return messages.get(i);
                }
            }
            return null;
        }

        void run() {
            RecordLayer fromClient = new RecordLayer();
            RecordLayer fromServer = new RecordLayer();
            HandshakeReassembler clientMessages = new HandshakeReassembler(1 << 16);
            HandshakeReassembler serverMessages = new HandshakeReassembler(1 << 16);
            for (JsonNode r : t.get("records")) {
                String dir = r.get("dir").asString();
                boolean c2s = dir.equals("c2s");
                byte[] fragment = HEX.parseHex(r.get("fragment").asString());
                byte[] record = new byte[5 + fragment.length];
                record[0] = (byte) r.get("type").asInt();
                record[1] = 1;
                record[2] = 1;
                record[3] = (byte) (fragment.length >>> 8);
                record[4] = (byte) fragment.length;
                System.arraycopy(fragment, 0, record, 5, fragment.length);
                RecordLayer layer = c2s ? fromClient : fromServer;
                layer.receive(record, 0, record.length, (type, d, off, len) -> {
                    switch (type) {
                        case ContentType.HANDSHAKE -> (c2s ? clientMessages : serverMessages).add(d, off, len, m -> {
                            messages.add(m);
                            directions.add(dir);
                            return true;
                        });
                        case ContentType.CHANGE_CIPHER_SPEC -> {
                            if (ciphers == null) {
                                deriveKeys();
                            }
                            layer.changeReadCipher(c2s ? ciphers.clientWrite() : ciphers.serverWrite());
                        }
                        case ContentType.APPLICATION_DATA -> (c2s ? clientData : serverData).write(d, off, len);
                        case ContentType.ALERT -> alerts.add(dir + " " + d[off] + "/" + d[off + 1]);
                        default -> throw new AssertionError("record type " + type);
                    }
                    return true;
                });
            }
        }

        /** Pre-master from the ClientKeyExchange (ECC: decrypted with the server's key; ECDHE: both key agreements). */
        void deriveKeys() {
            RawHandshake cke = message("c2s", HandshakeType.CLIENT_KEY_EXCHANGE);
            ClientKeyExchange kx = ClientKeyExchange.decode(cke.body(), suite);
            Sm2 sm2 = module.sm2();
            byte[] id = Sm2.defaultUserId();
            if (suite.keyExchange() == CipherSuite.KeyExchange.ECC) {
                var handle = new SoftwareKeyHandle(module, key("server_enc_key_pem"), List.of(), "server enc");
                preMaster = handle.decrypt(kx.encryptedPreMaster());
            } else {
                Sm2PrivateKey serverEph = Sm2PrivateKey.fromScalar(hex("server_ephemeral_private_key"));
                Sm2PrivateKey clientEph = Sm2PrivateKey.fromScalar(hex("client_ephemeral_private_key"));
                ServerKeyExchange ske = ServerKeyExchange.decode(
                        message("s2c", HandshakeType.SERVER_KEY_EXCHANGE).body(), suite);
                assertArrayEquals(serverEph.publicKey().encoded(), ske.point(), "server ephemeral point");
                assertArrayEquals(clientEph.publicKey().encoded(), kx.point(), "client ephemeral point");
                Sm2PublicKey serverEncPub = cert("server_enc_cert_pem").publicKey();
                Sm2PublicKey clientEncPub = cert("client_enc_cert_pem").publicKey();
                // the server is initiator A, the client responder B (GM/T 0024 ECDHE; the vectors prove it)
                preMaster = sm2.keyExchange(Sm2KeyExchange.Role.INITIATOR, key("server_enc_key_pem"), id, serverEph)
                        .agree(clientEncPub, Sm2PublicKey.fromEncoded(kx.point()), id, 48);
                byte[] clientSide = sm2.keyExchange(Sm2KeyExchange.Role.RESPONDER, key("client_enc_key_pem"), id,
                        clientEph).agree(serverEncPub, Sm2PublicKey.fromEncoded(ske.point()), id, 48);
                assertArrayEquals(preMaster, clientSide, "both ends of the SM2 key agreement");
            }
            KeySchedule ks = new KeySchedule(module);
            master = ks.masterSecret(preMaster, clientRandom, serverRandom);
            byte[] block = ks.keyBlock(master, suite, clientRandom, serverRandom);
            assertArrayEquals(hex("key_block"), block, "key block");
            ciphers = ks.ciphers(suite, block);
        }

        /** SM3 of the messages before message {@code index}. */
        byte[] hashBefore(int index) {
            var d = module.sm3().newDigest();
            for (int i = 0; i < index; i++) {
                d.update(messages.get(i).encoded());
            }
            return d.doFinal();
        }

        byte[] rawBefore(int index) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            for (int i = 0; i < index; i++) {
                b.writeBytes(messages.get(i).encoded());
            }
            return b.toByteArray();
        }
    }

    @ParameterizedTest
    @MethodSource("names")
    void reproducesTheConnection(String name) {
        Replay r = new Replay(name);
        r.run();
        // every handshake message, in order and byte for byte
        JsonNode expected = r.t.get("handshake_messages");
        assertEquals(expected.size(), r.messages.size(), "number of handshake messages");
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).get("hex").asString(), HEX.formatHex(r.messages.get(i).encoded()),
                    "message " + i + " " + expected.get(i).get("name").asString());
        }
        assertArrayEquals(r.hex("pre_master_secret"), r.preMaster, "pre-master secret");
        assertArrayEquals(r.hex("master_secret"), r.master, "master secret");

        // each message decodes
        ClientHello hello = ClientHello.decode(r.message("c2s", HandshakeType.CLIENT_HELLO).body());
        assertArrayEquals(r.clientRandom, hello.random());
        assertTrue(java.util.Arrays.stream(hello.cipherSuites()).anyMatch(s -> s == r.suite.id()));
        ServerHello sh = ServerHello.decode(r.message("s2c", HandshakeType.SERVER_HELLO).body());
        assertEquals(ProtocolVersion.TLCP_1_1, sh.version());
        assertEquals(r.suite.id(), sh.cipherSuite());
        assertEquals(r.t.get("session_id").asString(), HEX.formatHex(sh.sessionId()));

        // the server's double certificate, told apart by key usage, chains to the root
        CertificateMessage serverCerts = CertificateMessage.decode(r.message("s2c", HandshakeType.CERTIFICATE).body());
        List<Sm2Certificate> chain = serverCerts.certificates().stream().map(Sm2Certificate::fromDer).toList();
        DoubleCertificates pair = DoubleCertificates.select(chain);
        assertEquals(r.cert("server_sign_cert_pem"), pair.signing());
        assertEquals(r.cert("server_enc_cert_pem"), pair.encryption());
        CertificateVerifier verifier = CertificateVerifier.builder(module).trustAnchor(r.cert("root_cert_pem")).build();
        assertTrue(verifier.verify(pair.signing(), chain, CHECK_TIME, CertificatePurpose.SIGNING).isValid());
        assertTrue(verifier.verify(pair.encryption(), chain, CHECK_TIME, CertificatePurpose.ENCRYPTION).isValid());

        // ServerKeyExchange signature over our reconstruction of the signed data
        ServerKeyExchange ske = ServerKeyExchange.decode(r.message("s2c", HandshakeType.SERVER_KEY_EXCHANGE).body(),
                r.suite);
        byte[] signed = r.suite.keyExchange() == CipherSuite.KeyExchange.ECC
                ? ServerKeyExchange.eccSignedData(r.clientRandom, r.serverRandom, pair.encryption().encoded())
                : ServerKeyExchange.ecdheSignedData(r.clientRandom, r.serverRandom, ske.parameters());
        assertTrue(module.sm2().verify(pair.signing().publicKey(), signed, ske.signature(), Sm2.defaultUserId()),
                "ServerKeyExchange signature");

        // CertificateVerify under the variant the file shows
        if (r.t.get("mutual").asBoolean()) {
            CertificateRequest.decode(r.message("s2c", HandshakeType.CERTIFICATE_REQUEST).body());
            int cvIndex = r.messages.indexOf(r.message("c2s", HandshakeType.CERTIFICATE_VERIFY));
            CertificateVerify cv = CertificateVerify.decode(r.messages.get(cvIndex).body());
            Sm2PublicKey clientKey = r.cert("client_sign_cert_pem").publicKey();
            CertificateVerifyVariant variant = cv.verify(module.sm2(), clientKey, r.hashBefore(cvIndex),
                    r.rawBefore(cvIndex), Sm2.defaultUserId());
            String input = r.t.get("observed").get("certificate_verify_input").asString();
            assertEquals(input.startsWith("SM3(") ? CertificateVerifyVariant.HASH_OF_MESSAGES
                    : CertificateVerifyVariant.RAW_MESSAGES, variant, input);
            assertEquals(null, cv.verify(module.sm2(), clientKey, r.hashBefore(cvIndex - 1), null,
                    Sm2.defaultUserId()), "a CertificateVerify checked against the wrong transcript must fail");
        }

        // both Finished messages
        KeySchedule ks = new KeySchedule(module);
        int checked = 0;
        for (int i = 0; i < r.messages.size(); i++) {
            if (r.messages.get(i).type() == HandshakeType.FINISHED) {
                boolean client = r.directions.get(i).equals("c2s");
                byte[] expect = ks.verifyData(r.master, client, r.hashBefore(i));
                assertArrayEquals(expect, Finished.decode(r.messages.get(i).body()).verifyData(),
                        (client ? "client" : "server") + " Finished");
                checked++;
            }
        }
        assertEquals(2, checked);

        // application data and the closing alerts
        assertEquals(r.t.get("client_app_data").get("hex").asString(), HEX.formatHex(r.clientData.toByteArray()));
        assertEquals(r.t.get("server_app_data").get("hex").asString(), HEX.formatHex(r.serverData.toByteArray()));
        assertTrue(r.alerts.stream().allMatch(a -> a.endsWith(" 1/0")), () -> "only close_notify: " + r.alerts);
    }

    @ParameterizedTest
    @MethodSource("names")
    void everyProtectedRecordOpensAtItsSequenceNumberAndAnyFlippedBitIsBadRecordMac(String name) {
        Replay r = new Replay(name);
        r.run();
        int protectedRecords = 0;
        for (JsonNode rec : r.t.get("records")) {
            if (!rec.has("seq")) {
                continue;
            }
            protectedRecords++;
            boolean c2s = rec.get("dir").asString().equals("c2s");
            byte[] fragment = HEX.parseHex(rec.get("fragment").asString());
            long seq = rec.get("seq").asLong();
            int type = rec.get("type").asInt();
            // The engine's own derivation (a CBC suite's key block stops before the IVs it does not use); the replay
            // above opened the records with ciphers from the whole key block the vector records.
            KeySchedule ks = new KeySchedule(module);
            var fresh = ks.trafficCiphers(r.master, r.suite, r.clientRandom, r.serverRandom, !c2s); // the receiver's
            ks.destroy();
            RecordCipher cipher = c2s ? fresh.clientWrite() : fresh.serverWrite();
            byte[] out = new byte[fragment.length];
            int n = cipher.open(seq, type, fragment, 0, fragment.length, out);
            assertEquals(rec.get("plaintext").asString(), HEX.formatHex(out, 0, n));
            // wrong sequence number, wrong type
            assertBadMac(() -> cipher.open(seq + 1, type, fragment, 0, fragment.length, new byte[fragment.length]));
            assertBadMac(() -> cipher.open(seq, type ^ 1, fragment, 0, fragment.length, new byte[fragment.length]));
            for (int pos : new int[] {0, 7, 8, 16, fragment.length / 2, fragment.length - 17, fragment.length - 1}) {
                byte[] bad = fragment.clone();
                bad[pos] ^= 0x04;
                assertBadMac(() -> cipher.open(seq, type, bad, 0, bad.length, new byte[bad.length]));
            }
            // truncated by one block or one byte
            assertBadMac(() -> cipher.open(seq, type, fragment, 0, fragment.length - 16, new byte[fragment.length]));
            assertBadMac(() -> cipher.open(seq, type, fragment, 0, fragment.length - 1, new byte[fragment.length]));
        }
        assertTrue(protectedRecords >= 4, "protected records: " + protectedRecords);
    }

    private static void assertBadMac(org.junit.jupiter.api.function.Executable e) {
        TlcpAlertException x = assertThrows(TlcpAlertException.class, e);
        assertEquals(AlertDescription.BAD_RECORD_MAC, x.alert());
    }

    @ParameterizedTest
    @MethodSource("names")
    void everyTruncatedMessageIsADecodeError(String name) {
        Replay r = new Replay(name);
        r.run();
        for (RawHandshake m : r.messages) {
            if (m.body().length == 0 || m.type() == HandshakeType.NEW_SESSION_TICKET) {
                continue;
            }
            byte[] shorter = java.util.Arrays.copyOf(m.body(), m.body().length - 1);
            byte[] longer = java.util.Arrays.copyOf(m.body(), m.body().length + 1);
            for (byte[] body : new byte[][] {shorter, longer}) {
                TlcpAlertException x = assertThrows(TlcpAlertException.class, () -> decode(m.type(), body, r.suite),
                        m.name() + " of " + body.length + " bytes");
                assertEquals(AlertDescription.DECODE_ERROR, x.alert(), m.name() + ": " + x.getMessage());
            }
        }
    }

    private static Object decode(int type, byte[] body, CipherSuite suite) {
        return switch (type) {
            case HandshakeType.CLIENT_HELLO -> ClientHello.decode(body);
            case HandshakeType.SERVER_HELLO -> ServerHello.decode(body);
            case HandshakeType.CERTIFICATE -> CertificateMessage.decode(body);
            case HandshakeType.SERVER_KEY_EXCHANGE -> ServerKeyExchange.decode(body, suite);
            case HandshakeType.CERTIFICATE_REQUEST -> CertificateRequest.decode(body);
            case HandshakeType.CLIENT_KEY_EXCHANGE -> ClientKeyExchange.decode(body, suite);
            case HandshakeType.CERTIFICATE_VERIFY -> CertificateVerify.decode(body);
            case HandshakeType.FINISHED -> Finished.decode(body);
            default -> throw new AssertionError("type " + type);
        };
    }

    /** Our server, holding the transcript server's keys, is fed the transcript client's messages out of order. */
    @ParameterizedTest
    @MethodSource("names")
    void reorderedClientMessagesAreUnexpected(String name) {
        Replay r = new Replay(name);
        r.run();
        RawHandshake hello = r.message("c2s", HandshakeType.CLIENT_HELLO);
        RawHandshake cke = r.message("c2s", HandshakeType.CLIENT_KEY_EXCHANGE);
        // ClientKeyExchange before ClientHello
        assertAlert(AlertDescription.UNEXPECTED_MESSAGE, r, List.of(handshakeRecord(cke)));
        // ChangeCipherSpec straight after ClientHello
        assertAlert(AlertDescription.UNEXPECTED_MESSAGE, r,
                List.of(handshakeRecord(hello), new byte[] {20, 1, 1, 0, 1, 1}));
        // ClientHello twice
        assertAlert(AlertDescription.UNEXPECTED_MESSAGE, r, List.of(handshakeRecord(hello), handshakeRecord(hello)));
        if (r.t.get("mutual").asBoolean()) {
            // a server that needs a client certificate gets the key exchange first
            assertAlert(AlertDescription.UNEXPECTED_MESSAGE, r, List.of(handshakeRecord(hello), handshakeRecord(cke)));
        } else if (r.suite.keyExchange() == CipherSuite.KeyExchange.ECC) {
            // the recorded key exchange decrypts under the same key, but our server random differs: Finished fails
            List<byte[]> in = new ArrayList<>(List.of(handshakeRecord(hello), handshakeRecord(cke)));
            in.add(new byte[] {20, 1, 1, 0, 1, 1});
            for (JsonNode rec : r.t.get("records")) {
                if (rec.get("dir").asString().equals("c2s") && rec.has("seq") && rec.get("type").asInt() == 22) {
                    byte[] f = HEX.parseHex(rec.get("fragment").asString());
                    byte[] record = new byte[5 + f.length];
                    record[0] = 22;
                    record[1] = 1;
                    record[2] = 1;
                    record[3] = (byte) (f.length >>> 8);
                    record[4] = (byte) f.length;
                    System.arraycopy(f, 0, record, 5, f.length);
                    in.add(record);
                    break;
                }
            }
            assertAlert(AlertDescription.BAD_RECORD_MAC, r, in);
        }
    }

    private void assertAlert(AlertDescription expected, Replay r, List<byte[]> records) {
        var sign = new SoftwareKeyHandle(module, r.key("server_sign_key_pem"), List.of(), "sign");
        var enc = new SoftwareKeyHandle(module, r.key("server_enc_key_pem"), List.of(), "enc");
        TlcpCredentials creds = new TlcpCredentials(sign, r.cert("server_sign_cert_pem"), enc,
                r.cert("server_enc_cert_pem"), List.of(r.cert("ca_cert_pem")));
        CertificateVerifier verifier = CertificateVerifier.builder(module).trustAnchor(r.cert("root_cert_pem")).build();
        // The recorded PKIs have no CRLs; what is checked here is the record layer.
        TlcpConfig config = TlcpConfig.server(module, creds).clientVerifier(verifier).withoutClientRevocationCheck()
                .clientAuth(r.t.get("mutual").asBoolean() ? ClientAuth.NEED : ClientAuth.NONE)
                .clock(Clock.fixed(CHECK_TIME, ZoneOffset.UTC)).build();
        EnginePair.Side side = new EnginePair.Side("server");
        TlcpEngine engine = TlcpEngine.server(config, side);
        TlcpAlertException failure = null;
        for (byte[] rec : records) {
            try {
                engine.receive(rec, 0, rec.length);
            } catch (TlcpAlertException e) {
                failure = e;
                break;
            }
        }
        assertNotNull(failure, "no alert for " + records.size() + " records");
        assertEquals(expected, failure.alert(), failure.getMessage());
        assertEquals(TlcpEngine.Status.CLOSED, engine.status());
        byte[] last = side.outbound.peekLast();
        assertEquals(ContentType.ALERT, last[0], "the last thing sent is the alert");
    }

    private static byte[] handshakeRecord(RawHandshake m) {
        byte[] e = m.encoded();
        byte[] rec = new byte[5 + e.length];
        rec[0] = 22;
        rec[1] = 1;
        rec[2] = 1;
        rec[3] = (byte) (e.length >>> 8);
        rec[4] = (byte) e.length;
        System.arraycopy(e, 0, rec, 5, e.length);
        return rec;
    }
}
