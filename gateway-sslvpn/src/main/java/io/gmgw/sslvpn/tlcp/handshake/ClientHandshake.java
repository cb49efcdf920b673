package io.gmgw.sslvpn.tlcp.handshake;

import io.gmgw.crypto.core.GmCryptoException;
import io.gmgw.crypto.key.KeyHandle;
import io.gmgw.crypto.pki.CertificatePurpose;
import io.gmgw.crypto.pki.DoubleCertificateException;
import io.gmgw.crypto.pki.DoubleCertificates;
import io.gmgw.crypto.pki.ReferenceIdentity;
import io.gmgw.crypto.pki.Sm2Certificate;
import io.gmgw.crypto.pki.VerificationResult;
import io.gmgw.crypto.sm2.Sm2CiphertextFormat;
import io.gmgw.crypto.sm2.Sm2KeyExchange;
import io.gmgw.crypto.sm2.Sm2PublicKey;
import io.gmgw.sslvpn.tlcp.ClientCertificateShape;
import io.gmgw.sslvpn.tlcp.TlcpConfig;
import io.gmgw.sslvpn.tlcp.TlcpCredentials;
import io.gmgw.sslvpn.tlcp.TlcpSession;
import io.gmgw.sslvpn.tlcp.TlcpSessionCache;
import io.gmgw.sslvpn.tlcp.message.CertificateMessage;
import io.gmgw.sslvpn.tlcp.message.CertificateRequest;
import io.gmgw.sslvpn.tlcp.message.CertificateVerify;
import io.gmgw.sslvpn.tlcp.message.ClientHello;
import io.gmgw.sslvpn.tlcp.message.ClientKeyExchange;
import io.gmgw.sslvpn.tlcp.message.Extension;
import io.gmgw.sslvpn.tlcp.message.Finished;
import io.gmgw.sslvpn.tlcp.message.HandshakeType;
import io.gmgw.sslvpn.tlcp.message.RawHandshake;
import io.gmgw.sslvpn.tlcp.message.ServerHello;
import io.gmgw.sslvpn.tlcp.message.ServerKeyExchange;
import io.gmgw.sslvpn.tlcp.protocol.AlertDescription;
import io.gmgw.sslvpn.tlcp.protocol.CertificateVerifyVariant;
import io.gmgw.sslvpn.tlcp.protocol.CipherSuite;
import io.gmgw.sslvpn.tlcp.protocol.ProtocolVersion;
import io.gmgw.sslvpn.tlcp.protocol.ServerNameMismatchException;
import io.gmgw.sslvpn.tlcp.protocol.TlcpAlertException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The client side of the TLCP handshake (GM/T 0024 §6.4.5). Sends no hello extension unless told to send SNI:
 * strict TLCP servers (GmSSL 3.x) abort on any extension they do not know.
 */
public final class ClientHandshake implements Handshake {
    private enum State {
        WAIT_SERVER_HELLO, WAIT_CERTIFICATE, WAIT_SERVER_KEY_EXCHANGE, WAIT_CERTIFICATE_REQUEST_OR_DONE,
        WAIT_SERVER_HELLO_DONE, WAIT_CHANGE_CIPHER_SPEC, WAIT_FINISHED, WAIT_RESUMED_CHANGE_CIPHER_SPEC,
        WAIT_RESUMED_FINISHED,
        /** A private-key operation is out ({@link HandshakeOutput#keyOperation}); no message is taken meanwhile. */
        WAIT_KEY_OPERATION, DONE
    }

    private final TlcpConfig config;
    private final HandshakeOutput out;
    private final String peer;
    private final KeySchedule keys;
    private final Transcript transcript;
    private final byte[] userId;
    private State state = State.WAIT_SERVER_HELLO;

    private byte[] clientRandom;
    private byte[] serverRandom;
    private byte[] offeredSessionId = new byte[0];
    private TlcpSessionCache.Entry cached;
    private byte[] sessionId;
    private List<CipherSuite> offeredSuites = List.of();
    private CipherSuite suite;
    private byte[] masterSecret;
    private List<Sm2Certificate> serverCertificates = List.of();
    private Sm2Certificate serverSigning;
    private Sm2Certificate serverEncryption;
    private byte[] serverEncryptionDer;
    private Sm2PublicKey serverEphemeral;
    private CertificateRequest certificateRequest;
    private KeySchedule.TrafficCiphers ciphers;

