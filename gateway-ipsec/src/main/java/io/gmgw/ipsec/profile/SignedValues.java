package io.gmgw.ipsec.profile;

/**
 * What the "_b" values of Sk, the nonce and the ID are in SIG_i / SIG_r = sign(Sk_b | N_b | ID_b | CERT_enc_b) of
 * the GM envelope main mode (ipsec.md §2, open point [?]): the sources write "_b" (payload body) for payloads whose
 * bodies are ciphertext there.
 */
public enum SignedValues {
    /** The values themselves: the 16-byte Sk, the nonce, the ID body (type, protocol, port, data). */
    PLAINTEXT,
    /** The payload bodies as they travel: the SM2 ciphertext of Sk, the sealed nonce and the sealed ID. */
    PAYLOAD_BODIES
}
