package io.gmgw.ipsec.profile;

/** How an SM2 signature sits in the SIG payload (ipsec.md §2, open point [?]). */
public enum SignatureEncoding {
    /** GM/T 0009-2012 §7.3 {@code SM2Signature ::= SEQUENCE { R INTEGER, S INTEGER }}. */
    DER,
    /** r ‖ s, 32 bytes each, big-endian. */
    RAW_R_S
}
