package io.gmgw.ipsec.ike.config;

import io.gmgw.ipsec.isakmp.IpsecAttributes;

/**
 * One ESP transform of quick mode (RFC 2407 §4.4.4, §4.5): AES-CBC (12, RFC 3602) with HMAC-SHA-256-128 (auth
 * algorithm 5, RFC 4868), AES-GCM with a 16-byte ICV (20, RFC 4106: the key length attribute gives AES's key, the
 * 4-byte salt comes from KEYMAT after it, no authentication algorithm attribute), or under a GM profile SM4-CBC with
 * HMAC-SM3 (auth algorithm 20, ipsec.md §3), whose transform id is the profile's {@code esp.sm4-cbc.transform-id}
 * (129 or 127, [?]): any id with HMAC-SM3 is SM4-CBC, so that the number stays in the profile only.
 */
public record EspProposal(int transformId, int keyBits, int authAlgorithm) {
    public EspProposal {
        if (authAlgorithm == IpsecAttributes.AUTH_HMAC_SM3) {
            if (transformId < 1 || transformId > 255 || keyBits != 128) {
                throw new IllegalArgumentException("SM4-CBC with HMAC-SM3: a transform id 1-255 from the wire profile"
                        + " and SM4's 128-bit key, not id " + transformId + ", " + keyBits + " bits");
            }
        } else {
            checkAes(transformId, keyBits, authAlgorithm);
        }
    }

    private static void checkAes(int transformId, int keyBits, int authAlgorithm) {
        switch (transformId) {
            case IpsecAttributes.ESP_AES_CBC -> {
                if (authAlgorithm != IpsecAttributes.AUTH_HMAC_SHA2_256) {
                    throw new IllegalArgumentException("AES-CBC goes with HMAC-SHA-256 (5), not " + authAlgorithm);
                }
            }
            case IpsecAttributes.ESP_AES_GCM_16 -> {
                if (authAlgorithm != 0) {
                    throw new IllegalArgumentException("AES-GCM has no separate authentication algorithm");
                }
            }
            default -> throw new IllegalArgumentException("ESP transform " + transformId
                    + " is not implemented (AES-CBC 12, AES-GCM-16 20)");
        }
        if (keyBits != 128 && keyBits != 256) {
            throw new IllegalArgumentException("AES key length 128 or 256 bits, not " + keyBits);
        }
    }

    public static EspProposal aesCbcSha256(int keyBits) {
        return new EspProposal(IpsecAttributes.ESP_AES_CBC, keyBits, IpsecAttributes.AUTH_HMAC_SHA2_256);
    }

    /** SM4-CBC + HMAC-SM3 with the profile's transform id (ipsec.md §3, §5). */
    public static EspProposal sm4CbcHmacSm3(io.gmgw.ipsec.profile.GmWireNumbers gm) {
        return new EspProposal(gm.espSm4CbcTransformId(), 128, IpsecAttributes.AUTH_HMAC_SM3);
    }

    /** SM4-CBC with HMAC-SM3 (GM profile). */
    public boolean sm4() {
        return authAlgorithm == IpsecAttributes.AUTH_HMAC_SM3;
    }

    public static EspProposal aesGcm16(int keyBits) {
        return new EspProposal(IpsecAttributes.ESP_AES_GCM_16, keyBits, 0);
    }

    public boolean aead() {
        return transformId == IpsecAttributes.ESP_AES_GCM_16;
    }

    /** Bytes of KEYMAT for the cipher: the AES key, plus the 4-byte salt for GCM (RFC 4106 §8.1). */
    public int encryptionKeyBytes() {
        return keyBits / 8 + (aead() ? 4 : 0);
    }

    /**
     * Bytes of KEYMAT for the integrity key: 32 for HMAC-SHA-256 (RFC 4868 §2.1.1) and for HMAC-SM3 (its output
     * length, the same convention, ipsec.md §4); 0 for GCM.
     */
    public int integrityKeyBytes() {
        return aead() ? 0 : 32;
    }

    /**
     * ICV bytes: 16 (HMAC-SHA-256-128, RFC 4868; GCM's 16-byte tag, RFC 4106). For HMAC-SM3 the wire profile's
     * {@code esp.hmac-sm3.icv-bits} decides ([?]); 16 is its built-in value, the data plane reads the profile.
     */
    public int icvBytes() {
        return 16;
    }
}
