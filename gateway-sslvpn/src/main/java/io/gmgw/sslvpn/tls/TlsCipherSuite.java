package io.gmgw.sslvpn.tls;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.tls.CipherSuite;

/**
 * The TLS suites the gateway offers, by preference: AES-GCM first (AES-NI makes it the cheapest on the servers
 * gmgw runs on), ChaCha20-Poly1305 for clients without AES hardware. Only AEAD suites with forward secrecy: TLS 1.3's
 * (RFC 8446 §B.4), and for TLS 1.2 the ECDHE ones for an ECDSA or an RSA server key (RFC 5289, RFC 7905).
 */
public enum TlsCipherSuite {
    TLS_AES_128_GCM_SHA256(CipherSuite.TLS_AES_128_GCM_SHA256, KeyType.ANY),
    TLS_AES_256_GCM_SHA384(CipherSuite.TLS_AES_256_GCM_SHA384, KeyType.ANY),
    TLS_CHACHA20_POLY1305_SHA256(CipherSuite.TLS_CHACHA20_POLY1305_SHA256, KeyType.ANY),
    TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, KeyType.EC),
    TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, KeyType.EC),
    TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256(CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
            KeyType.EC),
    TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256(CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, KeyType.RSA),
    TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384(CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, KeyType.RSA),
    TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256(CipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
            KeyType.RSA);

    /** Which server key a suite needs: TLS 1.3's suites work with any. */
    public enum KeyType { ANY, EC, RSA }

    private final int code;
    private final KeyType keyType;

    TlsCipherSuite(int code, KeyType keyType) {
        this.code = code;
        this.keyType = keyType;
    }

    public int code() {
        return code;
    }

    public KeyType keyType() {
        return keyType;
    }

    /** The suites a server with a key of {@code type} (EC or RSA) offers, in preference order. */
    public static List<TlsCipherSuite> forServerKey(KeyType type) {
        return Arrays.stream(values()).filter(s -> s.keyType == KeyType.ANY || s.keyType == type).toList();
    }

    /** The suite IANA names {@code name} (case-insensitive), if gmgw offers it. */
    public static Optional<TlsCipherSuite> byName(String name) {
        String n = name.strip();
        return Arrays.stream(values()).filter(s -> s.name().equalsIgnoreCase(n)).findFirst();
    }

    public static Optional<TlsCipherSuite> byCode(int code) {
        return Arrays.stream(values()).filter(s -> s.code == code).findFirst();
    }
}
