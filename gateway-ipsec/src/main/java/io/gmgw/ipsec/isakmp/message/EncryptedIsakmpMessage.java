package io.gmgw.ipsec.isakmp.message;

import io.gmgw.ipsec.isakmp.IsakmpHeader;
import io.gmgw.ipsec.isakmp.Octets;

/**
 * A message with the encryption flag set (RFC 2408 §3.1, RFC 2409 appendix B): everything after the header is
 * ciphertext, including the padding. The header's next-payload field names the first payload inside. The caller
 * decrypts (it holds the SA's key and IV chain) and hands the plaintext to {@code IsakmpDecoder.decodeDecrypted}.
 */
public record EncryptedIsakmpMessage(IsakmpHeader header, Octets ciphertext) implements IsakmpDatagram {
    public EncryptedIsakmpMessage {
        if (!header.encrypted()) {
            throw new IllegalArgumentException("an encrypted message has the encryption flag set");
        }
        java.util.Objects.requireNonNull(ciphertext, "ciphertext");
    }
}
