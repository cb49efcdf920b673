package io.gmgw.sslvpn.tls;

import io.gmgw.sslvpn.tlcp.ClientAuth;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Vector;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.AlertLevel;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateEntry;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.KeyExchangeAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaDefaultTlsCredentialedSigner;

/**
 * One TLS server handshake's policy for Bouncy Castle's protocol engine: our versions and suites, the server's
 * signing credentials with a signature scheme the client offered, the CertificateRequest naming our trust anchors,
 * and the client's certificate checked by {@link ClientCertificateVerifier} (whose alert goes to the client as it is).
 * Lives as long as its connection.
 */
final class GatewayTlsServer extends DefaultTlsServer {
    private final TlsServerConfig config;
    private ClientCertificateVerifier verifier;
    private List<X509Certificate> peerChain = List.of();
    private boolean complete;
    private short alertSent = -1;
    private short alertReceived = -1;
    private String alertMessage;

    GatewayTlsServer(TlsServerConfig config) {
        super(config.crypto());
        this.config = config;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return config.versions();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        int[] codes = config.suites().stream().mapToInt(TlsCipherSuite::code).toArray();
        return TlsUtils.getSupportedCipherSuites(getCrypto(), codes);
    }

    @Override
    protected boolean preferLocalCipherSuites() {
        return true; // AES-GCM first whatever the client lists first: it is the cheapest for this server
    }

