package io.gmgw.crypto.sm2;

/**
 * Encodings of an SM2 ciphertext, whose parts are C1 (the point kG), C3 (the SM3 hash) and C2 (the masked message).
 */
public enum Sm2CiphertextFormat {
    /**
     * GM/T 0009-2012 §7.2 {@code SM2Cipher ::= SEQUENCE { XCoordinate INTEGER, YCoordinate INTEGER,
     * HASH OCTET STRING (32), CipherText OCTET STRING }}: the default, as TLCP, OpenSSL and GmSSL use it.
     */
    DER_C1C3C2,
    /** Raw {@code 04 ‖ x1 ‖ y1 ‖ C3 ‖ C2}: the order of GB/T 32918.4-2016. */
    RAW_C1C3C2,
    /** Raw {@code 04 ‖ x1 ‖ y1 ‖ C2 ‖ C3}: the order of the 2010 draft, still written by older libraries. */
    RAW_C1C2C3
}
