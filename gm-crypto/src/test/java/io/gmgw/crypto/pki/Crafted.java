package io.gmgw.crypto.pki;

import io.gmgw.crypto.key.KeyHandle;
import io.gmgw.crypto.sm2.Sm2PublicKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Date;
import java.util.EnumSet;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;

/**
 * Certificates that gmgw's issuer would refuse to make (a CA below a pathLen-0 CA, a certificate signed by an end
 * entity, odd extensions), built directly on Bouncy Castle for negative tests.
 */
final class Crafted {
    private final X509v3CertificateBuilder builder;
    private static long serial = 1000;

    private Crafted(X500Name issuer, X500Name subject, Sm2PublicKey key, Instant notBefore, Instant notAfter) {
        builder = new X509v3CertificateBuilder(issuer, BigInteger.valueOf(serial++), Date.from(notBefore),
                Date.from(notAfter), subject, key.toSubjectPublicKeyInfo());
    }

    static Crafted certificate(X500Name issuer, String subject, Sm2PublicKey key, Instant notBefore, Instant notAfter) {
        return new Crafted(issuer, DistinguishedNames.parse(subject), key, notBefore, notAfter);
    }

    Crafted extension(ASN1ObjectIdentifier oid, boolean critical, ASN1Encodable value) {
        try {
            builder.addExtension(oid, critical, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    Crafted ca() {
        return extension(Extension.basicConstraints, true, new BasicConstraints(true))
                .keyUsage(EnumSet.of(KeyUsage.KEY_CERT_SIGN, KeyUsage.CRL_SIGN));
    }

    Crafted keyUsage(EnumSet<KeyUsage> usages) {
        return extension(Extension.keyUsage, true, KeyUsage.toExtension(usages));
    }

    Sm2Certificate signedBy(KeyHandle key) {
        return signedBy(new Sm2ContentSigner(key));
    }

    Sm2Certificate signedBy(ContentSigner signer) {
        try {
            return Sm2Certificate.fromDer(builder.build(signer).getEncoded());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code der} with one bit flipped at {@code fromEnd} bytes before its end (inside the signature value). */
    static Sm2Certificate flipBitNearEnd(Sm2Certificate cert, int fromEnd) {
        byte[] der = cert.encoded();
        der[der.length - fromEnd] ^= 0x01;
        return Sm2Certificate.fromDer(der);
    }
}
