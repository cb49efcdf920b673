package io.gmgw.crypto.sm2;

/**
 * Something that makes SM2 signatures with a private key it does not reveal: what certificate and CRL issuers, CMS and
 * request signing need of a key. Every {@link io.gmgw.crypto.key.KeyHandle} is one; the issuers depend on this
 * interface, not on the key-provider SPI (which in turn hands out certificates).
 */
public interface Sm2Signer {
    /** Where the key is, for logs and errors (a path or URI with any secret removed). */
    String description();

    Sm2PublicKey publicKey();

    /** An SM2 signature (DER) over {@code message} with the given user ID (Z is computed from this key). */
    byte[] sign(byte[] message, byte[] userId);
}
