package io.gmgw.ipsec.esp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Fuzz targets (Jazzer) for the ESP input path, whatever arrives on UDP 4500 for an SA. The first input byte picks
 * one of the four transforms of {@code vectors/esp-vectors.txt} (its ICMP packet; HMAC-SM3 with 128 bits), whose keys
 * and SPI the receiving SA has.
 * <ul>
 *   <li>{@code packets}: the rest is the ESP packet. It must come back as a drop code or as an inner packet that lies
 *       inside the buffer; nothing else (no exception).</li>
 *   <li>{@code plaintexts}: the rest (cut to the cipher's alignment) is sealed with the right keys first, so that the
 *       checks behind the ICV are reached: padding, next header, inner packet, selectors. Only those drops may
 *       happen, and a delivered packet is the prefix of what was sealed.</li>
 * </ul>
 * Seeds ({@code EspInboundFuzzTestInputs/<target>/}): the vectors' packets and their plaintexts, written by
 * {@code vectors/esp-fuzz-seeds.py}. To fuzz (docs/fuzzing.md), from {@code gateway-ipsec/}: {@code JAZZER_FUZZ=1
 * ../mvnw -o test-compile surefire:test@fuzz-targets -Dtest='EspInboundFuzzTest#packets' -Djazzer.max_duration=5m}.
 */
class EspInboundFuzzTest {
    private static final List<EspVectors.Vector> VECTORS = EspVectors.all().stream()
            .filter(v -> v.innerKind().equals("icmp") && (v.icvBits() == 128)).toList();
    private static final Set<EspDrop> AFTER_ICV = Set.of(EspDrop.BAD_PADDING, EspDrop.BAD_NEXT_HEADER, EspDrop.DUMMY,
            EspDrop.BAD_INNER_PACKET, EspDrop.SELECTOR_MISMATCH);

    @FuzzTest(maxDuration = "5m")
    void packets(byte[] input) {
        if (input.length == 0) {
            return;
        }
        EspVectors.Vector v = VECTORS.get((input[0] & 0xff) % VECTORS.size());
        EspSaPair us = v.receiver(new SecureRandom());
        byte[] buf = Arrays.copyOfRange(input, 1, input.length);
        int n = us.inbound().decapsulate(buf, 0, buf.length);
        if (n < 0) {
            EspDrop.ofCode(n);
        } else {
            assertTrue(us.inbound().innerOffset(0) + n <= buf.length);
        }
        us.destroy();
    }

    @FuzzTest(maxDuration = "5m")
    void plaintexts(byte[] input) {
        if (input.length == 0) {
            return;
        }
        EspVectors.Vector v = VECTORS.get((input[0] & 0xff) % VECTORS.size());
        EspTransform t = v.transform();
        int align = t.algorithm().alignment();
        int len = (input.length - 1) / align * align;
        if (len < 2) {
            return;
        }
        byte[] buf = new byte[t.headerLength() + len + t.icvLength()];
        EspCipher.writeInt(buf, 0, v.spi());
        EspCipher.writeInt(buf, 4, 1);
        System.arraycopy(input, 1, buf, t.headerLength(), len);
        EspCipher sealer = EspCipher.create(t, true, v.encryptionKey(), v.integrityKey(), EspVectors.MODULE,
                new SecureRandom());
        sealer.seal(buf, 0, len, 1);
        sealer.destroy();
        EspSaPair us = v.receiver(new SecureRandom());
        int n = us.inbound().decapsulate(buf, 0, buf.length);
        if (n < 0) {
            EspDrop d = EspDrop.ofCode(n);
            assertTrue(AFTER_ICV.contains(d), d::toString);
        } else {
            int at = us.inbound().innerOffset(0);
            assertArrayEquals(Arrays.copyOfRange(input, 1, 1 + n), Arrays.copyOfRange(buf, at, at + n));
        }
        us.destroy();
    }
}
