package io.gmgw.sslvpn.tlcp;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.key.KeyHandle;
import io.gmgw.sslvpn.tlcp.handshake.KeySchedule;
import io.gmgw.sslvpn.tlcp.message.ClientHello;
import io.gmgw.sslvpn.tlcp.message.ClientKeyExchange;
import io.gmgw.sslvpn.tlcp.message.HandshakeType;
import io.gmgw.sslvpn.tlcp.message.RawHandshake;
import io.gmgw.sslvpn.tlcp.message.ServerHello;
import io.gmgw.sslvpn.tlcp.protocol.CipherSuite;
import io.gmgw.sslvpn.tlcp.protocol.ProtocolVersion;
import io.gmgw.sslvpn.tlcp.protocol.TlcpAlertException;
import io.gmgw.sslvpn.tlcp.record.ContentType;
import io.gmgw.sslvpn.tlcp.record.RecordCipher;
import io.gmgw.sslvpn.tlcp.record.RecordLayer;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A man in the middle between the two engines of an {@link EnginePair}. Before ChangeCipherSpec it reads and rewrites
 * records in the clear. Given the server's encryption key it also recovers the pre-master secret of an ECC suite from
 * ClientKeyExchange (as anyone holding that key can), so it opens, rewrites and re-seals protected records too: the
 * receiving engine then gets a correctly protected but malformed message. For ECDHE suites protected records pass
 * unchanged. Each record is assumed to carry whole handshake messages, which is what the engines write by default.
 */
final class TlcpMitm {
    /** A record in the clear; {@code sealed} marks a fragment the rewriter protected itself (sent as it is). */
    record Record(int type, byte[] fragment, boolean sealed) {
        static Record of(int type, byte[] fragment) {
            return new Record(type, fragment, false);
        }
    }

    private final CryptoModule module;
    private final KeyHandle serverEncryptionKey;
    private final Map<String, byte[]> masterSecrets = new HashMap<>();
    private byte[] clientRandom;
    private byte[] serverRandom;
    private byte[] offeredSessionId = new byte[0];
    private CipherSuite suite;
    private byte[] masterSecret;
    final Flow clientToServer = new Flow(true);
    final Flow serverToClient = new Flow(false);

    /** {@code serverEncryptionKey} may be null: then protected records are passed on unread. */
    TlcpMitm(CryptoModule module, KeyHandle serverEncryptionKey) {
        this.module = module;
        this.serverEncryptionKey = serverEncryptionKey;
    }

    /** Installs both directions on {@code pair}. */
    TlcpMitm attach(EnginePair pair) {
        pair.tamperClientToServer(clientToServer);
        pair.tamperServerToClient(serverToClient);
        return this;
    }

    /** True once the keys of the current handshake are known. */
    boolean knowsKeys() {
        return masterSecret != null;
    }

    CipherSuite suite() {
        return suite;
    }

    /** A fresh copy of the current key block (client MAC, server MAC, client key, server key, IVs). */
    byte[] keyBlock() {
        return new KeySchedule(module).keyBlock(masterSecret, suite, clientRandom, serverRandom);
    }

    /** A rewriter applying {@code f} to each handshake message; f returns the bytes to send in its place. */
    static Function<Record, List<Record>> messages(Function<RawHandshake, byte[]> f) {
        return r -> {
            if (r.type() != ContentType.HANDSHAKE) {
                return List.of(r);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] b = r.fragment();
            int p = 0;
            while (p < b.length) {
                int len = ((b[p + 1] & 0xff) << 16) | ((b[p + 2] & 0xff) << 8) | (b[p + 3] & 0xff);
                byte[] body = Arrays.copyOfRange(b, p + 4, p + 4 + len);
                out.writeBytes(f.apply(new RawHandshake(b[p] & 0xff, body, Arrays.copyOfRange(b, p, p + 4 + len))));
                p += 4 + len;
            }
            return out.size() == 0 ? List.of() : List.of(Record.of(ContentType.HANDSHAKE, out.toByteArray()));
        };
    }

    /** A rewriter replacing the body of every handshake message of {@code type}. */
    static Function<Record, List<Record>> message(int type, UnaryOperator<byte[]> body) {
        return messages(m -> m.type() == type ? RawHandshake.of(type, body.apply(m.body())).encoded() : m.encoded());
    }

    /** One direction: opens what the sender sealed, rewrites it, seals it again for the receiver. */
    final class Flow implements UnaryOperator<byte[]> {
        private final boolean fromClient;
        private RecordCipher in;
        private RecordCipher out;
        private long inSeq;
        private long outSeq;
        private boolean inProtected;
        private Function<Record, List<Record>> rewriter = List::of;

        private Flow(boolean fromClient) {
            this.fromClient = fromClient;
        }

        /** Sets what happens to each record of this direction. */
        Flow rewrite(Function<Record, List<Record>> f) {
            this.rewriter = f;
            return this;
        }

        /** The sequence number the receiver expects for the next protected record. */
        long nextSequence() {
            return outSeq;
        }

        /** Protects {@code plaintext} as the sender would, for records the test builds itself. */
        byte[] seal(int type, byte[] plaintext) {
            byte[] buf = new byte[out.maxSealedLength(plaintext.length)];
            int n = out.seal(outSeq, type, plaintext, 0, plaintext.length, buf, 0);
            return Arrays.copyOf(buf, n);
        }

