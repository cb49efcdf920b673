package io.gmgw.crypto.pki;

import java.util.EnumSet;
import java.util.Set;

/** The bits of the X.509 keyUsage extension (RFC 5280 §4.2.1.3). */
public enum KeyUsage {
    DIGITAL_SIGNATURE(org.bouncycastle.asn1.x509.KeyUsage.digitalSignature, "digitalSignature"),
    NON_REPUDIATION(org.bouncycastle.asn1.x509.KeyUsage.nonRepudiation, "nonRepudiation"),
    KEY_ENCIPHERMENT(org.bouncycastle.asn1.x509.KeyUsage.keyEncipherment, "keyEncipherment"),
    DATA_ENCIPHERMENT(org.bouncycastle.asn1.x509.KeyUsage.dataEncipherment, "dataEncipherment"),
    KEY_AGREEMENT(org.bouncycastle.asn1.x509.KeyUsage.keyAgreement, "keyAgreement"),
    KEY_CERT_SIGN(org.bouncycastle.asn1.x509.KeyUsage.keyCertSign, "keyCertSign"),
    CRL_SIGN(org.bouncycastle.asn1.x509.KeyUsage.cRLSign, "cRLSign"),
    ENCIPHER_ONLY(org.bouncycastle.asn1.x509.KeyUsage.encipherOnly, "encipherOnly"),
    DECIPHER_ONLY(org.bouncycastle.asn1.x509.KeyUsage.decipherOnly, "decipherOnly");

    private final int bcBit;
    private final String asn1Name;

    KeyUsage(int bcBit, String asn1Name) {
        this.bcBit = bcBit;
        this.asn1Name = asn1Name;
    }

    /** The name RFC 5280 gives the bit, as operators read it in OpenSSL's output. */
    public String asn1Name() {
        return asn1Name;
    }

    /** The usages by their RFC 5280 names, comma separated, in bit order ("none" when empty). */
    public static String describe(Set<KeyUsage> usages) {
        if (usages.isEmpty()) {
            return "none";
        }
        StringBuilder sb = new StringBuilder();
        for (KeyUsage u : values()) {
            if (usages.contains(u)) {
                sb.append(sb.isEmpty() ? "" : ", ").append(u.asn1Name);
            }
        }
        return sb.toString();
    }

    static Set<KeyUsage> from(org.bouncycastle.asn1.x509.KeyUsage ku) {
        Set<KeyUsage> out = EnumSet.noneOf(KeyUsage.class);
        if (ku != null) {
            for (KeyUsage u : values()) {
                if (ku.hasUsages(u.bcBit)) {
                    out.add(u);
                }
            }
        }
        return out;
    }

    /** The extension value asserting {@code usages}. */
    public static org.bouncycastle.asn1.x509.KeyUsage toExtension(Set<KeyUsage> usages) {
        int bits = 0;
        for (KeyUsage u : usages) {
            bits |= u.bcBit;
        }
        return new org.bouncycastle.asn1.x509.KeyUsage(bits);
    }
}
