package io.gmgw.sslvpn.tlcp.handshake;

import io.gmgw.crypto.core.GmCryptoException;
import io.gmgw.crypto.key.KeyHandle;
import io.gmgw.crypto.pki.CertificatePurpose;
import io.gmgw.crypto.pki.DoubleCertificateException;
import io.gmgw.crypto.pki.DoubleCertificates;
import io.gmgw.crypto.pki.Sm2Certificate;
import io.gmgw.crypto.pki.VerificationResult;
import io.gmgw.crypto.sm2.Sm2KeyExchange;
import io.gmgw.crypto.sm2.Sm2PublicKey;
import io.gmgw.sslvpn.tlcp.ClientAuth;
import io.gmgw.sslvpn.tlcp.TlcpConfig;
import io.gmgw.sslvpn.tlcp.TlcpSession;
import io.gmgw.sslvpn.tlcp.TlcpSessionCache;
import io.gmgw.sslvpn.tlcp.message.CertificateMessage;
import io.gmgw.sslvpn.tlcp.message.CertificateVerify;
import io.gmgw.sslvpn.tlcp.message.ClientHello;
import io.gmgw.sslvpn.tlcp.message.ClientKeyExchange;
import io.gmgw.sslvpn.tlcp.message.Finished;
import io.gmgw.sslvpn.tlcp.message.HandshakeType;
import io.gmgw.sslvpn.tlcp.message.RawHandshake;
import io.gmgw.sslvpn.tlcp.message.ServerHello;
import io.gmgw.sslvpn.tlcp.message.ServerKeyExchange;
import io.gmgw.sslvpn.tlcp.protocol.AlertDescription;
import io.gmgw.sslvpn.tlcp.protocol.CertificateVerifyVariant;
import io.gmgw.sslvpn.tlcp.protocol.CipherSuite;
import io.gmgw.sslvpn.tlcp.protocol.ProtocolVersion;
import io.gmgw.sslvpn.tlcp.protocol.TlcpAlertException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The server side of the TLCP handshake (GM/T 0024 §6.4.5, figure 2 for the full handshake, figure 3 for resumption).
 * Full: ClientHello → ServerHello, Certificate, ServerKeyExchange, [CertificateRequest], ServerHelloDone →
 * [Certificate], ClientKeyExchange, [CertificateVerify], ChangeCipherSpec, Finished → ChangeCipherSpec, Finished.
 */
public final class ServerHandshake implements Handshake {
    private enum State {
        WAIT_CLIENT_HELLO, WAIT_CLIENT_CERTIFICATE, WAIT_CLIENT_KEY_EXCHANGE, WAIT_CERTIFICATE_VERIFY,
        WAIT_CHANGE_CIPHER_SPEC, WAIT_FINISHED, WAIT_RESUMED_CHANGE_CIPHER_SPEC, WAIT_RESUMED_FINISHED,
        /** A private-key operation is out ({@link HandshakeOutput#keyOperation}); no message is taken meanwhile. */
        WAIT_KEY_OPERATION, DONE
    }

    private final TlcpConfig config;
    private final HandshakeOutput out;
    private final KeySchedule keys;
    private final Transcript transcript;
    private final byte[] userId;
    private State state = State.WAIT_CLIENT_HELLO;

    private CipherSuite suite;
    private byte[] clientRandom;
    private byte[] serverRandom;
    private byte[] sessionId;
    private byte[] masterSecret;
    private Sm2KeyExchange keyExchange;
    private boolean certificateRequested;
    private List<Sm2Certificate> clientCertificates = List.of();
    private Sm2Certificate clientSigning;
    private Sm2Certificate clientEncryption;
    private KeySchedule.TrafficCiphers ciphers;
    private String verifyVariant;
    /** Why the pre-master secret was replaced by a random one, for the local message of the failure; else null. */
    private String preMasterProblem;

    public ServerHandshake(TlcpConfig config, HandshakeOutput out) {
        this.config = config;
        this.out = out;
        this.keys = new KeySchedule(config.module());
        boolean mayCheckRaw = config.acceptRawCertificateVerify()
                && (config.clientAuth() != ClientAuth.NONE || offersEcdhe(config));
        this.transcript = new Transcript(config.module().sm3().newDigest(), mayCheckRaw);
        this.userId = config.userId();
    }

