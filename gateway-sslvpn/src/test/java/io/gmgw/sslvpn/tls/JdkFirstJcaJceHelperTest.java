package io.gmgw.sslvpn.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.NoSuchAlgorithmException;
import org.junit.jupiter.api.Test;

/** TLS crypto takes the JDK's implementations where the JDK has them, Bouncy Castle's only for the rest. */
class JdkFirstJcaJceHelperTest {
    private final JdkFirstJcaJceHelper helper = new JdkFirstJcaJceHelper();

    @Test
    void aesGcmAndTheKeyExchangesComeFromTheJdk() throws Exception {
        assertEquals("SunJCE", helper.createCipher("AES/GCM/NoPadding").getProvider().getName(),
                "the JDK's AES-GCM: the one with the AES-NI/CLMUL intrinsics");
        assertEquals("SunJCE", helper.createAlgorithmParameters("GCM").getProvider().getName());
        assertEquals("SunJCE", helper.createMac("HmacSHA256").getProvider().getName());
        assertEquals("SunEC", helper.createKeyAgreement("X25519").getProvider().getName());
        assertEquals("SunEC", helper.createSignature("SHA256withECDSA").getProvider().getName());
        assertEquals("SunRsaSign", helper.createSignature("RSASSA-PSS").getProvider().getName());
        assertEquals("SUN", helper.createMessageDigest("SHA-384").getProvider().getName());
    }

    @Test
    void whatTheJdkLacksComesFromBouncyCastle() throws Exception {
        assertEquals("BC", helper.createCipher("ChaCha7539").getProvider().getName());
        assertEquals("BC", helper.createMac("Poly1305").getProvider().getName());
    }

    @Test
    void anAlgorithmNobodyHasIsRefused() {
        assertThrows(NoSuchAlgorithmException.class, () -> helper.createCipher("NoSuchCipher/XYZ/NoPadding"));
    }

    @Test
    void theGatewaysTlsCryptoUsesTheJdkAesGcm() throws Exception {
        var crypto = TlsCryptoProviders.jdkFirst(new java.security.SecureRandom());
        assertEquals("SunJCE", crypto.getHelper().createCipher("AES/GCM/NoPadding").getProvider().getName());
        var bc = TlsCryptoProviders.bouncyCastle(new java.security.SecureRandom());
        assertEquals("BC", bc.getHelper().createCipher("AES/GCM/NoPadding").getProvider().getName());
    }
}