        @Override
        public byte[] apply(byte[] chunk) {
            ByteArrayOutputStream result = new ByteArrayOutputStream();
            int p = 0;
            while (p < chunk.length) {
                int type = chunk[p] & 0xff;
                int len = ((chunk[p + 3] & 0xff) << 8) | (chunk[p + 4] & 0xff);
                byte[] fragment = Arrays.copyOfRange(chunk, p + RecordLayer.HEADER_LENGTH, p + RecordLayer.HEADER_LENGTH
                        + len);
                p += RecordLayer.HEADER_LENGTH + len;
                if (inProtected && in == null) {
                    result.writeBytes(Arrays.copyOfRange(chunk, p - RecordLayer.HEADER_LENGTH - len, p));
                    continue;
                }
                byte[] plain = fragment;
                if (in != null) {
                    byte[] buf = new byte[len];
                    int n = in.open(inSeq++, type, fragment, 0, len, buf);
                    plain = Arrays.copyOf(buf, n);
                }
                observe(type, plain);
                if (type == ContentType.CHANGE_CIPHER_SPEC) {
                    inProtected = true;
                    in = cipher();
                    inSeq = 0;
                }
                for (Record r : rewriter.apply(Record.of(type, plain))) {
                    result.writeBytes(emit(r));
                }
            }
            return result.size() == 0 ? null : result.toByteArray();
        }

        private byte[] emit(Record r) {
            // Before ChangeCipherSpec, and without keys, a record goes out as it is.
            byte[] fragment = out == null || r.sealed() ? r.fragment() : seal(r.type(), r.fragment());
            if (out != null) {
                outSeq++;
            }
            byte[] record = new byte[RecordLayer.HEADER_LENGTH + fragment.length];
            record[0] = (byte) r.type();
            record[1] = (byte) ProtocolVersion.MAJOR;
            record[2] = (byte) ProtocolVersion.MINOR;
            record[3] = (byte) (fragment.length >>> 8);
            record[4] = (byte) fragment.length;
            System.arraycopy(fragment, 0, record, RecordLayer.HEADER_LENGTH, fragment.length);
            if (r.type() == ContentType.CHANGE_CIPHER_SPEC) {
                out = cipher();
                outSeq = 0;
            }
            return record;
        }

        private RecordCipher cipher() {
            if (masterSecret == null) {
                return null;
            }
            KeySchedule.TrafficCiphers c = new KeySchedule(module).ciphers(suite, keyBlock());
            return fromClient ? c.clientWrite() : c.serverWrite();
        }

        private void observe(int type, byte[] plain) {
            if (type != ContentType.HANDSHAKE || plain.length < 4) {
                return;
            }
            for (RawHandshake m : split(plain)) {
                try {
                    learn(m);
                } catch (TlcpAlertException e) {
                    // A message the test garbled on purpose: nothing to learn from it.
                }
            }
        }
    }

    private void learn(RawHandshake m) {
        switch (m.type()) {
            case HandshakeType.CLIENT_HELLO -> {
                ClientHello hello = ClientHello.decode(m.body());
                clientRandom = hello.random();
                offeredSessionId = hello.sessionId();
                masterSecret = null;
            }
            case HandshakeType.SERVER_HELLO -> {
                ServerHello hello = ServerHello.decode(m.body());
                serverRandom = hello.random();
                suite = CipherSuite.fromId(hello.cipherSuite()).orElse(null);
                byte[] resumed = masterSecrets.get(HexFormat.of().formatHex(hello.sessionId()));
                if (hello.sessionId().length > 0 && Arrays.equals(offeredSessionId, hello.sessionId())
                        && resumed != null) {
                    masterSecret = resumed;
                }
                if (hello.sessionId().length > 0) {
                    offeredSessionId = hello.sessionId();
                }
            }
            case HandshakeType.CLIENT_KEY_EXCHANGE -> {
                if (serverEncryptionKey == null || suite == null || suite.keyExchange() != CipherSuite.KeyExchange.ECC) {
                    return;
                }
                byte[] preMaster = serverEncryptionKey.decrypt(ClientKeyExchange.decode(m.body(), suite)
                        .encryptedPreMaster());
                masterSecret = new KeySchedule(module).masterSecret(preMaster, clientRandom, serverRandom);
                if (offeredSessionId.length > 0) {
                    masterSecrets.put(HexFormat.of().formatHex(offeredSessionId), masterSecret);
                }
            }
            default -> {
            }
        }
    }

    static List<RawHandshake> split(byte[] b) {
        List<RawHandshake> list = new ArrayList<>();
        int p = 0;
        while (b.length - p >= 4) {
            int len = ((b[p + 1] & 0xff) << 16) | ((b[p + 2] & 0xff) << 8) | (b[p + 3] & 0xff);
            if (b.length - p - 4 < len) {
                break;
            }
            list.add(new RawHandshake(b[p] & 0xff, Arrays.copyOfRange(b, p + 4, p + 4 + len),
                    Arrays.copyOfRange(b, p, p + 4 + len)));
            p += 4 + len;
        }
        return list;
    }
}