    private static boolean offersEcdhe(TlcpConfig config) {
        return config.peerVerifier() != null
                && config.suites().stream().anyMatch(s -> s.keyExchange() == CipherSuite.KeyExchange.ECDHE);
    }

    @Override
    public void start() {
    }

    @Override
    public String state() {
        return state.name();
    }

    @Override
    public void receive(RawHandshake m) {
        switch (state) {
            case WAIT_CLIENT_HELLO -> {
                Handshakes.expect(m, HandshakeType.CLIENT_HELLO, "client", state);
                transcript.add(m);
                clientHello(ClientHello.decode(m.body()));
            }
            case WAIT_CLIENT_CERTIFICATE -> {
                Handshakes.expect(m, HandshakeType.CERTIFICATE, "client", state);
                transcript.add(m);
                clientCertificate(CertificateMessage.decode(m.body()));
            }
            case WAIT_CLIENT_KEY_EXCHANGE -> {
                Handshakes.expect(m, HandshakeType.CLIENT_KEY_EXCHANGE, "client", state);
                transcript.add(m);
                clientKeyExchange(ClientKeyExchange.decode(m.body(), suite));
            }
            case WAIT_CERTIFICATE_VERIFY -> {
                Handshakes.expect(m, HandshakeType.CERTIFICATE_VERIFY, "client", state);
                certificateVerify(CertificateVerify.decode(m.body()));
                transcript.add(m);
            }
            case WAIT_FINISHED -> {
                Handshakes.expect(m, HandshakeType.FINISHED, "client", state);
                checkFinished(Finished.decode(m.body()));
                transcript.add(m);
                out.changeCipherSpec(ciphers.serverWrite());
                out.send(new Finished(keys.verifyData(masterSecret, false, transcript.hash())).encode());
                finish(false);
            }
            case WAIT_RESUMED_FINISHED -> {
                Handshakes.expect(m, HandshakeType.FINISHED, "client", state);
                checkFinished(Finished.decode(m.body()));
                finish(true);
            }
            default -> throw Handshakes.unexpected(m, "client", state);
        }
    }

    @Override
    public String withheldProblem() {
        return preMasterProblem;
    }

    @Override
    public byte[] sessionId() {
        return sessionId == null ? new byte[0] : sessionId.clone();
    }

    @Override
    public void changeCipherSpecReceived() {
        state = switch (state) {
            case WAIT_CHANGE_CIPHER_SPEC -> State.WAIT_FINISHED;
            case WAIT_RESUMED_CHANGE_CIPHER_SPEC -> State.WAIT_RESUMED_FINISHED;
            default -> throw new TlcpAlertException(AlertDescription.UNEXPECTED_MESSAGE,
                    "ChangeCipherSpec while waiting for " + state);
        };
    }

    private void clientHello(ClientHello hello) {
        if (hello.version() < ProtocolVersion.TLCP_1_1) {
            throw new TlcpAlertException(AlertDescription.PROTOCOL_VERSION,
                    "ClientHello version 0x%04X is older than TLCP 1.1 (0x0101)".formatted(hello.version()));
        }
        if (!hello.offersNullCompression()) {
            throw new TlcpAlertException(AlertDescription.HANDSHAKE_FAILURE,
                    "the ClientHello does not offer the null compression method that TLCP requires");
        }
        clientRandom = hello.random();
        serverRandom = Handshakes.random(config.module(), 32);
        TlcpSessionCache cache = config.sessionCache();
        if (cache != null && hello.sessionId().length > 0) {
            Optional<TlcpSessionCache.Entry> cached = cache.get(HexFormat.of().formatHex(hello.sessionId()));
            if (cached.isPresent()) {
                if (resumable(hello, cached.get())) {
                    resume(hello, cached.get());
                    return;
                }
                Arrays.fill(cached.get().masterSecret(), (byte) 0); // our copy; the cache keeps its own
            }
        }
        suite = choose(hello);
        sessionId = cache == null ? new byte[0] : Handshakes.random(config.module(), 32);
        send(new ServerHello(ProtocolVersion.TLCP_1_1, serverRandom, sessionId, suite.id(), 0, List.of()).encode());
        send(config.serverCertificateMessage());
        serverKeyExchange();
    }

