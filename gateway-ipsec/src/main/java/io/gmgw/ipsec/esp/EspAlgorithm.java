package io.gmgw.ipsec.esp;

/**
 * The ESP algorithm families the data plane implements: two combinations of a CBC cipher with an HMAC (encrypt, then
 * authenticate SPI ‖ Seq ‖ IV ‖ ciphertext, RFC 4303 §3.3.2) and two AEADs in the RFC 4106 layout (8-byte explicit
 * IV, AAD = SPI ‖ Seq, 16-byte tag). AES runs on the JDK's providers (AES-NI intrinsics), SM4 and SM3 on gm-crypto.
 */
public enum EspAlgorithm {
    /** RFC 3602 AES-CBC with RFC 4868 HMAC-SHA-256-128: 16-byte IV and block, 32-byte MAC key, 16-byte ICV. */
    AES_CBC_HMAC_SHA256(true, 16, 16),
    /** RFC 4106 AES-GCM with a 16-byte ICV: AES key + 4-byte salt, 8-byte explicit IV, 4-byte padding alignment. */
    AES_GCM_16(false, 8, 4),
    /**
     * SM4-CBC with HMAC-SM3 (GM/T 0022, ipsec.md §5): 16-byte IV and block, 32-byte MAC key; the ICV length is the
     * wire profile's {@code esp.hmac-sm3.icv-bits} [?].
     */
    SM4_CBC_HMAC_SM3(true, 16, 16),
    /** SM4-GCM (GM/T 0022-2023, ipsec.md §6 [B]): 16-byte key + 4-byte salt, 8-byte IV, AAD SPI ‖ Seq, 16-byte tag. */
    SM4_GCM_16(false, 8, 4);

    private final boolean cbc;
    private final int ivLength;
    private final int alignment;

    EspAlgorithm(boolean cbc, int ivLength, int alignment) {
        this.cbc = cbc;
        this.ivLength = ivLength;
        this.alignment = alignment;
    }

    /** CBC with a separate HMAC (otherwise an AEAD). */
    public boolean cbc() {
        return cbc;
    }

    /** Bytes of IV on the wire after the sequence number. */
    public int ivLength() {
        return ivLength;
    }

    /**
     * What the payload, padding, pad length and next header are padded to (RFC 4303 §2.4): the cipher's block for
     * CBC, 4 bytes for the counter-mode AEADs (RFC 4106 §3.2).
     */
    public int alignment() {
        return alignment;
    }

    public boolean sm() {
        return this == SM4_CBC_HMAC_SM3 || this == SM4_GCM_16;
    }
}
