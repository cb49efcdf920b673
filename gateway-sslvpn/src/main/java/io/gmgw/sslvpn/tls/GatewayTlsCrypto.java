package io.gmgw.sslvpn.tls;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import org.bouncycastle.jcajce.util.JcaJceHelper;
import org.bouncycastle.tls.crypto.impl.TlsAEADCipherImpl;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;

/**
 * Bouncy Castle's JCA TLS crypto with AES-GCM records through {@link JceGcmCipher} (one JCE cipher per direction,
 * re-initialised per record from a {@code GCMParameterSpec}); every other algorithm, the handshake and the key
 * schedule are Bouncy Castle's as they were.
 */
final class GatewayTlsCrypto extends JcaTlsCrypto {
    private static final String AES_GCM = "AES/GCM/NoPadding";
    private final JcaJceHelper helper;

    GatewayTlsCrypto(JcaJceHelper helper, SecureRandom random) {
        super(helper, random, random);
        this.helper = helper;
    }

    @Override
    protected TlsAEADCipherImpl createAEADCipher(String cipherName, String algorithm, int keySize, boolean encrypting)
            throws GeneralSecurityException {
        if (!AES_GCM.equals(cipherName)) {
            return super.createAEADCipher(cipherName, algorithm, keySize, encrypting);
        }
        return new JceGcmCipher(helper.createCipher(cipherName), algorithm, keySize, encrypting, getSecureRandom());
    }
}