    /** The rest of the server's first flight, once the ServerKeyExchange is signed. */
    private void serverHelloDone(ServerKeyExchange ske) {
        send(ske.encode());
        certificateRequested = config.clientAuth() != ClientAuth.NONE
                || suite.keyExchange() == CipherSuite.KeyExchange.ECDHE;
        if (certificateRequested) {
            send(config.certificateRequestMessage());
        } else {
            transcript.dropMessages();
        }
        send(RawHandshake.of(HandshakeType.SERVER_HELLO_DONE, new byte[0]));
        state = certificateRequested ? State.WAIT_CLIENT_CERTIFICATE : State.WAIT_CLIENT_KEY_EXCHANGE;
    }

    private void resume(ClientHello hello, TlcpSessionCache.Entry entry) {
        suite = entry.suite();
        sessionId = entry.sessionId();
        masterSecret = entry.masterSecret();
        clientCertificates = entry.peerCertificates();
        clientSigning = entry.peerSigningCertificate();
        clientEncryption = entry.peerEncryptionCertificate();
        transcript.dropMessages();
        send(new ServerHello(ProtocolVersion.TLCP_1_1, serverRandom, sessionId, suite.id(), 0, List.of()).encode());
        ciphers = keys.trafficCiphers(masterSecret, suite, clientRandom, serverRandom, false);
        out.changeCipherSpec(ciphers.serverWrite());
        RawHandshake finished = new Finished(keys.verifyData(masterSecret, false, transcript.hash())).encode();
        transcript.add(finished);
        out.send(finished);
        out.expectChangeCipherSpec(ciphers.clientWrite());
        state = State.WAIT_RESUMED_CHANGE_CIPHER_SPEC;
    }

    /**
     * Whether a cached session still meets this server's policy: its suite offered and allowed, a client certificate
     * if one is required, and that certificate still valid now (not expired or revoked since). Otherwise the client
     * gets a full handshake, which checks everything afresh.
     */
    private boolean resumable(ClientHello hello, TlcpSessionCache.Entry e) {
        if (!offered(hello, e.suite()) || !config.suites().contains(e.suite())) {
            return false;
        }
        if (e.peerSigningCertificate() == null) {
            return config.clientAuth() != ClientAuth.NEED;
        }
        if (config.peerVerifier() == null) {
            return true;
        }
        return config.peerVerifier().verify(e.peerSigningCertificate(), e.peerCertificates(), config.clock().instant(),
                CertificatePurpose.SIGNING) instanceof VerificationResult.Valid;
    }

    private static boolean offered(ClientHello hello, CipherSuite s) {
        for (int id : hello.cipherSuites()) {
            if (id == s.id()) {
                return true;
            }
        }
        return false;
    }

    private CipherSuite choose(ClientHello hello) {
        for (CipherSuite s : config.suites()) {
            boolean usable = s.keyExchange() == CipherSuite.KeyExchange.ECC || config.peerVerifier() != null;
            if (usable && offered(hello, s)) {
                return s;
            }
        }
        List<String> offered = new ArrayList<>();
        for (int id : hello.cipherSuites()) {
            offered.add("%04X".formatted(id));
        }
        throw new TlcpAlertException(AlertDescription.HANDSHAKE_FAILURE, "no cipher suite in common: the client offered "
                + offered + ", this server allows " + config.suites().stream().map(CipherSuite::hexId).toList()
                + (offersOnlyEcdheWithoutTrust(hello) ? " (ECDHE suites need client-certificate trust anchors)" : ""));
    }

    private boolean offersOnlyEcdheWithoutTrust(ClientHello hello) {
        return config.peerVerifier() == null && config.suites().stream()
                .anyMatch(s -> s.keyExchange() == CipherSuite.KeyExchange.ECDHE && offered(hello, s));
    }

