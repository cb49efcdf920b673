package io.gmgw.ipsec.ike.config;

import io.gmgw.ipsec.isakmp.IpsecAttributes;

/**
 * One ESP transform of quick mode (RFC 2407 §4.4.4, §4.5): AES-CBC (12, RFC 3602) with HMAC-SHA-256-128 (auth
 * algorithm 5, RFC 4868), or AES-GCM with a 16-byte ICV (20, RFC 4106: the key length attribute gives AES's key, the
 * 4-byte salt comes from KEYMAT after it, no authentication algorithm attribute).
 */
public record EspProposal(int transformId, int keyBits, int authAlgorithm) {
    public EspProposal {
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

    /** Bytes of KEYMAT for HMAC-SHA-256 (its block-size-free key of 32 bytes, RFC 4868 §2.1.1); 0 for GCM. */
    public int integrityKeyBytes() {
        return aead() ? 0 : 32;
    }

    /** ICV bytes: 16 for both (HMAC-SHA-256-128, RFC 4868; GCM's 16-byte tag, RFC 4106). */
    public int icvBytes() {
        return 16;
    }
}
