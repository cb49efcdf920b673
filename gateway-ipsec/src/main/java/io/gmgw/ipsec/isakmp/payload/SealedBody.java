package io.gmgw.ipsec.isakmp.payload;

import io.gmgw.ipsec.isakmp.Octets;
import io.gmgw.ipsec.isakmp.PayloadType;

/**
 * A payload whose body is symmetric ciphertext although the message's encryption flag is clear: the NONCE and ID
 * payloads of GM main-mode messages 3 and 4, encrypted under the fresh key Sk carried in the same message's
 * {@link SymmetricKey} payload (ipsec.md §2 [A]). The decoder yields this for NONCE and ID whenever the message
 * holds an SK payload; the caller decrypts {@link #ciphertext()} and decodes the plaintext with
 * {@code PayloadBodyDecoder.decode(type, plaintext)}.
 */
public record SealedBody(PayloadType type, Octets ciphertext) implements Payload {
    public SealedBody {
        if (type != PayloadType.NONCE && type != PayloadType.IDENTIFICATION) {
            throw new IllegalArgumentException("only NONCE and ID bodies are sealed under Sk, not " + type);
        }
        java.util.Objects.requireNonNull(ciphertext, "ciphertext");
    }
}
