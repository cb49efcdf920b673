package io.gmgw.sslvpn.tlcp.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.sslvpn.tlcp.protocol.AlertDescription;
import io.gmgw.sslvpn.tlcp.protocol.TlcpAlertException;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A refused record leaves nothing in the output buffer: neither a candidate plaintext of the forged record nor what the
 * buffer held before (a caller that reuses its buffer keeps an earlier record's plaintext there). Both record ciphers,
 * every way of refusing: altered ciphertext, altered tag or MAC, a fragment too short to hold one.
 */
class RecordFailureWipeTest {
    private final CryptoModule module = TestModules.deterministic("record-wipe");
    private final byte[] key = java.util.HexFormat.of().parseHex("00112233445566778899aabbccddeeff");

    enum Kind { CBC, GCM }

    enum Forgery {
        CIPHERTEXT(b -> flip(b, 20)), TAG_OR_MAC(b -> flip(b, b.length - 1)), TOO_SHORT(b -> Arrays.copyOf(b, 20));

        final UnaryOperator<byte[]> spoil;

        Forgery(UnaryOperator<byte[]> spoil) {
            this.spoil = spoil;
        }
    }

    private RecordCipher[] pair(Kind kind) {
        byte[] implicit = {1, 2, 3, 4};
        return switch (kind) {
            case CBC -> new RecordCipher[] {
                new CbcRecordCipher(module.sm4().cbcEncryptor(key), module.sm3().hmac(key), module.random()),
                new CbcRecordCipher(module.sm4().cbcDecryptor(key), module.sm3().hmac(key), module.random())};
            case GCM -> new RecordCipher[] {new GcmRecordCipher(module.sm4().gcm(key), implicit),
                new GcmRecordCipher(module.sm4().gcm(key), implicit)};
        };
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Kind.class)
    void refusedRecordLeavesTheBufferZeroed(Kind kind) {
        for (Forgery forgery : Forgery.values()) {
            RecordCipher[] ciphers = pair(kind);
            byte[] plaintext = "the first record, delivered; then a forged one arrives in the same buffer".getBytes();
            byte[] buffer = new byte[RecordLayer.MAX_FRAGMENT];
            // A genuine record first: the buffer now holds its plaintext, as a reusing caller's would.
            byte[] first = seal(ciphers[0], 0, plaintext);
            int n = ciphers[1].open(0, 23, first, 0, first.length, buffer);
            assertArrayEquals(plaintext, Arrays.copyOf(buffer, n));
            byte[] forged = forgery.spoil.apply(seal(ciphers[0], 1, plaintext));
            TlcpAlertException e = assertThrows(TlcpAlertException.class,
                    () -> ciphers[1].open(1, 23, forged, 0, forged.length, buffer), forgery::name);
            assertEquals(AlertDescription.BAD_RECORD_MAC, e.alert());
            assertArrayEquals(new byte[forged.length], Arrays.copyOf(buffer, forged.length),
                    () -> kind + " " + forgery + ": the output buffer still holds plaintext after the refusal");
        }
    }

    private static byte[] seal(RecordCipher cipher, long seq, byte[] plaintext) {
        byte[] out = new byte[cipher.maxSealedLength(plaintext.length)];
        return Arrays.copyOf(out, cipher.seal(seq, 23, plaintext, 0, plaintext.length, out, 0));
    }

    private static byte[] flip(byte[] b, int index) {
        byte[] c = b.clone();
        c[index] ^= 1;
        return c;
    }
}
