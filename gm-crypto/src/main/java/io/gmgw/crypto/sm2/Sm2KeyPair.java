package io.gmgw.crypto.sm2;

/** A private key and its public key. */
public record Sm2KeyPair(Sm2PrivateKey privateKey, Sm2PublicKey publicKey) {
}