    /** {@code peer} names the server for the session cache ("host:port"). */
    public ClientHandshake(TlcpConfig config, HandshakeOutput out, String peer) {
        this.config = config;
        this.out = out;
        this.peer = peer;
        this.keys = new KeySchedule(config.module());
        boolean raw = config.certificateVerifyVariant() == CertificateVerifyVariant.RAW_MESSAGES
                && config.credentials() != null;
        this.transcript = new Transcript(config.module().sm3().newDigest(), raw);
        this.userId = config.userId();
    }

    @Override
    public String state() {
        return state.name();
    }

    @Override
    public void start() {
        clientRandom = Handshakes.random(config.module(), 32);
        TlcpSessionCache cache = config.sessionCache();
        if (cache != null && peer != null) {
            Optional<TlcpSessionCache.Entry> e = cache.get(peer);
            if (e.isPresent() && offerableSuites().contains(e.get().suite()) && stillTrusted(e.get())) {
                cached = e.get();
                offeredSessionId = cached.sessionId();
            } else if (e.isPresent()) {
                Arrays.fill(e.get().masterSecret(), (byte) 0);
            }
        }
        offeredSuites = offerableSuites();
        int[] ids = offeredSuites.stream().mapToInt(CipherSuite::id).toArray();
        List<Extension> extensions = config.sendServerName() ? List.of(Extension.serverName(config.serverName().name()))
                : List.of();
        RawHandshake hello = new ClientHello(ProtocolVersion.TLCP_1_1, clientRandom, offeredSessionId, ids,
                new byte[] {0}, extensions).encode();
        transcript.add(hello);
        out.send(hello);
    }

    /** A cached session is offered only while the server's certificates would still pass (not expired or revoked). */
    private boolean stillTrusted(TlcpSessionCache.Entry e) {
        var at = config.clock().instant();
        return config.peerVerifier().verify(e.peerSigningCertificate(), e.peerCertificates(), at,
                CertificatePurpose.SIGNING) instanceof VerificationResult.Valid
                && config.peerVerifier().verify(e.peerEncryptionCertificate(), e.peerCertificates(), at,
                        CertificatePurpose.ENCRYPTION) instanceof VerificationResult.Valid;
    }

    /**
     * The configured suites, without the ECDHE ones when we have no encryption key pair: a server preferring ECDHE
     * would pick one and the handshake could only fail (GM/T 0024 ECDHE needs the client's double certificate). When
     * nothing else is configured they stay, so the failure says what to configure.
     */
    private List<CipherSuite> offerableSuites() {
        TlcpCredentials own = config.credentials();
        if (own != null && own.hasEncryptionPair()) {
            return config.suites();
        }
        List<CipherSuite> usable = config.suites().stream()
                .filter(s -> s.keyExchange() != CipherSuite.KeyExchange.ECDHE).toList();
        return usable.isEmpty() ? config.suites() : usable;
    }

