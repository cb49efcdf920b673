package io.gmgw.gateway.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.util.Optional;

/**
 * The key type of the TLS server certificate ({@code tls.cert}'s first certificate), so that {@code config check}
 * can tell a suite list that no TLS 1.2 client could use with that key: TLS 1.2's suites name the server's key type
 * (ECDHE_ECDSA or ECDHE_RSA, RFC 5289), TLS 1.3's do not. Reads only the public certificate, never the key; a file
 * this cannot read gives no answer here (the gateway's start names what is wrong with it).
 */
final class TlsCertificateKey {
    /** The server key types a TLS 1.2 suite can name. */
    enum Type { ECDSA, RSA }

    private TlsCertificateKey() {
    }

    static Optional<Type> of(Path pemChain) {
        try (InputStream in = Files.newInputStream(pemChain)) {
            // the JDK reads PEM (RFC 7468) as well as DER; the leaf comes first (tls.cert)
            X509Certificate leaf = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            PublicKey k = leaf.getPublicKey();
            return k instanceof ECKey ? Optional.of(Type.ECDSA) : k instanceof RSAKey ? Optional.of(Type.RSA)
                    : Optional.empty();
        } catch (IOException | CertificateException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
