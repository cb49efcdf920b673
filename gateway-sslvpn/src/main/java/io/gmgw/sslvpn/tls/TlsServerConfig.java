package io.gmgw.sslvpn.tls;

import io.gmgw.audit.Audit;
import io.gmgw.sslvpn.tlcp.ClientAuth;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;

/**
 * Everything a TLS server endpoint needs, immutable and shared by all its connections: the server's key and chain
 * (ECDSA or RSA), the versions (TLS 1.3 and 1.2 by default), the suites in preference order, whether client
 * certificates are asked for, how they are verified (a supplier, so a CRL reload takes effect at the next
 * handshake), the handshake timeout and the crypto.
 */
public final class TlsServerConfig {
    /** The versions a server speaks unless told otherwise: TLS 1.3, then 1.2 (RFC 8996 retired the older ones). */
    public static final List<String> DEFAULT_VERSIONS = List.of("TLSv1.3", "TLSv1.2");

    private final PrivateKey key;
    private final List<X509Certificate> chain;
    private final TlsCipherSuite.KeyType keyType;
    private final ProtocolVersion[] versions;
    private final List<TlsCipherSuite> suites;
    private final ClientAuth clientAuth;
    private final Supplier<ClientCertificateVerifier> clientVerifier;
    private final Duration handshakeTimeout;
    private final JcaTlsCrypto crypto;
    private final Clock clock;
    private final Audit audit;

    private TlsServerConfig(Builder b) {
        this.key = b.key;
        this.chain = b.chain;
        this.keyType = b.keyType;
        this.versions = b.versions;
        this.suites = b.suites;
        this.clientAuth = b.clientAuth;
        this.clientVerifier = b.clientVerifier;
        this.handshakeTimeout = b.handshakeTimeout;
        this.crypto = b.crypto != null ? b.crypto
                : TlsCryptoProviders.jdkFirst(b.random != null ? b.random : new SecureRandom());
        this.clock = b.clock;
        this.audit = b.audit;
    }

    /** A server with {@code key} and its certificate chain (end entity first). */
    public static Builder server(PrivateKey key, List<X509Certificate> chain) {
        return new Builder(key, chain);
    }

    PrivateKey key() {
        return key;
    }

    public List<X509Certificate> chain() {
        return chain;
    }

    public TlsCipherSuite.KeyType keyType() {
        return keyType;
    }

    ProtocolVersion[] versions() {
        return versions.clone();
    }

    public List<TlsCipherSuite> suites() {
        return suites;
    }

    public ClientAuth clientAuth() {
        return clientAuth;
    }

    /** The verifier for this handshake (the newest CRLs); null when no client certificates are asked for. */
    public ClientCertificateVerifier clientVerifier() {
        return clientVerifier == null ? null : clientVerifier.get();
    }

    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    public JcaTlsCrypto crypto() {
        return crypto;
    }

    public Clock clock() {
        return clock;
    }

    /** Where every handshake is recorded ({@code tls.handshake}); null: not recorded (tests, diagnostics). */
    public Audit audit() {
        return audit;
    }

    public static final class Builder {
        private final PrivateKey key;
        private final List<X509Certificate> chain;
        private final TlsCipherSuite.KeyType keyType;
        private ProtocolVersion[] versions = {ProtocolVersion.TLSv13, ProtocolVersion.TLSv12};
        private List<TlsCipherSuite> suites;
        private ClientAuth clientAuth = ClientAuth.NONE;
        private Supplier<ClientCertificateVerifier> clientVerifier;
        private Duration handshakeTimeout = Duration.ofSeconds(30);
        private SecureRandom random;
        private JcaTlsCrypto crypto;
        private Clock clock = Clock.systemUTC();
        private Audit audit;

        private Builder(PrivateKey key, List<X509Certificate> chain) {
            this.key = Objects.requireNonNull(key, "server private key");
            if (chain == null || chain.isEmpty()) {
                throw new IllegalArgumentException("the TLS server needs its certificate (chain), end entity first");
            }
            this.chain = List.copyOf(chain);
            X509Certificate ee = chain.getFirst();
            if (key instanceof ECKey && ee.getPublicKey() instanceof ECKey) {
                this.keyType = TlsCipherSuite.KeyType.EC;
            } else if (key instanceof RSAKey && ee.getPublicKey() instanceof RSAKey) {
                this.keyType = TlsCipherSuite.KeyType.RSA;
            } else {
                throw new IllegalArgumentException("the TLS server key is " + key.getAlgorithm()
                        + " and its certificate's key is " + ee.getPublicKey().getAlgorithm()
                        + "; both must be EC (ECDSA) or both RSA: give the certificate that belongs to the key");
            }
        }

