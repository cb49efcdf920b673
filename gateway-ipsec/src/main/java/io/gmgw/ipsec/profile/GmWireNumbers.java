package io.gmgw.ipsec.profile;

import io.gmgw.crypto.sm2.Sm2CiphertextFormat;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The GM numbers and encodings that public sources disagree on (ipsec.md §2, §3, §5 marks [?] and [B]). Each built-in
 * profile's file says which value it picks and why.
 *
 * @param espSm4CbcTransformId ESP transform id of SM4-CBC: 129 (GM/T 0022-2014 per strongswan-gmalg-merge) or 127
 *     (GM/T 0022-2023 analyses)
 * @param espSm4GcmTransformId ESP transform id of SM4-GCM, absent where the edition has none (130 in 2023 analyses)
 * @param hmacSm3IcvBits ESP/AH ICV length of HMAC-SM3: 96, 128 or 256 bits
 * @param skCiphertext encoding of the SM2 ciphertext of Sk in the SK payload (128)
 * @param signature encoding of the SM2 signature in the SIG payload
 * @param signerId the SM2 signer identity in Z (GM/T 0009 default "1234567812345678"), ASCII
 * @param xchBodyCipher how the NONCE and ID bodies of messages 3 and 4 are encrypted under Sk
 * @param certBodyIncludesEncoding whether CERT_enc_b in SIG_i/SIG_r starts with the certificate encoding byte
 * @param signedValues whether SIG_i/SIG_r cover Sk, the nonce and the ID in plaintext or as their payload bodies
 */
public record GmWireNumbers(int espSm4CbcTransformId, OptionalInt espSm4GcmTransformId, int hmacSm3IcvBits,
        Sm2CiphertextFormat skCiphertext, SignatureEncoding signature, String signerId, XchBodyCipher xchBodyCipher,
        boolean certBodyIncludesEncoding, SignedValues signedValues) {
    public GmWireNumbers {
        transformId("SM4-CBC", espSm4CbcTransformId);
        espSm4GcmTransformId.ifPresent(id -> transformId("SM4-GCM", id));
        if (hmacSm3IcvBits != 96 && hmacSm3IcvBits != 128 && hmacSm3IcvBits != 256) {
            throw new WireProfileException("HMAC-SM3 ICV length is 96, 128 or 256 bits, not " + hmacSm3IcvBits);
        }
        Objects.requireNonNull(skCiphertext, "skCiphertext");
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(xchBodyCipher, "xchBodyCipher");
        Objects.requireNonNull(signedValues, "signedValues");
        if (signerId.isEmpty() || signerId.length() > 0x1fff || !signerId.chars().allMatch(ch -> ch < 0x80)) {
            throw new WireProfileException("the SM2 signer id is 1 to 8191 ASCII characters");
        }
    }

    private static void transformId(String what, int id) {
        if (id < 1 || id > 255) {
            throw new WireProfileException("ESP transform id of " + what + " is 1 to 255, not " + id);
        }
    }

    /** ICV length in bytes. */
    public int hmacSm3IcvLength() {
        return hmacSm3IcvBits / 8;
    }
}