    /**
     * Signs the ServerKeyExchange with the signing key, and for ECDHE first makes the ephemeral key of the SM2 key
     * exchange with the encryption key; both are key operations (a token may do them), handed out as one.
     */
    private void serverKeyExchange() {
        KeyHandle signingKey = config.credentials().signingKey();
        byte[] cr = clientRandom;
        byte[] sr = serverRandom;
        byte[] id = userId;
        if (suite.keyExchange() == CipherSuite.KeyExchange.ECC) {
            byte[] encCert = config.credentials().encryptionCertificate().encoded();
            byte[] signed = ServerKeyExchange.eccSignedData(cr, sr, encCert);
            keyOperation(Handshakes.keyOperation("SM2 signature of the ServerKeyExchange", signingKey,
                    () -> signingKey.sign(signed, id), signature -> serverHelloDone(ServerKeyExchange.ecc(signature))));
            return;
        }
        // GM/T 0024 ECDHE: the server is the SM2 key-exchange initiator A with its encryption key as the static key.
        KeyHandle encryptionKey = config.credentials().encryptionKey();
        keyOperation(new PendingKeyOperation<EphemeralKey>("SM2 key-exchange ephemeral key with key "
                + encryptionKey.description() + " and SM2 signature of the ServerKeyExchange with key "
                + signingKey.description(), encryptionKey.mayBlock() || signingKey.mayBlock(), () -> {
                    Sm2KeyExchange exchange = encryptionKey.keyExchange(Sm2KeyExchange.Role.INITIATOR, id);
                    byte[] point = exchange.ephemeralPublicKey().encoded();
                    byte[] signed = ServerKeyExchange.ecdheSignedData(cr, sr,
                            ServerKeyExchange.ecdheParameters(point));
                    return new EphemeralKey(exchange, point, signingKey.sign(signed, id));
                }, made -> {
                    keyExchange = made.exchange();
                    serverHelloDone(ServerKeyExchange.ecdhe(made.point(), made.signature()));
                }, made -> {
                }));
    }

    /** The server's half of an ECDHE exchange, made off the engine's thread: the exchange, its point, the signature. */
    private record EphemeralKey(Sm2KeyExchange exchange, byte[] point, byte[] signature) {
    }

    private void keyOperation(PendingKeyOperation<?> operation) {
        state = State.WAIT_KEY_OPERATION;
        out.keyOperation(operation);
    }

    private void clientCertificate(CertificateMessage message) {
        boolean ecdhe = suite.keyExchange() == CipherSuite.KeyExchange.ECDHE;
        if (message.certificates().isEmpty()) {
            if (ecdhe) {
                throw new TlcpAlertException(AlertDescription.HANDSHAKE_FAILURE, "the client sent no certificate, but "
                        + suite + " needs the client's signing and encryption certificates");
            }
            if (config.clientAuth() == ClientAuth.NEED) {
                throw new TlcpAlertException(AlertDescription.HANDSHAKE_FAILURE,
                        "the client sent no certificate and this server requires one");
            }
            transcript.dropMessages();
            state = State.WAIT_CLIENT_KEY_EXCHANGE;
            return;
        }
        List<Sm2Certificate> certs = parse(config, message.certificates(), "client");
        try {
            clientSigning = DoubleCertificates.selectSigning(certs);
        } catch (DoubleCertificateException e) {
            throw new TlcpAlertException(AlertDescription.BAD_CERTIFICATE, "client certificate chain: " + e.getMessage());
        }
        var at = config.clock().instant();
        CertificateChecks.require(config.peerVerifier().verify(clientSigning, certs, at, CertificatePurpose.SIGNING),
                "client signing");
        Sm2Certificate enc = null;
        try {
            enc = DoubleCertificates.selectEncryption(certs);
        } catch (DoubleCertificateException e) {
            if (ecdhe) {
                // Missing is a handshake that cannot proceed (as an empty Certificate is); ambiguous is a bad chain.
                AlertDescription alert = e.problem() == DoubleCertificateException.Problem.NO_ENCRYPTION
                        ? AlertDescription.HANDSHAKE_FAILURE : AlertDescription.BAD_CERTIFICATE;
                throw new TlcpAlertException(alert, "the client sent no usable encryption"
                        + " certificate, which " + suite + " needs for the SM2 key exchange: " + e.getMessage());
            }
        }
        if (enc != null) {
            CertificateChecks.require(config.peerVerifier().verify(enc, certs, at, CertificatePurpose.ENCRYPTION),
                    "client encryption");
            clientEncryption = enc;
        }
        clientCertificates = certs;
        state = State.WAIT_CLIENT_KEY_EXCHANGE;
    }

