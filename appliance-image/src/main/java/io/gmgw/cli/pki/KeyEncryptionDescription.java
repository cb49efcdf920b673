package io.gmgw.cli.pki;

import io.gmgw.crypto.core.MalformedEncodingException;
import java.util.Map;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;

/** How an encrypted PKCS#8 key is protected, in words, read from its algorithm parameters without the password. */
final class KeyEncryptionDescription {
    private static final Map<ASN1ObjectIdentifier, String> PRFS = Map.of(
            GMObjectIdentifiers.hmac_sm3, "HMAC-SM3",
            PKCSObjectIdentifiers.id_hmacWithSHA1, "HMAC-SHA1",
            PKCSObjectIdentifiers.id_hmacWithSHA256, "HMAC-SHA256",
            PKCSObjectIdentifiers.id_hmacWithSHA384, "HMAC-SHA384",
            PKCSObjectIdentifiers.id_hmacWithSHA512, "HMAC-SHA512");
    private static final Map<ASN1ObjectIdentifier, String> CIPHERS = Map.of(
            GMObjectIdentifiers.sms4_cbc, "SM4-CBC",
            NISTObjectIdentifiers.id_aes128_CBC, "AES-128-CBC",
            NISTObjectIdentifiers.id_aes192_CBC, "AES-192-CBC",
            NISTObjectIdentifiers.id_aes256_CBC, "AES-256-CBC");

    private KeyEncryptionDescription() {
    }

    /** For example "PBKDF2-HMAC-SM3 (65536 iterations), SM4-CBC". */
    static String of(byte[] encryptedPrivateKeyInfo, String where) {
        try {
            EncryptedPrivateKeyInfo info = EncryptedPrivateKeyInfo.getInstance(encryptedPrivateKeyInfo);
            ASN1ObjectIdentifier alg = info.getEncryptionAlgorithm().getAlgorithm();
            if (!PKCSObjectIdentifiers.id_PBES2.equals(alg)) {
                return "scheme " + alg + " (not PBES2; gmgw cannot open it)";
            }
            PBES2Parameters params = PBES2Parameters.getInstance(info.getEncryptionAlgorithm().getParameters());
            String kdf;
            if (PKCSObjectIdentifiers.id_PBKDF2.equals(params.getKeyDerivationFunc().getAlgorithm())) {
                PBKDF2Params p = PBKDF2Params.getInstance(params.getKeyDerivationFunc().getParameters());
                ASN1ObjectIdentifier prf = p.getPrf().getAlgorithm();
                kdf = "PBKDF2-" + PRFS.getOrDefault(prf, prf.getId()) + " (" + p.getIterationCount()
                        + " iterations)";
            } else {
                kdf = "key derivation " + params.getKeyDerivationFunc().getAlgorithm();
            }
            ASN1ObjectIdentifier cipher = params.getEncryptionScheme().getAlgorithm();
            return kdf + ", " + CIPHERS.getOrDefault(cipher, cipher.getId());
        } catch (RuntimeException e) {
            throw new MalformedEncodingException(where + ": not a well-formed encrypted PKCS#8 key (" + e.getMessage()
                    + ")", e);
        }
    }
}
