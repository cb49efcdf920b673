package io.gmgw.sslvpn.tlcp.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.crypto.sm3.HmacSm3;
import io.gmgw.crypto.sm3.Sm3CompressionCounter;
import io.gmgw.crypto.sm4.Sm4Cbc;
import io.gmgw.sslvpn.tlcp.protocol.AlertDescription;
import io.gmgw.sslvpn.tlcp.protocol.ProtocolVersion;
import io.gmgw.sslvpn.tlcp.protocol.TlcpAlertException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pins the Lucky Thirteen countermeasure of {@link CbcRecordCipher} by its cost model instead of a clock: the number
 * of SM3 compressions the MAC check makes. For a given record length it must not depend on the padding length (0 to
 * 255, which moves the MAC to every position it can have), nor on whether the padding or the MAC is bad. The class's
 * reasoning gives the number: the MAC is computed over header and data, then the HMAC compresses dummy blocks up to
 * what the longest possible MAC input (no padding: 13 + ciphertext - 32 bytes) would have cost. SM3 compresses
 * floor((L + 8) / 64) + 1 inner blocks for an input of L bytes after the precomputed key block, and one outer block,
 * so every record of a given ciphertext length costs floor((13 + ciphertext - 32 + 8) / 64) + 2 compressions.
 * Deleting the dummy compressions makes the count grow with the data length, and this test fail.
 */
class CbcTimingCountermeasureTest {
    private static final int MAC = HmacSm3.MAC_LENGTH;
    private static final int TYPE = 23;
    private final CryptoModule module = TestModules.deterministic("cbc-timing");
    private final byte[] encKey = hex("0123456789abcdeffedcba9876543210");
    private final byte[] macKey = new byte[32];
    private final Sm3CompressionCounter counter = new Sm3CompressionCounter();
    private final HmacSm3 reference = module.sm3().hmac(macKey);
    private final Sm4Cbc encryptor = module.sm4().cbcEncryptor(encKey);
    private final CbcRecordCipher cipher = new CbcRecordCipher(module.sm4().cbcDecryptor(encKey),
            counter.hmac(module, macKey), module.random());

    enum Damage { NONE, MAC, PADDING }

    /** Ciphertext lengths (without the IV): the shortest record, every length up to all 256 paddings and past, the largest. */
    static IntStream ciphertextLengths() {
        return IntStream.concat(IntStream.iterate(48, n -> n <= 416, n -> n + 16),
                IntStream.of(1024, 1040, 16384 + 48, 16384 + 2048 - 16));
    }

    @ParameterizedTest(name = "ciphertext of {0} bytes")
    @MethodSource("ciphertextLengths")
    void sameCompressionsForEveryPaddingLengthAndFailure(int ctLen) {
        TreeMap<Long, List<String>> byCount = new TreeMap<>();
        for (int pad = 0; pad <= 255 && MAC + pad + 1 <= ctLen; pad++) {
            for (Damage damage : Damage.values()) {
                if (damage == Damage.PADDING && pad == 0) {
                    continue; // the length byte alone: nothing else to spoil
                }
                long count = compressionsToOpen(ctLen, pad, damage);
                byCount.computeIfAbsent(count, c -> new ArrayList<>()).add("pad " + pad + " " + damage);
            }
        }
        if (byCount.size() != 1) {
            fail("the MAC check's cost depends on the padding: compressions -> records " + summary(byCount));
        }
        assertEquals((13 + ctLen - MAC + 8) / 64 + 2, byCount.firstKey(), "the cost CbcRecordCipher's reasoning predicts");
    }

    @Test
    void theCountCanTellPaddingLengthsApart() {
        // Without the countermeasure a MAC over fewer bytes costs fewer compressions, so the measure above would see
        // it: the two extreme MAC inputs of a 400-byte record (header and data, padding 255 or 0) differ by 4 blocks.
        Sm3CompressionCounter c = new Sm3CompressionCounter();
        HmacSm3 mac = c.hmac(module, macKey);
        mac.update(new byte[13 + 400 - MAC - 256]).doFinal();
        long shortest = c.compressions();
        c.reset();
        mac.update(new byte[13 + 400 - MAC - 1]).doFinal();
        assertEquals(4, c.compressions() - shortest);
    }

    /** Builds data ‖ MAC ‖ padding (pad + 1 bytes of value pad) of {@code ctLen} bytes, spoils it, opens it, counts. */
    private long compressionsToOpen(int ctLen, int pad, Damage damage) {
        int dataLen = ctLen - MAC - pad - 1;
        byte[] plain = new byte[ctLen];
        for (int i = 0; i < dataLen; i++) {
            plain[i] = (byte) (i * 7);
        }
        byte[] header = new byte[13];
        RecordCipher.additionalData(header, 5, TYPE, ProtocolVersion.TLCP_1_1, dataLen);
        reference.update(header).update(plain, 0, dataLen).doFinal(plain, dataLen);
        for (int i = dataLen + MAC; i < ctLen; i++) {
            plain[i] = (byte) pad;
        }
        switch (damage) {
            case MAC -> plain[dataLen + MAC - 1] ^= 1;
            case PADDING -> plain[dataLen + MAC] ^= 1;
            case NONE -> { }
        }
        byte[] fragment = new byte[16 + ctLen];
        module.random().nextBytes(fragment);
        encryptor.encrypt(fragment, 0, plain, 0, ctLen, fragment, 16);
        byte[] out = new byte[fragment.length];
        counter.reset();
        if (damage == Damage.NONE) {
            assertEquals(dataLen, cipher.open(5, TYPE, fragment, 0, fragment.length, out));
        } else {
            TlcpAlertException e = assertThrows(TlcpAlertException.class,
                    () -> cipher.open(5, TYPE, fragment, 0, fragment.length, out));
            assertEquals(AlertDescription.BAD_RECORD_MAC, e.alert());
        }
        return counter.compressions();
    }

    private static String summary(TreeMap<Long, List<String>> byCount) {
        StringBuilder b = new StringBuilder();
        byCount.forEach((count, records) -> b.append("\n  ").append(count).append(": ").append(records.size())
                .append(" records, e.g. ").append(records.subList(0, Math.min(4, records.size()))));
        return b.toString();
    }

    private static byte[] hex(String s) {
        return java.util.HexFormat.of().parseHex(s);
    }
}
