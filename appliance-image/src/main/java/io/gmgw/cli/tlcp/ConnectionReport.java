package io.gmgw.cli.tlcp;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.pki.CertificatePurpose;
import io.gmgw.crypto.pki.CertificateVerifier;
import io.gmgw.crypto.pki.KeyUsage;
import io.gmgw.crypto.pki.ReferenceIdentity;
import io.gmgw.crypto.pki.Sm2Certificate;
import io.gmgw.crypto.pki.VerificationResult;
import io.gmgw.sslvpn.tlcp.TlcpSession;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** What {@code tlcp connect} prints about an established connection (text, or JSON with the same fields). */
record ConnectionReport(String peer, String protocol, String cipherSuite, String cipherSuiteId, String sessionId,
        boolean resumed, List<CertificateView> serverCertificates, ChainCheck signingChain, ChainCheck encryptionChain,
        String serverNameChecked, boolean revocationChecked) {

    record CertificateView(int index, String role, String subject, String issuer, String serial, Instant notBefore,
            Instant notAfter, List<String> keyUsage, List<String> dnsNames, List<String> ipAddresses,
            String sm3Fingerprint) {
    }

    record ChainCheck(boolean valid, List<String> path, String problem) {
    }

    /**
     * {@code serverName}: the identity the server's certificate was checked against (null: not checked);
     * {@code revocationChecked}: whether the verifier required the CAs' CRLs.
     */
    static ConnectionReport of(CryptoModule module, String peer, TlcpSession s, CertificateVerifier verifier,
            ReferenceIdentity serverName, boolean revocationChecked) {
        List<CertificateView> views = new ArrayList<>();
        List<Sm2Certificate> certs = s.peerCertificates();
        for (int i = 0; i < certs.size(); i++) {
            Sm2Certificate c = certs.get(i);
            String role = c.equals(s.peerSigningCertificate()) ? "signing"
                    : c.equals(s.peerEncryptionCertificate()) ? "encryption" : c.isCa() ? "CA" : "other";
            views.add(new CertificateView(i, role, c.subject().toString(), c.issuer().toString(), c.serialHex(),
                    c.notBefore(), c.notAfter(), c.keyUsage().stream().map(KeyUsage::name).toList(), c.dnsNames(),
                    c.ipAddresses(), c.fingerprintSm3(module)));
        }
        Instant now = module.clock().instant();
        return new ConnectionReport(peer, s.protocol(), s.suite().tlcpName(), s.suite().hexId(), s.sessionIdHex(),
                s.resumed(), views, check(verifier, s.peerSigningCertificate(), certs, now, CertificatePurpose.SIGNING),
                check(verifier, s.peerEncryptionCertificate(), certs, now, CertificatePurpose.ENCRYPTION),
                serverName == null ? null : serverName.describe(), revocationChecked);
    }

    private static ChainCheck check(CertificateVerifier verifier, Sm2Certificate leaf, List<Sm2Certificate> presented,
            Instant at, CertificatePurpose purpose) {
        if (leaf == null) {
            return new ChainCheck(false, List.of(), "no certificate");
        }
        return switch (verifier.verify(leaf, presented, at, purpose)) {
            case VerificationResult.Valid v -> new ChainCheck(true,
                    v.path().stream().map(c -> c.subject().toString()).toList(), null);
            case VerificationResult.Invalid i -> new ChainCheck(false, List.of(), i.reason() + ": " + i.message());
        };
    }

    void print(PrintWriter out) {
        out.println("connected to " + peer);
        out.println("protocol:      " + protocol);
        out.println("cipher suite:  " + cipherSuite + " (" + cipherSuiteId + ")");
        out.println("session id:    " + (sessionId.isEmpty() ? "(none)" : sessionId) + (resumed ? " (resumed)" : ""));
        out.println("server certificates (" + serverCertificates.size() + "):");
        for (CertificateView v : serverCertificates) {
            out.println("  [" + v.index + "] " + v.role + ": " + v.subject);
            out.println("      issuer " + v.issuer + ", serial " + v.serial);
            out.println("      valid " + v.notBefore + " to " + v.notAfter + ", key usage " + v.keyUsage
                    + (v.dnsNames.isEmpty() ? "" : ", DNS " + v.dnsNames)
                    + (v.ipAddresses.isEmpty() ? "" : ", IP " + v.ipAddresses));
            out.println("      SM3 fingerprint " + v.sm3Fingerprint);
        }
        out.println("chain check:   signing " + describe(signingChain) + "; encryption " + describe(encryptionChain));
        out.println("server name:   " + (serverNameChecked == null ? "not checked (--no-name-check)"
                : serverNameChecked + ", carried by the signing certificate"));
        out.println("revocation:    " + (revocationChecked ? "checked: every CA on the path has a current CRL"
                : "not checked (no --crl given)"));
        out.flush();
    }

    private static String describe(ChainCheck c) {
        return c.valid ? "valid (" + String.join(" <- ", c.path) + ")" : "INVALID: " + c.problem;
    }
}
