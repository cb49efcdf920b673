package io.gmgw.ipsec.isakmp.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.gmgw.ipsec.isakmp.PayloadType;
import io.gmgw.ipsec.isakmp.message.EncryptedIsakmpMessage;
import io.gmgw.ipsec.isakmp.message.IsakmpDatagram;
import io.gmgw.ipsec.isakmp.message.IsakmpMessage;
import io.gmgw.ipsec.isakmp.payload.Payload;
import java.util.Arrays;

/**
 * Coverage-guided fuzz targets (Jazzer, as gateway-sslvpn's TLCP ones) for the ISAKMP decoder: whatever a peer sends
 * on UDP 500/4500. The rule for every input: it is refused with an {@link IsakmpFormatException}, or it decodes to a
 * message that encodes back to exactly the same bytes; any other exception, or a decoded message that re-encodes
 * differently, is a finding. An encrypted message's ciphertext is also fed to {@code decodeDecrypted} as if it were
 * its plaintext, which reaches the padding rule.
 *
 * <p>Seeds ({@code src/test/resources/io/gmgw/ipsec/isakmp/codec/IsakmpDecoderFuzzTestInputs/<target>/}, kept
 * current by {@link IsakmpFuzzSeedsTest}): strongSwan's recorded message 1, GM main-mode messages 1-3, an encrypted
 * message, and for {@code bodies} one body per payload type. To fuzz (docs/fuzzing.md), from {@code gateway-ipsec/}:
 * {@code JAZZER_FUZZ=1 ../mvnw -o test-compile surefire:test@fuzz-targets -Dtest='IsakmpDecoderFuzzTest#messages'
 * -Djazzer.max_duration=30m}.
 */
class IsakmpDecoderFuzzTest {
    private static final IsakmpDecoder DECODER = new IsakmpDecoder(IsakmpLimits.DEFAULT);
    private static final PayloadBodyDecoder BODIES = new PayloadBodyDecoder(IsakmpLimits.DEFAULT);
    private static final IsakmpEncoder ENCODER = new IsakmpEncoder();

    @FuzzTest(maxDuration = "10m")
    void messages(byte[] input) {
        IsakmpDatagram d;
        try {
            d = DECODER.decode(input);
        } catch (IsakmpFormatException refused) {
            return;
        }
        switch (d) {
            case IsakmpMessage m -> assertArrayEquals(input, ENCODER.encode(m));
            case EncryptedIsakmpMessage e -> {
                assertArrayEquals(input, ENCODER.encode(e));
                byte[] plaintext = e.ciphertext().toByteArray();
                try {
                    IsakmpMessage opened = DECODER.decodeDecrypted(e, plaintext, 16);
                    byte[] chain = ENCODER.encodePayloads(opened.payloads());
                    assertArrayEquals(Arrays.copyOf(plaintext, chain.length), chain);
                } catch (IsakmpFormatException refused) {
                    // not a payload chain: fine
                }
            }
        }
    }

    /** First byte: the payload type; the rest: its body. */
    @FuzzTest(maxDuration = "10m")
    void bodies(byte[] input) {
        if (input.length == 0) {
            return;
        }
        PayloadType type = PayloadType.of(input[0] & 0xff).orElse(null);
        if (type == null) {
            return;
        }
        byte[] body = Arrays.copyOfRange(input, 1, input.length);
        Payload p;
        try {
            p = BODIES.decode(type, body);
        } catch (IsakmpFormatException refused) {
            return;
        }
        assertArrayEquals(body, ENCODER.body(p));
    }
}
