package io.gmgw.sslvpn.tlcp;

import io.gmgw.audit.Audit;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.pki.CertificateCache;
import io.gmgw.crypto.pki.CertificateVerifier;
import io.gmgw.crypto.pki.ReferenceIdentity;
import io.gmgw.crypto.pki.RevocationPolicy;
import io.gmgw.crypto.pki.Sm2Certificate;
import io.gmgw.crypto.pki.VerificationResult;
import io.gmgw.crypto.sm2.Sm2;
import io.gmgw.sslvpn.tlcp.message.CertificateMessage;
import io.gmgw.sslvpn.tlcp.message.CertificateRequest;
import io.gmgw.sslvpn.tlcp.message.RawHandshake;
import io.gmgw.sslvpn.tlcp.protocol.CertificateVerifyVariant;
import io.gmgw.sslvpn.tlcp.protocol.CipherSuite;
import io.gmgw.sslvpn.tlcp.record.RecordLayer;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Everything a TLCP endpoint needs, immutable and shared by all its connections. Built with {@link #server} or
 * {@link #client}; {@code build()} checks that the parts fit together and says what is missing.
 */
public final class TlcpConfig {
    private final CryptoModule module;
    private final boolean server;
    private final List<CipherSuite> suites;
    private final TlcpCredentials credentials;
    private final Supplier<CertificateVerifier> peerVerifier;
    private final boolean clientRevocationCheckWaived;
    private final ClientAuth clientAuth;
    private final boolean acceptRawCertificateVerify;
    private final CertificateVerifyVariant certificateVerifyVariant;
    private final ClientCertificateShape clientCertificateShape;
    private final ReferenceIdentity serverName;
    private final boolean sendServerName;
    private final TlcpSessionCache sessionCache;
    private final Duration handshakeTimeout;
    private final int maxHandshakeMessageLength;
    private final int maxWriteFragment;
    private final boolean coalesceHandshakeMessages;
    private final byte[] userId;
    private final Clock clock;
    private final Audit audit;
    private final CertificateCache peerCertificates;
    private final KeyOperationExecutor keyOperationExecutor;
    private final RawHandshake serverCertificateMessage;
    private final RawHandshake certificateRequestMessage;

    private TlcpConfig(Builder b) {
        this.module = b.module;
        this.server = b.server;
        this.suites = List.copyOf(b.suites);
        this.credentials = b.credentials;
        this.peerVerifier = b.peerVerifier;
        this.clientRevocationCheckWaived = b.clientRevocationCheckWaived;
        this.clientAuth = b.clientAuth;
        this.acceptRawCertificateVerify = b.acceptRawCertificateVerify;
        this.certificateVerifyVariant = b.certificateVerifyVariant;
        this.clientCertificateShape = b.clientCertificateShape;
        this.serverName = b.serverName;
        this.sendServerName = b.sendServerName;
        this.sessionCache = b.sessionCache;
        this.handshakeTimeout = b.handshakeTimeout;
        this.maxHandshakeMessageLength = b.maxHandshakeMessageLength;
        this.maxWriteFragment = b.maxWriteFragment;
        this.coalesceHandshakeMessages = b.coalesceHandshakeMessages;
        this.userId = b.userId.clone();
        this.clock = b.clock == null ? b.module.clock() : b.clock;
        this.audit = b.audit;
        this.peerCertificates = CertificateCache.withCapacity(b.peerCertificateCache);
        this.keyOperationExecutor = b.keyOperationExecutor;
        // The same for every handshake of a server: encoded once here, not per connection.
        this.serverCertificateMessage = server ? new CertificateMessage(credentials.doubleChain()).encode() : null;
        this.certificateRequestMessage = server && peerVerifier != null ? certificateRequest(peerVerifier.get())
                : null;
    }

    /** CertificateRequest for SM2 signing certificates (ecdsa_sign), naming the trust anchors as acceptable CAs. */
    private static RawHandshake certificateRequest(CertificateVerifier verifier) {
        List<byte[]> names = new ArrayList<>();
        for (Sm2Certificate anchor : verifier.trustAnchors()) {
            try {
                names.add(anchor.subject().getEncoded(org.bouncycastle.asn1.ASN1Encoding.DER));
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot DER-encode the subject name of trust anchor " + anchor
                        + " for the CertificateRequest message: " + e.getMessage(), e);
            }
        }
        return new CertificateRequest(new byte[] {(byte) CertificateRequest.ECDSA_SIGN}, names).encode();
    }

    public static Builder server(CryptoModule module, TlcpCredentials credentials) {
        Builder b = new Builder(module, true);
        b.credentials = Objects.requireNonNull(credentials, "server credentials");
        return b;
    }

    public static Builder client(CryptoModule module, CertificateVerifier serverVerifier) {
        Builder b = new Builder(module, false);
        Objects.requireNonNull(serverVerifier, "the verifier for the server's certificates");
        b.peerVerifier = () -> serverVerifier;
        return b;
    }

    public CryptoModule module() {
        return module;
    }

    public boolean isServer() {
        return server;
    }

    public List<CipherSuite> suites() {
        return suites;
    }

    public TlcpCredentials credentials() {
        return credentials;
    }

    /**
     * A server's Certificate message (signing certificate, encryption certificate, chain), encoded once and sent by
     * every full handshake; null for a client. Shared: its arrays are only to be read.
     */
    public RawHandshake serverCertificateMessage() {
        return serverCertificateMessage;
    }

    /**
     * A server's CertificateRequest message, encoded once, when it has client-certificate trust anchors; else null.
     * Shared: its arrays are only to be read.
     */
    public RawHandshake certificateRequestMessage() {
        return certificateRequestMessage;
    }

    /**
     * How the peer's certificates are checked now: for a server whose CRLs are reloaded ({@link
     * Builder#clientVerifierSource}), the verifier with the newest CRLs, so that each new handshake uses them. Null
     * when a server has no client-certificate trust anchors.
     */
    public CertificateVerifier peerVerifier() {
        return peerVerifier == null ? null : peerVerifier.get();
    }

    /** Server: true when it asks for client certificates but was told not to check them for revocation. */
    public boolean clientRevocationCheckWaived() {
        return clientRevocationCheckWaived;
    }

    /**
     * Server: whether it asks for client certificates: it has trust anchors for them, and requires or wants them, or
     * offers an ECDHE suite (which always asks).
     */
    public boolean asksForClientCertificates() {
        return server && peerVerifier != null && (clientAuth != ClientAuth.NONE
                || suites.stream().anyMatch(s -> s.keyExchange() == CipherSuite.KeyExchange.ECDHE));
    }

    public ClientAuth clientAuth() {
        return clientAuth;
    }

    public boolean acceptRawCertificateVerify() {
        return acceptRawCertificateVerify;
    }

    public CertificateVerifyVariant certificateVerifyVariant() {
        return certificateVerifyVariant;
    }

    public ClientCertificateShape clientCertificateShape() {
        return clientCertificateShape;
    }

    /** Client: the name the server's certificate must carry, or null when no name is checked. */
    public ReferenceIdentity serverName() {
        return serverName;
    }

    public boolean sendServerName() {
        return sendServerName;
    }

    public TlcpSessionCache sessionCache() {
        return sessionCache;
    }

    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    public int maxHandshakeMessageLength() {
        return maxHandshakeMessageLength;
    }

    public int maxWriteFragment() {
        return maxWriteFragment;
    }

    public boolean coalesceHandshakeMessages() {
        return coalesceHandshakeMessages;
    }

    public byte[] userId() {
        return userId.clone();
    }

    /**
     * Where the handler records each handshake ({@code tlcp.handshake}: the peer's certificate, or the alert and
     * why), or null for none. It is called on the event loop, so it should not wait for a disk: give it an
     * {@link io.gmgw.audit.AsyncAuditSink}.
     */
    public Audit audit() {
        return audit;
    }

    public Clock clock() {
        return clock;
    }

    /** Where the peers' certificates are parsed, and found again when a peer returns with the same ones. */
    public CertificateCache peerCertificates() {
        return peerCertificates;
    }

    /**
     * Where the Netty handler runs key operations that may block ({@link KeyOperation#mayBlock()}: keys in a token),
     * or null to run every key operation on the event loop. Operations of software keys run on the event loop either
     * way (a fraction of a millisecond of CPU, cheaper than two thread hand-overs).
     */
    public KeyOperationExecutor keyOperationExecutor() {
        return keyOperationExecutor;
    }

    public static final class Builder {
        private final CryptoModule module;
        private final boolean server;
        private List<CipherSuite> suites = CipherSuite.DEFAULT_ORDER;
        private TlcpCredentials credentials;
        private Supplier<CertificateVerifier> peerVerifier;
        private boolean clientRevocationCheckWaived;
        private ClientAuth clientAuth = ClientAuth.NONE;
        private boolean acceptRawCertificateVerify = true;
        private CertificateVerifyVariant certificateVerifyVariant = CertificateVerifyVariant.HASH_OF_MESSAGES;
        private ClientCertificateShape clientCertificateShape = ClientCertificateShape.DOUBLE;
        private ReferenceIdentity serverName;
        private boolean sendServerName;
        private TlcpSessionCache sessionCache;
        private Duration handshakeTimeout = Duration.ofSeconds(30);
        private int maxHandshakeMessageLength = 64 * 1024;
        private int maxWriteFragment = RecordLayer.MAX_PLAINTEXT;
        private boolean coalesceHandshakeMessages;
        private byte[] userId = Sm2.defaultUserId();
        private Clock clock;
        private Audit audit;
        private int peerCertificateCache = CertificateCache.DEFAULT_CAPACITY;
        private KeyOperationExecutor keyOperationExecutor;

        private Builder(CryptoModule module, boolean server) {
            this.module = Objects.requireNonNull(module, "crypto module");
            this.server = server;
        }

        /** Suites in preference order (the server picks its first one the client offers). */
        public Builder suites(List<CipherSuite> list) {
            if (list.isEmpty()) {
                throw new IllegalArgumentException("at least one cipher suite is needed");
            }
            this.suites = List.copyOf(list);
            return this;
        }

        /** Client: its certificates for servers that ask. */
        public Builder credentials(TlcpCredentials c) {
            this.credentials = c;
            return this;
        }

        /**
         * Server: how client certificates are checked (trust anchors, CRLs). A server that asks for client
         * certificates needs a verifier that requires revocation checking and holds a current CRL of every trust
         * anchor, unless {@link #withoutClientRevocationCheck()} says otherwise ({@link #build()} checks).
         */
        public Builder clientVerifier(CertificateVerifier verifier) {
            this.peerVerifier = verifier == null ? null : () -> verifier;
            return this;
        }

        /**
         * Server: as {@link #clientVerifier(CertificateVerifier)}, asked again for every handshake, so that new CRLs
         * ({@link io.gmgw.crypto.pki.CrlReloader}) apply to new connections without a restart. Every verifier it
         * hands out must have the same trust anchors (the CertificateRequest names them once).
         */
        public Builder clientVerifierSource(Supplier<CertificateVerifier> source) {
            this.peerVerifier = source;
            return this;
        }

        /**
         * Server: accept client certificates without checking them for revocation, a revoked one included. Without
         * this, a server that asks for client certificates refuses to be built without CRLs (fail closed).
         */
        public Builder withoutClientRevocationCheck() {
            this.clientRevocationCheckWaived = true;
            return this;
        }

        public Builder clientAuth(ClientAuth auth) {
            this.clientAuth = Objects.requireNonNull(auth);
            return this;
        }

        /** Server: accept GmSSL's CertificateVerify over the raw messages as well as the standard one (default on). */
        public Builder acceptRawCertificateVerify(boolean accept) {
            this.acceptRawCertificateVerify = accept;
            return this;
        }

        /** Client: what our CertificateVerify signs (the standard hash unless a peer needs GmSSL's variant). */
        public Builder certificateVerifyVariant(CertificateVerifyVariant v) {
            this.certificateVerifyVariant = Objects.requireNonNull(v);
            return this;
        }

        public Builder clientCertificateShape(ClientCertificateShape shape) {
            this.clientCertificateShape = Objects.requireNonNull(shape);
            return this;
        }

        /**
         * Client: the name the server's signing certificate must carry (a DNS name or an IP address, matched as
         * {@link ReferenceIdentity} says; null checks no name); {@code send} also puts it in SNI, which RFC 6066 §3
         * allows for DNS names only, so an IP address is never sent.
         */
        public Builder serverName(String name, boolean send) {
            this.serverName = name == null ? null : ReferenceIdentity.of(name);
            this.sendServerName = send && serverName != null && !serverName.isIpAddress();
            return this;
        }

        public Builder sessionCache(TlcpSessionCache cache) {
            this.sessionCache = cache;
            return this;
        }

        public Builder handshakeTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("handshake timeout must be positive, not " + timeout);
            }
            this.handshakeTimeout = timeout;
            return this;
        }

        public Builder maxHandshakeMessageLength(int max) {
            if (max < 1024) {
                throw new IllegalArgumentException("a handshake message limit below 1024 bytes cannot carry a certificate");
            }
            this.maxHandshakeMessageLength = max;
            return this;
        }

        /** Largest record we write for handshake messages (tests use small values to split messages). */
        public Builder maxWriteFragment(int max) {
            if (max < 1 || max > RecordLayer.MAX_PLAINTEXT) {
                throw new IllegalArgumentException("fragment size " + max + " is outside 1.." + RecordLayer.MAX_PLAINTEXT);
            }
            this.maxWriteFragment = max;
            return this;
        }

        /**
         * Packs a flight's handshake messages into shared records. Legal TLS, but gm-jsse cannot read it, so off by
         * default (tests use it to prove our side reads coalesced messages).
         */
        public Builder coalesceHandshakeMessages(boolean coalesce) {
            this.coalesceHandshakeMessages = coalesce;
            return this;
        }

        public Builder userId(byte[] id) {
            this.userId = id.clone();
            return this;
        }

        /** Records every handshake of connections made with this configuration ({@link TlcpConfig#audit()}). */
        public Builder audit(Audit a) {
            this.audit = a;
            return this;
        }

        /** Time for certificate checks and session expiry (default: the crypto module's clock). */
        public Builder clock(Clock c) {
            this.clock = c;
            return this;
        }

        /**
         * How many of the peers' certificates to keep parsed (default {@value CertificateCache#DEFAULT_CAPACITY}, about
         * 10 KiB each at most; 0 parses every certificate of every handshake). A returning client's double certificate
         * and CA then cost no ASN.1 decoding, and verifying its CertificateVerify reuses the tables Bouncy Castle built
         * for its key the first time. Shared by every connection using this configuration; only parsing is saved, the
         * verifier still checks every certificate on every handshake.
         */
        public Builder peerCertificateCache(int entries) {
            if (entries < 0) {
                throw new IllegalArgumentException("the peer certificate cache cannot hold " + entries + " entries");
            }
            this.peerCertificateCache = entries;
            return this;
        }

        /**
         * Runs the private-key operations of keys that may block (tokens, HSMs) on {@code executor} instead of the
         * event loop ({@link TlcpConfig#keyOperationExecutor()}); null (the default) runs them on the event loop.
         */
        public Builder keyOperationExecutor(KeyOperationExecutor executor) {
            this.keyOperationExecutor = executor;
            return this;
        }

        public TlcpConfig build() {
            if (server) {
                if (!credentials.hasEncryptionPair()) {
                    throw new IllegalArgumentException("a TLCP server needs its encryption key and certificate as well"
                            + " as its signing pair (GM/T 0024 double certificates)");
                }
                ServerKeyCheck.check(module, credentials, suites);
                if (clientAuth != ClientAuth.NONE && peerVerifier == null) {
                    throw new IllegalArgumentException("client authentication '" + clientAuth.name().toLowerCase()
                            + "' needs trust anchors for client certificates");
                }
            }
            TlcpConfig config = new TlcpConfig(this);
            if (config.asksForClientCertificates() && !clientRevocationCheckWaived) {
                requireRevocationChecking(config.peerVerifier(), config.clock().instant());
            }
            return config;
        }

        /**
         * Fail closed: a server that asks for client certificates must check them for revocation, with a current,
         * authentic CRL of every trust anchor (the CRLs of the CAs under them are required per handshake).
         */
        private static void requireRevocationChecking(CertificateVerifier verifier, java.time.Instant now) {
            if (verifier.revocationPolicy() != RevocationPolicy.REQUIRE) {
                throw new IllegalArgumentException("a TLCP server that asks for client certificates must check them "
                        + "for revocation: give it a verifier with RevocationPolicy.REQUIRE and the CAs' CRLs, or "
                        + "call withoutClientRevocationCheck() to accept revoked certificates");
            }
            for (Sm2Certificate anchor : verifier.trustAnchors()) {
                Optional<VerificationResult.Invalid> problem = verifier.crlProblem(anchor, now);
                if (problem.isPresent()) {
                    throw new IllegalArgumentException("client certificates cannot be checked for revocation: trust "
                            + "anchor " + anchor + ": " + problem.get().reason() + ": " + problem.get().message());
                }
            }
        }
    }
}