    @Override
    public TlsCredentials getCredentials() throws IOException {
        boolean tls13 = TlsUtils.isTLSv13(context);
        if (!tls13) {
            int kx = context.getSecurityParametersHandshake().getKeyExchangeAlgorithm();
            boolean fits = config.keyType() == TlsCipherSuite.KeyType.EC ? kx == KeyExchangeAlgorithm.ECDHE_ECDSA
                    : kx == KeyExchangeAlgorithm.ECDHE_RSA;
            if (!fits) {
                throw new TlsFatalAlert(AlertDescription.internal_error, "suite needs another key type than ours");
            }
        }
        SignatureAndHashAlgorithm scheme = chooseScheme(tls13);
        return new JcaDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), config.crypto(), config.key(),
                certificate(tls13), scheme);
    }

    /** Our certificate chain in the form the negotiated version sends (TLS 1.3 has a context and extensions). */
    private Certificate certificate(boolean tls13) throws IOException {
        TlsCertificate[] certs = new TlsCertificate[config.chain().size()];
        for (int i = 0; i < certs.length; i++) {
            try {
                certs[i] = getCrypto().createCertificate(config.chain().get(i).getEncoded());
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new TlsFatalAlert(AlertDescription.internal_error, e);
            }
        }
        if (!tls13) {
            return new Certificate(certs);
        }
        CertificateEntry[] entries = new CertificateEntry[certs.length];
        for (int i = 0; i < certs.length; i++) {
            entries[i] = new CertificateEntry(certs[i], null);
        }
        return new Certificate(TlsUtils.EMPTY_BYTES, entries);
    }

    /**
     * The first of our schemes the client offered (RFC 8446 §4.2.3, RFC 5246 §7.4.1.4.1): ECDSA with the hash that
     * matches our curve (TLS 1.3 binds them), RSA-PSS before PKCS#1 v1.5, which TLS 1.3 no longer allows for
     * handshake signatures.
     */
    private SignatureAndHashAlgorithm chooseScheme(boolean tls13) throws IOException {
        List<SignatureAndHashAlgorithm> ours = new ArrayList<>();
        if (config.keyType() == TlsCipherSuite.KeyType.EC) {
            int bits = ((ECKey) config.chain().getFirst().getPublicKey()).getParams().getCurve().getField()
                    .getFieldSize();
            short hash = bits <= 256 ? HashAlgorithm.sha256 : bits <= 384 ? HashAlgorithm.sha384 : HashAlgorithm.sha512;
            ours.add(SignatureAndHashAlgorithm.getInstance(hash, SignatureAlgorithm.ecdsa));
            if (!tls13) {
                for (short h : new short[] {HashAlgorithm.sha256, HashAlgorithm.sha384, HashAlgorithm.sha512}) {
                    if (h != hash) {
                        ours.add(SignatureAndHashAlgorithm.getInstance(h, SignatureAlgorithm.ecdsa));
                    }
                }
            }
        } else {
            ours.add(SignatureAndHashAlgorithm.rsa_pss_rsae_sha256);
            ours.add(SignatureAndHashAlgorithm.rsa_pss_rsae_sha384);
            ours.add(SignatureAndHashAlgorithm.rsa_pss_rsae_sha512);
            if (!tls13) {
                for (short h : new short[] {HashAlgorithm.sha256, HashAlgorithm.sha384, HashAlgorithm.sha512}) {
                    ours.add(SignatureAndHashAlgorithm.getInstance(h, SignatureAlgorithm.rsa));
                }
            }
        }
        Vector<?> offered = context.getSecurityParametersHandshake().getClientSigAlgs();
        if (offered != null) {
            for (SignatureAndHashAlgorithm s : ours) {
                if (offered.contains(s)) {
                    return s;
                }
            }
        }
        throw new TlsFatalAlert(AlertDescription.handshake_failure, "the client offers no signature scheme this "
                + config.keyType() + " server key can make (offered: " + offered + ")");
    }

    @Override
    public CertificateRequest getCertificateRequest() throws IOException {
        if (config.clientAuth() == ClientAuth.NONE) {
            return null;
        }
        verifier = config.clientVerifier(); // one snapshot (one set of CRLs) for the whole handshake
        Vector<SignatureAndHashAlgorithm> sigAlgs = new Vector<>();
        for (Object o : TlsUtils.getDefaultSupportedSignatureAlgorithms(context)) {
            sigAlgs.add((SignatureAndHashAlgorithm) o);
        }
        Vector<X500Name> authorities = new Vector<>();
        verifier.authorities().forEach(p -> authorities.add(X500Name.getInstance(p.getEncoded())));
        if (TlsUtils.isTLSv13(context)) {
            return new CertificateRequest(TlsUtils.EMPTY_BYTES, sigAlgs, null, authorities);
        }
        return new CertificateRequest(new short[] {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign},
                sigAlgs, authorities);
    }

    @Override
    public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
        if (clientCertificate == null || clientCertificate.isEmpty()) {
            if (config.clientAuth() == ClientAuth.NEED) {
                // RFC 8446 §4.4.2.4: certificate_required; TLS 1.2 has no such alert (RFC 5246 §7.4.6)
                throw new TlsFatalAlert(TlsUtils.isTLSv13(context) ? AlertDescription.certificate_required
                        : AlertDescription.handshake_failure,
                        "the client sent no certificate and this server requires one");
            }
            return;
        }
        List<X509Certificate> chain = new ArrayList<>();
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (TlsCertificate c : clientCertificate.getCertificateList()) {
                chain.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(c.getEncoded())));
            }
        } catch (CertificateException e) {
            throw new TlsFatalAlert(AlertDescription.bad_certificate, "client certificate unreadable: "
                    + e.getMessage(), e);
        }
        peerChain = List.copyOf(verifier.verify(chain));
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        complete = true;
    }

    @Override
    public void notifyAlertRaised(short level, short description, String message, Throwable cause) {
        if (level == AlertLevel.fatal) {
            alertSent = description;
            alertMessage = message != null ? message : cause != null ? cause.getMessage() : null;
        }
    }

    @Override
    public void notifyAlertReceived(short level, short description) {
        if (level == AlertLevel.fatal) {
            alertReceived = description;
        }
    }

    org.bouncycastle.tls.TlsServerContext context() {
        return context;
    }

    boolean isComplete() {
        return complete;
    }

    /** The client's validated chain, end entity first; empty when it sent none. */
    List<X509Certificate> peerChain() {
        return peerChain;
    }

    /** The fatal alert we sent, or -1. */
    short alertSent() {
        return alertSent;
    }

    /** The fatal alert the client sent, or -1. */
    short alertReceived() {
        return alertReceived;
    }

    String alertMessage() {
        return alertMessage;
    }
}