        /** Versions by their usual names, {@code TLSv1.3} and/or {@code TLSv1.2}, in any order. */
        public Builder versions(List<String> names) {
            if (names.isEmpty()) {
                throw new IllegalArgumentException("no TLS version given: use TLSv1.3 and/or TLSv1.2");
            }
            boolean v13 = false;
            boolean v12 = false;
            for (String n : names) {
                switch (n) {
                    case "TLSv1.3" -> v13 = true;
                    case "TLSv1.2" -> v12 = true;
                    default -> throw new IllegalArgumentException("TLS version '" + n
                            + "' is not offered: use TLSv1.3 and/or TLSv1.2");
                }
            }
            this.versions = v13 && v12 ? new ProtocolVersion[] {ProtocolVersion.TLSv13, ProtocolVersion.TLSv12}
                    : new ProtocolVersion[] {v13 ? ProtocolVersion.TLSv13 : ProtocolVersion.TLSv12};
            return this;
        }

        /**
         * The suites offered, by IANA name in preference order ({@code tls.suites}); those that need the other key
         * type than the server's (an ECDSA suite for an RSA key) are left out. Without this call: every suite for the
         * server's key, {@link TlsCipherSuite}'s order.
         *
         * @throws IllegalArgumentException a name gmgw does not offer, or a list with no suite for the server's key
         */
        public Builder suites(List<String> names) {
            List<TlsCipherSuite> usable = new ArrayList<>();
            for (String n : names) {
                TlsCipherSuite s = TlsCipherSuite.byName(n).orElseThrow(() -> new IllegalArgumentException(
                        "suite '" + n + "' is not one gmgw offers; write one of " + names(TlsCipherSuite.forServerKey(
                        keyType))));
                if ((s.keyType() == TlsCipherSuite.KeyType.ANY || s.keyType() == keyType) && !usable.contains(s)) {
                    usable.add(s);
                }
            }
            if (usable.isEmpty()) {
                throw new IllegalArgumentException("no listed suite works with this " + keyType + " server key ("
                        + String.join(", ", names) + " need " + (keyType == TlsCipherSuite.KeyType.EC ? "an RSA"
                        : "an ECDSA") + " key); add one of " + names(TlsCipherSuite.forServerKey(keyType)));
            }
            this.suites = List.copyOf(usable);
            return this;
        }

        private static String names(List<TlsCipherSuite> suites) {
            return String.join(", ", suites.stream().map(Enum::name).toList());
        }

        /** Ask for client certificates (WANT) or require them (NEED); they are checked by {@code verifier}. */
        public Builder clientAuth(ClientAuth clientAuth, Supplier<ClientCertificateVerifier> verifier) {
            this.clientAuth = Objects.requireNonNull(clientAuth, "client auth");
            this.clientVerifier = verifier;
            return this;
        }

        /** As {@link #clientAuth(ClientAuth, Supplier)} with a verifier that does not change. */
        public Builder clientAuth(ClientAuth clientAuth, ClientCertificateVerifier verifier) {
            Objects.requireNonNull(verifier, "client certificate verifier");
            return clientAuth(clientAuth, () -> verifier);
        }

        public Builder handshakeTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("handshake timeout must be positive, not " + timeout);
            }
            this.handshakeTimeout = timeout;
            return this;
        }

        /** The randomness for keys and nonces (the crypto module's DRBG); the JDK's default when not given. */
        public Builder random(SecureRandom random) {
            this.random = random;
            return this;
        }

        /** Other TLS crypto than the JDK-first default (the benchmark's Bouncy Castle comparison). */
        public Builder crypto(JcaTlsCrypto crypto) {
            this.crypto = crypto;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Records every handshake ({@code tls.handshake}: the client's certificate on success, the alert on failure);
         * a handshake whose record cannot be written is refused, as TLCP's are.
         */
        public Builder audit(Audit audit) {
            this.audit = audit;
            return this;
        }

        public TlsServerConfig build() {
            if (suites == null) {
                suites = TlsCipherSuite.forServerKey(keyType);
            }
            for (ProtocolVersion v : versions) {
                // TLS 1.3's suites work with any key; TLS 1.2's name the key type (RFC 5289, RFC 7905)
                boolean tls13 = ProtocolVersion.TLSv13.equals(v);
                String name = tls13 ? "TLSv1.3" : "TLSv1.2";
                if (suites.stream().noneMatch(s -> (s.keyType() == TlsCipherSuite.KeyType.ANY) == tls13)) {
                    List<TlsCipherSuite> forIt = TlsCipherSuite.forServerKey(keyType).stream()
                            .filter(s -> (s.keyType() == TlsCipherSuite.KeyType.ANY) == tls13).toList();
                    throw new IllegalArgumentException("no listed suite serves " + name + " with this " + keyType
                            + " server key, so " + name + " clients could not connect; add one of " + names(forIt)
                            + " to the suites, or remove " + name + " from the protocols");
                }
            }
            if (clientAuth != ClientAuth.NONE && clientVerifier == null) {
                throw new IllegalArgumentException("client certificates are " + (clientAuth == ClientAuth.NEED
                        ? "required" : "asked for") + " but no trust anchors are configured to verify them");
            }
            return new TlsServerConfig(this);
        }
    }
}
