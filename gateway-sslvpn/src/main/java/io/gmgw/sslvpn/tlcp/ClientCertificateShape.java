package io.gmgw.sslvpn.tlcp;

/**
 * How a client's Certificate message is laid out: the double chain (signing, encryption, CA) as Kona sends it, or
 * the signing certificate and CA only, as GmSSL sends it. ECDHE suites always need the double chain.
 */
public enum ClientCertificateShape {
    DOUBLE, SIGNING_ONLY
}
