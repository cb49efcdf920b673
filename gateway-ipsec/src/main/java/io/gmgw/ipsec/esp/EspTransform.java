package io.gmgw.ipsec.esp;

import io.gmgw.ipsec.ike.config.EspProposal;
import io.gmgw.ipsec.isakmp.IpsecAttributes;
import io.gmgw.ipsec.profile.GmWireNumbers;

/**
 * An ESP transform as the data plane needs it: the algorithm and the lengths of its keys and ICV. Built from what quick
 * mode negotiated ({@link #of(EspProposal)}) or, for the GM algorithms, with the wire profile's numbers
 * ({@link #sm4CbcHmacSm3(GmWireNumbers)}), never from a length written in code.
 *
 * @param algorithm the family
 * @param cipherKeyLength bytes of the cipher key (16 or 32 for AES, 16 for SM4), without a GCM salt
 * @param integrityKeyLength bytes of the HMAC key (32 for HMAC-SHA-256 per RFC 4868 §2.1.1 and for HMAC-SM3), 0 for
 *     AEADs
 * @param icvLength bytes of ICV: 16 for HMAC-SHA-256-128 and the GCM tags, the profile's 12, 16 or 32 for HMAC-SM3
 */
public record EspTransform(EspAlgorithm algorithm, int cipherKeyLength, int integrityKeyLength, int icvLength) {
    /** RFC 4106 §4: the salt that the last 4 bytes of the GCM key material give. */
    public static final int GCM_SALT_LENGTH = 4;

    public EspTransform {
        boolean sm4 = algorithm.sm();
        if (sm4 ? cipherKeyLength != 16 : cipherKeyLength != 16 && cipherKeyLength != 32) {
            throw new IllegalArgumentException(algorithm + " key of " + cipherKeyLength + " bytes: "
                    + (sm4 ? "SM4 keys are 16 bytes" : "AES keys are 16 or 32 bytes here"));
        }
        if (algorithm.cbc() ? integrityKeyLength != 32 : integrityKeyLength != 0) {
            throw new IllegalArgumentException(algorithm + " with an integrity key of " + integrityKeyLength
                    + " bytes: " + (algorithm.cbc() ? "32 expected" : "an AEAD has none"));
        }
        boolean icvOk = switch (algorithm) {
            case AES_CBC_HMAC_SHA256, AES_GCM_16, SM4_GCM_16 -> icvLength == 16;
            case SM4_CBC_HMAC_SM3 -> icvLength == 12 || icvLength == 16 || icvLength == 32;
        };
        if (!icvOk) {
            throw new IllegalArgumentException(algorithm + " with a " + icvLength + "-byte ICV is not defined");
        }
    }

    /** The transform quick mode negotiated on the standard profile (AES-CBC + HMAC-SHA-256-128 or AES-GCM-16). */
    public static EspTransform of(EspProposal p) {
        return p.aead() ? aesGcm16(p.keyBits() / 8) : aesCbcHmacSha256(p.keyBits() / 8);
    }

    public static EspTransform aesCbcHmacSha256(int keyLength) {
        return new EspTransform(EspAlgorithm.AES_CBC_HMAC_SHA256, keyLength, 32, 16);
    }

    public static EspTransform aesGcm16(int keyLength) {
        return new EspTransform(EspAlgorithm.AES_GCM_16, keyLength, 0, 16);
    }

    /** SM4-CBC + HMAC-SM3 with the ICV length of the wire profile ({@code esp.hmac-sm3.icv-bits}, ipsec.md §3 [?]). */
    public static EspTransform sm4CbcHmacSm3(GmWireNumbers profile) {
        return new EspTransform(EspAlgorithm.SM4_CBC_HMAC_SM3, 16, 32, profile.hmacSm3IcvLength());
    }

    /**
     * The GM transform a quick-mode ESP transform id names under a GM profile: its SM4-CBC id (with HMAC-SM3 as the
     * authentication algorithm, class 5 value 20) or its SM4-GCM id (no authentication algorithm); empty for any
     * other combination, which the caller refuses as ATTRIBUTES-NOT-SUPPORTED or NO-PROPOSAL-CHOSEN.
     */
    public static java.util.Optional<EspTransform> forGm(int transformId, int authAlgorithm, GmWireNumbers profile) {
        if (transformId == profile.espSm4CbcTransformId() && authAlgorithm == IpsecAttributes.AUTH_HMAC_SM3) {
            return java.util.Optional.of(sm4CbcHmacSm3(profile));
        }
        if (profile.espSm4GcmTransformId().orElse(-1) == transformId && authAlgorithm == 0) {
            return java.util.Optional.of(sm4Gcm16());
        }
        return java.util.Optional.empty();
    }

    public static EspTransform sm4Gcm16() {
        return new EspTransform(EspAlgorithm.SM4_GCM_16, 16, 0, 16);
    }

    /** Bytes of KEYMAT for the cipher: the key, plus the salt for the GCMs (RFC 4106 §8.1). */
    public int encryptionKeyMaterialLength() {
        return cipherKeyLength + (algorithm.cbc() ? 0 : GCM_SALT_LENGTH);
    }

    /** SPI, sequence number and IV: where the encrypted payload starts. */
    public int headerLength() {
        return 8 + algorithm.ivLength();
    }

    /** The most an ESP packet is longer than the inner packet it carries: header, padding, trailer, ICV. */
    public int maxOverhead() {
        return headerLength() + algorithm.alignment() + 1 + icvLength;
    }

    /** For status output: {@code aes128-cbc/hmac-sha256-128}, {@code sm4-cbc/hmac-sm3-128}, {@code sm4-gcm16}. */
    public String describe() {
        return switch (algorithm) {
            case AES_CBC_HMAC_SHA256 -> "aes" + cipherKeyLength * 8 + "-cbc/hmac-sha256-128";
            case AES_GCM_16 -> "aes" + cipherKeyLength * 8 + "-gcm16";
            case SM4_CBC_HMAC_SM3 -> "sm4-cbc/hmac-sm3-" + icvLength * 8;
            case SM4_GCM_16 -> "sm4-gcm16";
        };
    }
}
