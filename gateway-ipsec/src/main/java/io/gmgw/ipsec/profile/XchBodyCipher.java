package io.gmgw.ipsec.profile;

/**
 * How the NONCE and ID bodies inside XCH_i / XCH_r (GM main-mode messages 3 and 4) are encrypted under the fresh
 * key Sk (ipsec.md §2, open point [?]: one capture analysis says the negotiated cipher, SM4; a student implementation
 * uses ECB; the IV is not stated anywhere found).
 */
public enum XchBodyCipher {
    /** SM4-CBC with an all-zero IV, the body padded to 16 bytes as ISAKMP pads (RFC 2409 appendix B). */
    SM4_CBC_ZERO_IV,
    /** SM4-ECB, same padding. */
    SM4_ECB
}
