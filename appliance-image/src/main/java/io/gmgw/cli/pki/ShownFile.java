package io.gmgw.cli.pki;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.pki.KeyIdentifiers;
import io.gmgw.crypto.pki.KeyUsage;
import io.gmgw.crypto.pki.RevokedCertificate;
import io.gmgw.crypto.pki.Sm2Certificate;
import io.gmgw.crypto.pki.Sm2CertificationRequest;
import io.gmgw.crypto.pki.Sm2Crl;
import io.gmgw.crypto.sm2.Sm2PublicKey;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * What {@code gmgw pki show} prints about a file, one record per kind of file, each with a text form
 * ({@link #lines()}) and a JSON form (the record's fields, in order). Times are ISO 8601 UTC, binary values hex.
 */
sealed interface ShownFile permits ShownFile.Certificates, ShownFile.Crl, ShownFile.Request, ShownFile.Key {
    List<String> lines();

    /** One certificate. */
    record Certificate(String subject, String issuer, String serial, String notBefore, String notAfter,
            List<String> keyUsage, boolean ca, Integer pathLength, List<String> dnsNames, List<String> ipAddresses,
            String subjectKeyId,
            String authorityKeyId, String publicKey, String fingerprintSm3) {
        static Certificate of(CryptoModule module, Sm2Certificate c) {
            List<String> usage = new ArrayList<>();
            for (KeyUsage u : KeyUsage.values()) {
                if (c.keyUsage().contains(u)) {
                    usage.add(u.asn1Name());
                }
            }
            return new Certificate(c.subject().toString(), c.issuer().toString(), c.serialHex(),
                    c.notBefore().toString(), c.notAfter().toString(), usage, c.isCa(),
                    c.isCa() && c.pathLengthConstraint() >= 0 ? c.pathLengthConstraint() : null, c.dnsNames(),
                    c.ipAddresses(),
                    hex(c.subjectKeyIdentifier()), hex(c.authorityKeyIdentifier()), hex(c.publicKey().encoded()),
                    c.fingerprintSm3(module));
        }

        void addLines(List<String> lines) {
            lines.add("  Subject:          " + subject);
            lines.add("  Issuer:           " + issuer);
            lines.add("  Serial:           " + serial);
            lines.add("  Valid:            " + notBefore + " to " + notAfter);
            lines.add("  Key usage:        " + (keyUsage.isEmpty() ? "(none)" : String.join(", ", keyUsage)));
            lines.add("  CA:               " + (ca ? "yes" + (pathLength == null ? "" : ", pathLenConstraint "
                    + pathLength) : "no"));
            lines.add("  DNS names:        " + (dnsNames.isEmpty() ? "(none)" : String.join(", ", dnsNames)));
            lines.add("  IP addresses:     " + (ipAddresses.isEmpty() ? "(none)" : String.join(", ", ipAddresses)));
            lines.add("  Subject key ID:   " + orNone(subjectKeyId));
            lines.add("  Authority key ID: " + orNone(authorityKeyId));
            lines.add("  Public key:       SM2 sm2p256v1 " + publicKey);
            lines.add("  SM3 fingerprint:  " + fingerprintSm3);
        }
    }

    /**
     * The check of a certificate's path to the PKI folder's root: the trust anchor's file, whether it passed, the
     * purpose checked, and on failure the reason and message; on success the path from the certificate up.
     */
    record ChainCheck(String trustAnchor, String purpose, boolean valid, String reason, String message,
            List<String> path) {
    }

    /** A file of certificates (one, or a chain); the first is the one whose chain is checked. */
    record Certificates(String file, String kind, List<Certificate> certificates, ChainCheck chainCheck)
            implements ShownFile {
        @Override
        public List<String> lines() {
            List<String> lines = new ArrayList<>();
            lines.add(file + ": " + (certificates.size() == 1 ? "certificate" : certificates.size() + " certificates"));
            for (int i = 0; i < certificates.size(); i++) {
                if (certificates.size() > 1) {
                    lines.add("Certificate " + (i + 1) + " of " + certificates.size() + ":");
                }
                certificates.get(i).addLines(lines);
            }
            if (chainCheck == null) {
                lines.add("Chain: not checked (the file is not in a PKI folder; give --dir DIR to check it)");
            } else if (chainCheck.valid()) {
                lines.add("Chain: valid for " + chainCheck.purpose() + " use: " + String.join(", issued by ",
                        chainCheck.path()) + " (the trust anchor " + chainCheck.trustAnchor() + ")");
            } else {
                lines.add("Chain: INVALID (" + chainCheck.reason() + ") against " + chainCheck.trustAnchor() + ": "
                        + chainCheck.message());
            }
            return lines;
        }
    }

    /** One entry of a CRL. */
    record CrlEntry(String serial, String revocationDate, String reason) {
        static CrlEntry of(RevokedCertificate r) {
            return new CrlEntry(r.serialHex(), r.revocationDate().toString(), r.reason().asn1Name());
        }
    }

    /** The check of a CRL against the PKI folder's CA of the same name: signature and currency. */
    record CrlCheck(String issuerCertificate, boolean valid, String message) {
    }

    record Crl(String file, String kind, String issuer, String thisUpdate, String nextUpdate, String crlNumber,
            String authorityKeyId, List<CrlEntry> entries, CrlCheck check) implements ShownFile {
        static Crl of(String file, Sm2Crl crl, CrlCheck check) {
            return new Crl(file, "crl", crl.issuer().toString(), crl.thisUpdate().toString(),
                    crl.nextUpdate().map(Object::toString).orElse(null),
                    crl.crlNumber().map(Object::toString).orElse(null), hex(crl.authorityKeyIdentifier()),
                    crl.revoked().stream().map(CrlEntry::of).toList(), check);
        }

        @Override
        public List<String> lines() {
            List<String> lines = new ArrayList<>();
            lines.add(file + ": CRL");
            lines.add("  Issuer:           " + issuer);
            lines.add("  CRL number:       " + orNone(crlNumber));
            lines.add("  This update:      " + thisUpdate);
            lines.add("  Next update:      " + orNone(nextUpdate));
            lines.add("  Authority key ID: " + orNone(authorityKeyId));
            lines.add("  Revoked:          " + (entries.isEmpty() ? "none" : entries.size()));
            for (CrlEntry e : entries) {
                lines.add("    " + e.serial() + "  " + e.revocationDate() + "  " + e.reason());
            }
            if (check == null) {
                lines.add("Signature: not checked (the file is not in a PKI folder; give --dir DIR to check it)");
            } else {
                lines.add((check.valid() ? "Check: valid, " : "Check: INVALID, ") + check.message());
            }
            return lines;
        }
    }

    record Request(String file, String kind, String subject, List<String> requestedDnsNames,
            List<String> requestedIpAddresses, String publicKey, String keyId, boolean signatureValid)
            implements ShownFile {
        static Request of(CryptoModule module, String file, Sm2CertificationRequest r) {
            return new Request(file, "csr", r.subject().toString(), r.requestedDnsNames(), r.requestedIpAddresses(),
                    hex(r.publicKey().encoded()), ShownFile.keyId(module, r.publicKey()), r.isSelfSignatureValid(module));
        }

        @Override
        public List<String> lines() {
            return List.of(file + ": certification request (PKCS#10)",
                    "  Subject:          " + subject,
                    "  DNS names asked:  " + (requestedDnsNames.isEmpty() ? "(none)"
                            : String.join(", ", requestedDnsNames)),
                    "  IPs asked:        " + (requestedIpAddresses.isEmpty() ? "(none)"
                            : String.join(", ", requestedIpAddresses)),
                    "  Public key:       SM2 sm2p256v1 " + publicKey,
                    "  Key ID:           " + keyId + " (the subject key ID of its certificate)",
                    "  Self-signature:   " + (signatureValid ? "valid (SM3withSM2, default SM2 user ID)"
                            : "INVALID: the request was altered or not signed by its key"));
        }
    }

    /** A private key: never the private scalar; the public key unless it is encrypted and no password was given. */
    record Key(String file, String kind, String type, String curve, String format, boolean encrypted,
            String encryption, String publicKey, String keyId) implements ShownFile {
        @Override
        public List<String> lines() {
            return List.of(file + ": private key",
                    "  Type:             " + type + " on " + curve,
                    "  Format:           " + format,
                    "  Encrypted:        " + (encrypted ? "yes, " + encryption : "no (only the file mode protects it)"),
                    "  Public key:       " + (publicKey == null ? "(encrypted; give --password-file, --password-env "
                            + "or --password-prompt to see it)" : publicKey),
                    "  Key ID:           " + (keyId == null ? "(encrypted)" : keyId
                            + " (the subject key ID of its certificate)"));
        }
    }

    static String keyId(CryptoModule module, Sm2PublicKey key) {
        return hex(KeyIdentifiers.of(module, key));
    }

    static String hex(byte[] bytes) {
        return bytes == null ? null : HexFormat.of().withUpperCase().formatHex(bytes);
    }

    private static String orNone(String s) {
        return s == null ? "(none)" : s;
    }
}
