package io.gmgw.sslvpn.tlcp;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.key.KeyHandle;
import io.gmgw.crypto.sm2.Sm2CiphertextFormat;
import io.gmgw.sslvpn.tlcp.protocol.CipherSuite;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;

/**
 * What a TLCP server's keys must be able to do, checked once when its configuration is built rather than found out
 * per handshake. It matters most for the encryption key: the ECC suites' countermeasure hides every decryption
 * failure until the client's Finished (GM/T 0024 inherits RFC 5246 §7.4.7.1), so an encryption key that cannot decrypt
 * would fail every handshake with decrypt_error and nothing on the server would say why.
 */
final class ServerKeyCheck {
    /** A public probe: its encryption protects nothing. */
    private static final byte[] PROBE = "gmgw TLCP encryption key check".getBytes(StandardCharsets.US_ASCII);

    private ServerKeyCheck() {
    }

    static void check(CryptoModule module, TlcpCredentials credentials, List<CipherSuite> suites) {
        KeyHandle signing = credentials.signingKey();
        if (!signing.capabilities().contains(KeyHandle.Capability.SIGN)) {
            throw new IllegalArgumentException("the TLCP server's signing key " + signing.description()
                    + " cannot make SM2 signatures (capabilities " + signing.capabilities() + "), which every"
                    + " ServerKeyExchange needs; use a key (or a token mechanism profile) that can sign");
        }
        if (suites.stream().noneMatch(s -> s.keyExchange() == CipherSuite.KeyExchange.ECC)) {
            return; // ECDHE suites only: the encryption key agrees keys, it never decrypts
        }
        KeyHandle encryption = credentials.encryptionKey();
        String which = "the TLCP server's encryption key " + encryption.description() + " (encryption certificate "
                + credentials.encryptionCertificate() + ")";
        if (!encryption.capabilities().contains(KeyHandle.Capability.DECRYPT)) {
            throw new IllegalArgumentException(which + " cannot SM2-decrypt (capabilities "
                    + encryption.capabilities() + "), which the ECC suites (" + eccSuites(suites) + ") need for every"
                    + " ClientKeyExchange; use a key or token that offers SM2 decryption, or configure ECDHE suites"
                    + " only");
        }
        // A round trip through the certificate's public key: a token whose private object is not the certificate's
        // key reports the right public key and still decrypts to something else. k comes from the platform generator,
        // not the module's, whose output the handshakes draw from: the probe is public and its k protects nothing.
        byte[] ciphertext = module.sm2().encrypt(credentials.encryptionCertificate().publicKey(), PROBE,
                Sm2CiphertextFormat.DER_C1C3C2, new SecureRandom());
        byte[] decrypted;
        try {
            decrypted = encryption.decrypt(ciphertext);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(which + " cannot decrypt a message encrypted to its certificate: " + e
                    + "; check that the key is the certificate's and that the token is present and logged in", e);
        }
        boolean same = decrypted != null && MessageDigest.isEqual(PROBE, decrypted);
        if (decrypted != null) {
            Arrays.fill(decrypted, (byte) 0);
        }
        if (!same) {
            throw new IllegalArgumentException(which + " decrypts a message encrypted to its certificate to something"
                    + " else: the key is not the certificate's; configure the private key that belongs to the"
                    + " encryption certificate");
        }
    }

    private static List<String> eccSuites(List<CipherSuite> suites) {
        return suites.stream().filter(s -> s.keyExchange() == CipherSuite.KeyExchange.ECC).map(CipherSuite::hexId)
                .toList();
    }
}
