package io.gmgw.pkcs11.profile;

import io.gmgw.crypto.sm2.Sm2CiphertextFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How one vendor's PKCS#11 module expresses SM2, SM3 and SM4: no OASIS version defines them, so every code is in the
 * vendor range and differs between vendors. A code of 0 means the module does not offer that mechanism. Loaded from
 * a properties file (see {@link VendorProfiles} and docs/pkcs11.md).
 *
 * @param matchModule         matched against "manufacturerID | libraryDescription" of CK_INFO to select the profile
 * @param ckkSm2              the vendor's SM2 key type; 0: SM2 keys are CKK_EC with the SM2 curve OID
 * @param sm2SignE            the raw mechanism: input is e = SM3(Z‖M) computed on the host
 * @param sm2SignWithZ        the mechanism whose input is M; the token computes Z with the user ID as parameter
 * @param signing             which of the two gmgw uses (default: the host computes Z and e)
 * @param signatureFormat     what the token returns; gmgw always hands out DER
 * @param ciphertextFormat    what the token's SM2 decryption takes
 * @param ecdhDecrypt         decrypt with CKM_ECDH1_DERIVE when there is no SM2 decryption mechanism
 * @param sm2KeyExchange      a vendor key-agreement mechanism for the SM2 key exchange (ECDHE suites); 0: none
 */
public record VendorProfile(String name, String description, Pattern matchModule, long ckkSm2, long ckkSm4,
        long sm2KeyGen, long sm2SignE, long sm2SignWithZ, Signing signing, SignatureFormat signatureFormat,
        long sm2Encrypt, Sm2CiphertextFormat ciphertextFormat, long sm3, long sm4KeyGen, long sm4Ecb, long sm4Cbc,
        boolean ecdhDecrypt, long sm2KeyExchange) {

    /** Who computes Z and e = SM3(Z‖M). */
    public enum Signing {
        /** The host computes e and the token signs it with the raw mechanism (works with any SM2 token). */
        HOST_Z,
        /** The token computes Z from the user ID given as mechanism parameter. */
        TOKEN_Z
    }

    /** How the token encodes (r, s). */
    public enum SignatureFormat {
        /** DER SEQUENCE { r INTEGER, s INTEGER } (GM/T 0009). */
        DER,
        /** r‖s, 32 bytes each. */
        RAW
    }

    public VendorProfile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(signing, "signing");
        Objects.requireNonNull(signatureFormat, "signatureFormat");
        Objects.requireNonNull(ciphertextFormat, "ciphertextFormat");
    }

    /** True when SM2 keys are CKK_EC keys on the SM2 curve rather than a vendor key type. */
    public boolean sm2AsEc() {
        return ckkSm2 == 0;
    }

    /** The mechanism gmgw signs with: the configured one if the profile has it, else the other, else 0. */
    public long signingMechanism() {
        if (signing == Signing.TOKEN_Z && sm2SignWithZ != 0) {
            return sm2SignWithZ;
        }
        return sm2SignE != 0 ? sm2SignE : sm2SignWithZ;
    }

    public boolean matches(String manufacturer, String description) {
        return matchModule != null && matchModule.matcher(manufacturer + " | " + description).find();
    }
}
