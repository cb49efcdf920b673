package io.gmgw.sslvpn.tlcp.protocol;

/**
 * What a client's CertificateVerify signature covers. GM/T 0024 §6.4.5.9: SM3(handshake_messages), signed with
 * SM2-with-SM3 (Kona, gm-jsse, Tongsuo). GmSSL 3.2 instead signs the messages themselves (SM2-with-SM3 hashes them
 * with Z); a server may accept that too.
 */
public enum CertificateVerifyVariant {
    HASH_OF_MESSAGES, RAW_MESSAGES
}
