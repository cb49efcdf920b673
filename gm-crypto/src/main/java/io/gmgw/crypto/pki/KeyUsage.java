package io.gmgw.crypto.pki;

import java.util.EnumSet;
import java.util.Set;

/** The bits of the X.509 keyUsage extension (RFC 5280 §4.2.1.3). */
public enum KeyUsage {
    DIGITAL_SIGNATURE(org.bouncycastle.asn1.x509.KeyUsage.digitalSignature),
    NON_REPUDIATION(org.bouncycastle.asn1.x509.KeyUsage.nonRepudiation),
    KEY_ENCIPHERMENT(org.bouncycastle.asn1.x509.KeyUsage.keyEncipherment),
    DATA_ENCIPHERMENT(org.bouncycastle.asn1.x509.KeyUsage.dataEncipherment),
    KEY_AGREEMENT(org.bouncycastle.asn1.x509.KeyUsage.keyAgreement),
    KEY_CERT_SIGN(org.bouncycastle.asn1.x509.KeyUsage.keyCertSign),
    CRL_SIGN(org.bouncycastle.asn1.x509.KeyUsage.cRLSign),
    ENCIPHER_ONLY(org.bouncycastle.asn1.x509.KeyUsage.encipherOnly),
    DECIPHER_ONLY(org.bouncycastle.asn1.x509.KeyUsage.decipherOnly);

    private final int bcBit;

    KeyUsage(int bcBit) {
        this.bcBit = bcBit;
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
