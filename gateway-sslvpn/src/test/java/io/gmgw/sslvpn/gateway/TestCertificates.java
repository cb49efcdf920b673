package io.gmgw.sslvpn.gateway;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Client certificates for the gateway's identity tests. The gateway only reads subject, serial and issuer (the secure
 * channel below verified the chain), so a P-256 certificate signed by the JDK is enough and fast.
 */
final class TestCertificates {
    private static final KeyPair KEY = newKey();

    private TestCertificates() {
    }

    static X509CertificateHolder issue(String subject, long serial) {
        return issue(subject, serial, "CN=Test VPN CA,O=gmgw test");
    }

    static X509CertificateHolder issue(String subject, long serial, String issuer) {
        try {
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            return new JcaX509v3CertificateBuilder(new X500Name(issuer), BigInteger.valueOf(serial),
                    Date.from(now.minus(1, ChronoUnit.DAYS)), Date.from(now.plus(365, ChronoUnit.DAYS)),
                    new X500Name(subject), KEY.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(KEY.getPrivate()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair newKey() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
