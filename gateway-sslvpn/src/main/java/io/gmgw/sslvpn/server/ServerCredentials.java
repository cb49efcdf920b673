package io.gmgw.sslvpn.server;

import io.gmgw.audit.Audit;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.key.KeyLoadException;
import io.gmgw.crypto.key.SecretSources;
import io.gmgw.crypto.pki.Sm2Certificate;
import io.gmgw.gateway.GatewayException;
import io.gmgw.gateway.config.GatewayConfig;
import io.gmgw.gateway.config.TlcpSettings;
import io.gmgw.gateway.config.TlsSettings;
import io.gmgw.gateway.keys.EndpointKeys;
import io.gmgw.sslvpn.tlcp.ClientAuth;
import io.gmgw.sslvpn.tlcp.KeyOperationExecutor;
import io.gmgw.sslvpn.tlcp.TlcpConfig;
import io.gmgw.sslvpn.tlcp.TlcpCredentials;
import io.gmgw.sslvpn.tlcp.TlcpSessionCache;
import io.gmgw.sslvpn.tlcp.protocol.CipherSuite;
import io.gmgw.sslvpn.tls.TlsPemFiles;
import io.gmgw.sslvpn.tls.TlsServerConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The gateway's own keys and the secure-channel configurations made from them: the TLCP double certificate through
 * gateway-core's {@link EndpointKeys} (key files or token objects, PINs from the configured secret sources), with a
 * {@link KeyOperationExecutor} so token keys sign and decrypt off the event loops; the TLS key and chain from PEM files.
 * Closing wipes the software keys, returns the token sessions and stops the key threads.
 */
final class ServerCredentials implements AutoCloseable {
    /** Token key operations at once (a token serialises per session), and how many more handshakes may wait. */
    static final int KEY_THREADS = 4;
    static final int KEY_QUEUE = 64;

    private final CryptoModule module;
    private final Audit audit;
    private final TlcpCredentials tlcp;
    private final KeyOperationExecutor keyOperations;

    private ServerCredentials(CryptoModule module, Audit audit, TlcpCredentials tlcp, KeyOperationExecutor keys) {
        this.module = module;
        this.audit = audit;
        this.tlcp = tlcp;
        this.keyOperations = keys;
    }

    /** Opens the TLCP keys when TLCP is on; errors name the configuration key ({@code FILE:LINE:COL: tlcp.sign-key}). */
    static ServerCredentials open(CryptoModule module, GatewayConfig config, Audit audit) throws IOException {
        TlcpSettings s = config.tlcp();
        if (!s.enabled()) {
            return new ServerCredentials(module, audit, null, null);
        }
        EndpointKeys keys = EndpointKeys.open(module, s.signKeyReference(), s.encKeyReference(),
                s.chain().orElse(null), "tlcp.chain");
        TlcpCredentials credentials;
        try {
            if (!keys.hasEncryptionKey()) {
                throw new GatewayException(GatewayException.Kind.CONFIG, "tlcp.enc-key: TLCP needs the encryption key "
                        + "and certificate beside the signing ones (GM/T 0024 double certificate)");
            }
            credentials = new TlcpCredentials(keys.signingKey(), keys.signingCertificate(), keys.encryptionKey(),
                    keys.encryptionCertificate(), keys.chain());
        } catch (RuntimeException e) {
            keys.close();
            throw e;
        }
        return new ServerCredentials(module, audit, credentials, KeyOperationExecutor.threads(KEY_THREADS, KEY_QUEUE));
    }

    /** The TLCP server's CA certificates (sent after its double certificate); empty without TLCP. */
    List<Sm2Certificate> tlcpChain() {
        return tlcp == null ? List.of() : tlcp.chain();
    }

    /** The TLCP server configuration, or null when TLCP is off. Clients must show a certificate (NEED). */
    TlcpConfig tlcpConfig(GatewayConfig config, ClientTrust trust) {
        if (tlcp == null) {
            return null;
        }
        TlcpSettings s = config.tlcp();
        if (trust.tlcpVerifier() == null) {
            throw new GatewayException(GatewayException.Kind.CONFIG, "clients.trust holds no SM2 CA certificate, so no "
                    + "TLCP client could log in: list the CA that issues the users' SM2 certificates, or set "
                    + "tlcp.enabled: false");
        }
        TlcpConfig.Builder b = TlcpConfig.server(module, tlcp)
                .suites(s.suites().stream().map(CipherSuite::parse).toList())
                .clientAuth(ClientAuth.NEED).clientVerifierSource(trust.tlcpVerifier())
                .handshakeTimeout(config.listen().handshakeTimeout()).audit(audit).clock(module.clock())
                .keyOperationExecutor(keyOperations);
        if (s.sessionCacheSize() > 0) {
            b.sessionCache(new TlcpSessionCache(s.sessionCacheSize(), s.sessionLifetime(), module.clock()));
        }
        if (!trust.revocationCheck()) {
            b.withoutClientRevocationCheck();
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new GatewayException(GatewayException.Kind.CONFIG, "tlcp: " + e.getMessage(), e);
        }
    }

    /** The TLS server configuration, or null when TLS is off. Clients must show a certificate (NEED). */
    TlsServerConfig tlsConfig(GatewayConfig config, ClientTrust trust) throws IOException {
        TlsSettings s = config.tls();
        if (!s.enabled()) {
            return null;
        }
        if (trust.tlsVerifier() == null) {
            throw new GatewayException(GatewayException.Kind.CONFIG, "clients.trust holds no ECDSA or RSA CA "
                    + "certificate, so no TLS client could log in: list the CA of the users' TLS certificates, or set "
                    + "tls.enabled: false");
        }
        Path keyFile = s.key().orElseThrow();
        // the password is read only when the key turns out encrypted (as TLCP's key files)
        PrivateKey key;
        try {
            key = TlsPemFiles.privateKey(keyFile, s.keyPasswordSource()
                    .map(src -> SecretSources.parse(src, "Password for tls.key")).orElse(null));
        } catch (KeyLoadException e) {
            // as the TLCP keys: a password problem is a refusal (exit 77), the message names the key's setting
            throw new KeyLoadException(e.reason(), "tls.key-password: " + e.getMessage(), e);
        }
        List<X509Certificate> chain = TlsPemFiles.certificates(s.certificateChain().orElseThrow());
        try {
            return TlsServerConfig.server(key, chain).versions(s.protocols()).suites(s.suites())
                    .clientAuth(io.gmgw.sslvpn.tlcp.ClientAuth.NEED, trust.tlsVerifier())
                    .handshakeTimeout(config.listen().handshakeTimeout()).random(module.random())
                    .clock(module.clock()).audit(audit).build();
        } catch (IllegalArgumentException e) {
            throw new GatewayException(GatewayException.Kind.CONFIG, "tls (" + keyFile + "): " + e.getMessage(), e);
        }
    }

    /** For the start record: the TLCP signing certificate's subject and serial. */
    String describe() {
        return tlcp == null ? "TLS only" : tlcp.signingCertificate().subject() + " (serial "
                + tlcp.signingCertificate().serialHex() + ")";
    }

    @Override
    public void close() {
        if (keyOperations != null) {
            keyOperations.close();
        }
        if (tlcp != null) {
            tlcp.close();
        }
    }
}