    static List<Sm2Certificate> parse(TlcpConfig config, List<byte[]> ders, String whose) {
        List<Sm2Certificate> certs = new ArrayList<>();
        for (int i = 0; i < ders.size(); i++) {
            try {
                certs.add(config.peerCertificates().parse(ders.get(i)));
            } catch (GmCryptoException | IllegalArgumentException e) {
                throw new TlcpAlertException(AlertDescription.BAD_CERTIFICATE,
                        whose + " certificate " + i + " cannot be read as an SM2 certificate: " + e.getMessage());
            }
        }
        return certs;
    }

    private void clientKeyExchange(ClientKeyExchange cke) {
        KeyHandle encryptionKey = config.credentials().encryptionKey();
        if (suite.keyExchange() == CipherSuite.KeyExchange.ECC) {
            byte[] ciphertext = cke.encryptedPreMaster();
            byte[] fallback = Handshakes.random(config.module(), KeySchedule.MASTER_SECRET_LENGTH);
            fallback[0] = (byte) ProtocolVersion.MAJOR;
            fallback[1] = (byte) ProtocolVersion.MINOR;
            keyOperation(new PendingKeyOperation<Decryption>("SM2 decryption of the ClientKeyExchange with key "
                    + encryptionKey.description(), encryptionKey.mayBlock(), () -> decrypt(encryptionKey, ciphertext),
                    d -> keys(preMaster(d, fallback)), Decryption::wipe));
            return;
        }
        Sm2PublicKey peerEphemeral;
        try {
            peerEphemeral = Sm2PublicKey.fromEncoded(cke.point());
        } catch (GmCryptoException | IllegalArgumentException e) {
            throw new TlcpAlertException(AlertDescription.ILLEGAL_PARAMETER,
                    "ClientKeyExchange: the client's ephemeral SM2 point is invalid: " + e.getMessage());
        }
        Sm2KeyExchange exchange = keyExchange;
        keyExchange = null;
        Sm2PublicKey peerStatic = clientEncryption.publicKey();
        byte[] id = userId;
        keyOperation(Handshakes.secretKeyOperation("SM2 key agreement (ECDHE)", encryptionKey,
                () -> exchange.agree(peerStatic, peerEphemeral, id, KeySchedule.MASTER_SECRET_LENGTH), this::keys));
    }

    /** Master secret and traffic keys from the pre-master secret, which is wiped. */
    private void keys(byte[] preMaster) {
        masterSecret = keys.masterSecret(preMaster, clientRandom, serverRandom);
        Arrays.fill(preMaster, (byte) 0);
        ciphers = keys.trafficCiphers(masterSecret, suite, clientRandom, serverRandom, false);
        out.expectChangeCipherSpec(ciphers.clientWrite());
        state = clientSigning != null ? State.WAIT_CERTIFICATE_VERIFY : State.WAIT_CHANGE_CIPHER_SPEC;
    }

    /** What the encryption key made of the ClientKeyExchange: the plaintext, or why there is none. */
    private record Decryption(byte[] plaintext, String problem) {
        void wipe() {
            if (plaintext != null) {
                Arrays.fill(plaintext, (byte) 0);
            }
        }
    }

    /** The key operation itself: every exception of the key handle is caught, for the countermeasure below. */
    private static Decryption decrypt(KeyHandle key, byte[] ciphertext) {
        try {
            return new Decryption(key.decrypt(ciphertext), null);
        } catch (RuntimeException e) {
            return new Decryption(null, "the encryption key " + key.description()
                    + " could not decrypt the ClientKeyExchange: " + e);
        }
    }