    @Override
    public void receive(RawHandshake m) {
        if (m.type() == HandshakeType.HELLO_REQUEST && state != State.DONE) {
            return; // RFC 4346 §7.4.1.1: ignored while a handshake is under way
        }
        switch (state) {
            case WAIT_SERVER_HELLO -> {
                Handshakes.expect(m, HandshakeType.SERVER_HELLO, "server", state);
                transcript.add(m);
                serverHello(ServerHello.decode(m.body()));
            }
            case WAIT_CERTIFICATE -> {
                Handshakes.expect(m, HandshakeType.CERTIFICATE, "server", state);
                transcript.add(m);
                serverCertificate(CertificateMessage.decode(m.body()));
            }
            case WAIT_SERVER_KEY_EXCHANGE -> {
                Handshakes.expect(m, HandshakeType.SERVER_KEY_EXCHANGE, "server", state);
                transcript.add(m);
                serverKeyExchange(ServerKeyExchange.decode(m.body(), suite));
            }
            case WAIT_CERTIFICATE_REQUEST_OR_DONE -> {
                if (m.type() == HandshakeType.CERTIFICATE_REQUEST) {
                    transcript.add(m);
                    certificateRequest = CertificateRequest.decode(m.body());
                    state = State.WAIT_SERVER_HELLO_DONE;
                } else {
                    Handshakes.expect(m, HandshakeType.SERVER_HELLO_DONE, "server", state);
                    transcript.add(m);
                    serverHelloDone(m);
                }
            }
            case WAIT_SERVER_HELLO_DONE -> {
                Handshakes.expect(m, HandshakeType.SERVER_HELLO_DONE, "server", state);
                transcript.add(m);
                serverHelloDone(m);
            }
            case WAIT_FINISHED -> {
                Handshakes.expect(m, HandshakeType.FINISHED, "server", state);
                checkFinished(Finished.decode(m.body()));
                finish(false);
            }
            case WAIT_RESUMED_FINISHED -> {
                Handshakes.expect(m, HandshakeType.FINISHED, "server", state);
                checkFinished(Finished.decode(m.body()));
                transcript.add(m);
                out.changeCipherSpec(ciphers.clientWrite());
                out.send(new Finished(keys.verifyData(masterSecret, true, transcript.hash())).encode());
                finish(true);
            }
            default -> throw Handshakes.unexpected(m, "server", state);
        }
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

    private void serverHello(ServerHello hello) {
        if (hello.version() != ProtocolVersion.TLCP_1_1) {
            throw new TlcpAlertException(AlertDescription.PROTOCOL_VERSION,
                    "ServerHello version 0x%04X; we offered TLCP 1.1 (0x0101)".formatted(hello.version()));
        }
        Optional<CipherSuite> chosen = CipherSuite.fromId(hello.cipherSuite());
        if (chosen.isEmpty() || !offeredSuites.contains(chosen.get())) {
            throw new TlcpAlertException(AlertDescription.ILLEGAL_PARAMETER,
                    "the server chose cipher suite %04X, which we did not offer".formatted(hello.cipherSuite()));
        }
        if (hello.compressionMethod() != 0) {
            throw new TlcpAlertException(AlertDescription.ILLEGAL_PARAMETER,
                    "the server chose compression method " + hello.compressionMethod() + "; we offered only null");
        }
        for (Extension e : hello.extensions()) {
            // RFC 4366 §2.3: an extension the client did not offer ends the handshake (we offer at most server_name)
            if (!(e.type() == Extension.SERVER_NAME && config.sendServerName())) {
                throw new TlcpAlertException(AlertDescription.UNSUPPORTED_EXTENSION, "the server's hello carries"
                        + " extension " + e.type() + ", which we did not offer" + (config.sendServerName()
                        ? " (we offered only server_name)" : " (we offered none)"));
            }
        }
        suite = chosen.get();
        serverRandom = hello.random();
        sessionId = hello.sessionId();
        if (cached != null && Arrays.equals(offeredSessionId, sessionId)) {
            if (cached.suite() != suite) {
                throw new TlcpAlertException(AlertDescription.ILLEGAL_PARAMETER, "the server resumed session "
                        + java.util.HexFormat.of().formatHex(sessionId) + " with another cipher suite");
            }
            masterSecret = cached.masterSecret();
            serverCertificates = cached.peerCertificates();
            serverSigning = cached.peerSigningCertificate();
            serverEncryption = cached.peerEncryptionCertificate();
            transcript.dropMessages();
            ciphers = keys.trafficCiphers(masterSecret, suite, clientRandom, serverRandom, true);
            out.expectChangeCipherSpec(ciphers.serverWrite());
            state = State.WAIT_RESUMED_CHANGE_CIPHER_SPEC;
            return;
        }
        if (cached != null) {
            Arrays.fill(cached.masterSecret(), (byte) 0);
            config.sessionCache().remove(peer);
            cached = null;
        }
        state = State.WAIT_CERTIFICATE;
    }

    private void serverCertificate(CertificateMessage message) {
        if (message.certificates().isEmpty()) {
            throw new TlcpAlertException(AlertDescription.BAD_CERTIFICATE, "the server sent no certificate");
        }
        List<Sm2Certificate> certs = ServerHandshake.parse(config, message.certificates(), "server");
        try {
            // Told apart by key usage, not position: TASSL sends the encryption certificate last (Tongsuo #203).
            DoubleCertificates pair = DoubleCertificates.select(certs);
            serverSigning = pair.signing();
            serverEncryption = pair.encryption();
        } catch (DoubleCertificateException e) {
            throw new TlcpAlertException(AlertDescription.BAD_CERTIFICATE,
                    "the server's certificates are not a TLCP double certificate: " + e.getMessage());
        }
        serverEncryptionDer = message.certificates().get(certs.indexOf(serverEncryption));
        var at = config.clock().instant();
        CertificateChecks.require(config.peerVerifier().verify(serverSigning, certs, at, CertificatePurpose.SIGNING),
                "server signing");
        CertificateChecks.require(config.peerVerifier().verify(serverEncryption, certs, at,
                CertificatePurpose.ENCRYPTION), "server encryption");
        if (config.serverName() != null && !config.serverName().matches(serverSigning)) {
            throw new ServerNameMismatchException("the server's signing certificate " + serverSigning
                    + " does not name the expected " + config.serverName().describe() + " (it names "
                    + ReferenceIdentity.presentedBy(serverSigning) + (config.serverName().isIpAddress()
                            ? "; an IP address must be an iPAddress subjectAltName" : "")
                    + "); connect by a name the certificate carries, or have the server's certificate reissued");
        }
        serverCertificates = certs;
        state = State.WAIT_SERVER_KEY_EXCHANGE;
    }

    private void serverKeyExchange(ServerKeyExchange ske) {
        byte[] signed;
        if (suite.keyExchange() == CipherSuite.KeyExchange.ECC) {
            signed = ServerKeyExchange.eccSignedData(clientRandom, serverRandom, serverEncryptionDer);
        } else {
            try {
                serverEphemeral = Sm2PublicKey.fromEncoded(ske.point());
            } catch (GmCryptoException | IllegalArgumentException e) {
                throw new TlcpAlertException(AlertDescription.ILLEGAL_PARAMETER,
                        "ServerKeyExchange: the server's ephemeral SM2 point is invalid: " + e.getMessage());
            }
            signed = ServerKeyExchange.ecdheSignedData(clientRandom, serverRandom, ske.parameters());
        }
        if (!config.module().sm2().verify(serverSigning.publicKey(), signed, ske.signature(), userId)) {
            throw new TlcpAlertException(AlertDescription.DECRYPT_ERROR,
                    "the ServerKeyExchange signature does not verify with the key of " + serverSigning);
        }
        state = State.WAIT_CERTIFICATE_REQUEST_OR_DONE;
    }

    private void serverHelloDone(RawHandshake m) {
        if (m.body().length != 0) {
            throw new TlcpAlertException(AlertDescription.DECODE_ERROR, "ServerHelloDone with a non-empty body");
        }
        boolean ecdhe = suite.keyExchange() == CipherSuite.KeyExchange.ECDHE;
        TlcpCredentials own = config.credentials();
        boolean sendsSigning = false;
        if (ecdhe && (certificateRequest == null || own == null || !own.hasEncryptionPair())) {
            throw new TlcpAlertException(AlertDescription.HANDSHAKE_FAILURE, suite + " needs the client's signing and"
                    + " encryption certificates" + (certificateRequest == null ? ", but the server did not ask for them"
                    : "; configure the client's signing and encryption keys and certificates"));
        }
        if (certificateRequest != null) {
            List<byte[]> chain = own == null ? List.of()
                    : ecdhe || config.clientCertificateShape() == ClientCertificateShape.DOUBLE ? own.doubleChain()
                    : own.signingChain();
            RawHandshake cert = new CertificateMessage(chain).encode();
            transcript.add(cert);
            out.send(cert);
            sendsSigning = own != null;
        }
        if (!ecdhe) {
            byte[] preMaster = Handshakes.random(config.module(), KeySchedule.MASTER_SECRET_LENGTH);
            preMaster[0] = (byte) ProtocolVersion.MAJOR;
            preMaster[1] = (byte) ProtocolVersion.MINOR;
            byte[] ct = config.module().sm2().encrypt(serverEncryption.publicKey(), preMaster,
                    Sm2CiphertextFormat.DER_C1C3C2);
            clientKeyExchange(ClientKeyExchange.ecc(ct).encode(), preMaster, sendsSigning);
            return;
        }
        // The client is responder B; its encryption key is the static key (vectors: Kona's master secrets).
        KeyHandle encryptionKey = own.encryptionKey();
        Sm2PublicKey peerStatic = serverEncryption.publicKey();
        Sm2PublicKey peerEphemeral = serverEphemeral;
        byte[] id = userId;
        boolean signs = sendsSigning;
        keyOperation(new PendingKeyOperation<Agreement>("SM2 key agreement (ECDHE) with key "
                + encryptionKey.description(), encryptionKey.mayBlock(), () -> {
                    Sm2KeyExchange kx = encryptionKey.keyExchange(Sm2KeyExchange.Role.RESPONDER, id);
                    byte[] point = kx.ephemeralPublicKey().encoded();
                    return new Agreement(point, kx.agree(peerStatic, peerEphemeral, id,
                            KeySchedule.MASTER_SECRET_LENGTH));
                }, a -> clientKeyExchange(ClientKeyExchange.ecdhe(a.point()).encode(), a.preMaster(), signs),
                a -> Arrays.fill(a.preMaster(), (byte) 0)));
    }

    /** Our half of an ECDHE exchange, made off the engine's thread: the point to send and the pre-master secret. */
    private record Agreement(byte[] point, byte[] preMaster) {
    }

    private void keyOperation(PendingKeyOperation<?> operation) {
        state = State.WAIT_KEY_OPERATION;
        out.keyOperation(operation);
    }

    /** Sends ClientKeyExchange, derives the keys (wiping the pre-master secret), then signs CertificateVerify. */
    private void clientKeyExchange(RawHandshake cke, byte[] preMaster, boolean sendsSigning) {
        transcript.add(cke);
        out.send(cke);
        masterSecret = keys.masterSecret(preMaster, clientRandom, serverRandom);
        Arrays.fill(preMaster, (byte) 0);
        if (!sendsSigning) {
            finishFlight();
            return;
        }
        byte[] input = config.certificateVerifyVariant() == CertificateVerifyVariant.RAW_MESSAGES
                ? transcript.messages() : transcript.hash();
        KeyHandle signingKey = config.credentials().signingKey();
        byte[] id = userId;
        keyOperation(Handshakes.keyOperation("SM2 signature of the CertificateVerify", signingKey,
                () -> signingKey.sign(input, id), signature -> {
                    RawHandshake cv = new CertificateVerify(signature).encode();
                    transcript.add(cv);
                    out.send(cv);
                    finishFlight();
                }));
    }

    /** ChangeCipherSpec and Finished close our flight. */
    private void finishFlight() {
        transcript.dropMessages();
        ciphers = keys.trafficCiphers(masterSecret, suite, clientRandom, serverRandom, true);
        out.changeCipherSpec(ciphers.clientWrite());
        RawHandshake finished = new Finished(keys.verifyData(masterSecret, true, transcript.hash())).encode();
        transcript.add(finished);
        out.send(finished);
        out.expectChangeCipherSpec(ciphers.serverWrite());
        state = State.WAIT_CHANGE_CIPHER_SPEC;
    }

    private void checkFinished(Finished finished) {
        byte[] expected = keys.verifyData(masterSecret, false, transcript.hash());
        if (!MessageDigest.isEqual(expected, finished.verifyData())) {
            throw new TlcpAlertException(AlertDescription.DECRYPT_ERROR,
                    "the server's Finished does not match: the handshake was altered or the keys differ");
        }
    }

    private void finish(boolean resumed) {
        state = State.DONE;
        TlcpSessionCache cache = config.sessionCache();
        if (cache != null && peer != null && !resumed && sessionId.length > 0) {
            cache.put(peer, new TlcpSessionCache.Entry(sessionId, suite, masterSecret, serverCertificates,
                    serverSigning, serverEncryption, config.clock().instant()));
        }
        Arrays.fill(masterSecret, (byte) 0);
        masterSecret = null;
        keys.destroy();
        List<Sm2Certificate> peerCerts = new ArrayList<>(serverCertificates);
        out.complete(new TlcpSession(sessionId, suite, peerCerts, serverSigning, serverEncryption, resumed,
                config.clock().instant(), null));
    }

    @Override
    public void abandon() {
        if (masterSecret != null) {
            Arrays.fill(masterSecret, (byte) 0);
        }
        keys.destroy();
    }
}