    /**
     * The pre-master secret from the SM2 decryption. Any failure continues with a random pre-master instead, so the
     * client learns nothing before Finished fails (the TLS RSA countermeasure, RFC 5246 §7.4.7.1, applied to SM2 as
     * GM/T 0024 inherits it): a bad ciphertext, a wrong length or version, and equally every exception the key handle
     * throws. A token's error code is not a reliable "bad ciphertext" signal: one answers CKR_ENCRYPTED_DATA_INVALID
     * where another answers CKR_FUNCTION_FAILED or CKR_DATA_INVALID for the same input, so any exception class singled
     * out here for an early alert could be an oracle on some token. None is kept out: a failure that has nothing to do
     * with the ciphertext (a closed handle, a token pulled out, a module in its error state) fails the handshake all
     * the same, at Finished, and the next use of the key or module fails loudly on its own. What went wrong is kept
     * for the local message of that failure ({@link #withheldProblem}), never sent and never acted on before it.
     */
    private byte[] preMaster(Decryption d, byte[] fallback) {
        byte[] decrypted = d.plaintext();
        if (d.problem() != null) {
            preMasterProblem = d.problem();
            return fallback;
        }
        boolean good = decrypted != null && decrypted.length == KeySchedule.MASTER_SECRET_LENGTH
                && decrypted[0] == ProtocolVersion.MAJOR && decrypted[1] == ProtocolVersion.MINOR;
        if (!good) {
            preMasterProblem = "the ClientKeyExchange decrypted to " + (decrypted == null ? "nothing"
                    : decrypted.length + " bytes") + ", not a " + KeySchedule.MASTER_SECRET_LENGTH
                    + "-byte TLCP 1.1 pre-master secret";
            d.wipe();
            return fallback;
        }
        Arrays.fill(fallback, (byte) 0);
        return decrypted;
    }

    private void certificateVerify(CertificateVerify cv) {
        CertificateVerifyVariant variant = cv.verify(config.module().sm2(), clientSigning.publicKey(),
                transcript.hash(), transcript.messages(), userId);
        if (variant == null) {
            throw new TlcpAlertException(AlertDescription.DECRYPT_ERROR, "the client's CertificateVerify signature does"
                    + " not verify with the key of " + clientSigning + (config.acceptRawCertificateVerify() ? ""
                    : " (GmSSL's raw-messages variant is not accepted by this server's policy)"));
        }
        verifyVariant = variant.name();
        transcript.dropMessages();
        state = State.WAIT_CHANGE_CIPHER_SPEC;
    }

    private void checkFinished(Finished finished) {
        byte[] expected = keys.verifyData(masterSecret, true, transcript.hash());
        if (!MessageDigest.isEqual(expected, finished.verifyData())) {
            throw new TlcpAlertException(AlertDescription.DECRYPT_ERROR,
                    "the client's Finished does not match: the handshake was altered or the keys differ");
        }
    }

    private void finish(boolean resumed) {
        state = State.DONE;
        TlcpSessionCache cache = config.sessionCache();
        if (cache != null && !resumed && sessionId.length > 0) {
            cache.put(HexFormat.of().formatHex(sessionId), new TlcpSessionCache.Entry(sessionId, suite, masterSecret,
                    clientCertificates, clientSigning, clientEncryption, config.clock().instant()));
        }
        Arrays.fill(masterSecret, (byte) 0);
        masterSecret = null;
        keys.destroy();
        out.complete(new TlcpSession(sessionId, suite, clientCertificates, clientSigning, clientEncryption, resumed,
                config.clock().instant(), verifyVariant));
    }

    private void send(RawHandshake m) {
        transcript.add(m);
        out.send(m);
    }

    @Override
    public void abandon() {
        if (masterSecret != null) {
            Arrays.fill(masterSecret, (byte) 0);
        }
        keys.destroy();
        if (ciphers != null && state != State.DONE) {
            ciphers.clientWrite().destroy();
            ciphers.serverWrite().destroy();
        }
    }
}
