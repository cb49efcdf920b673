package io.gmgw.crypto.sm4;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.crypto.VectorFile;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The ECB, CBC and CTR examples of draft-ribose-cfrg-sm4-10 Appendix A.2, both directions, apart and in place. */
class Sm4ModeVectorsTest {
    private static final CryptoModule MODULE = TestModules.deterministic("sm4-modes");

    static List<VectorFile.Vector> vectors() {
        return VectorFile.load("sm4/draft-ribose-cfrg-sm4-10-modes.txt");
    }

    /** Encrypts or decrypts with the vector's mode, key and IV. */
    private interface Direction {
        int apply(VectorFile.Vector v, byte[] in, int inOff, int len, byte[] out, int outOff);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void encryptsToThePublishedCiphertext(VectorFile.Vector v) {
        check(v, v.bytes("plaintext"), v.bytes("ciphertext"), Sm4ModeVectorsTest::encrypt);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void decryptsThePublishedCiphertext(VectorFile.Vector v) {
        check(v, v.bytes("ciphertext"), v.bytes("plaintext"), Sm4ModeVectorsTest::decrypt);
    }

    private static void check(VectorFile.Vector v, byte[] input, byte[] expected, Direction direction) {
        // apart, at odd offsets in larger buffers
        byte[] in = new byte[input.length + 7];
        System.arraycopy(input, 0, in, 3, input.length);
        byte[] out = new byte[input.length + 9];
        assertEquals(input.length, direction.apply(v, in, 3, input.length, out, 5));
        assertArrayEquals(expected, Arrays.copyOfRange(out, 5, 5 + input.length), v.name() + " apart");
        // in place
        byte[] buffer = in.clone();
        direction.apply(v, buffer, 3, input.length, buffer, 3);
        assertArrayEquals(expected, Arrays.copyOfRange(buffer, 3, 3 + input.length), v.name() + " in place");
    }

    private static int encrypt(VectorFile.Vector v, byte[] in, int inOff, int len, byte[] out, int outOff) {
        return switch (v.text("mode")) {
            case "ecb" -> MODULE.sm4().ecb(v.bytes("key")).encrypt(in, inOff, len, out, outOff);
            case "cbc" -> MODULE.sm4().cbc(v.bytes("key")).encrypt(v.bytes("iv"), 0, in, inOff, len, out, outOff);
            case "ctr" -> MODULE.sm4().ctr(v.bytes("key")).encrypt(v.bytes("iv"), 0, in, inOff, len, out, outOff);
            default -> throw new IllegalStateException("unknown mode in " + v.name());
        };
    }

    private static int decrypt(VectorFile.Vector v, byte[] in, int inOff, int len, byte[] out, int outOff) {
        return switch (v.text("mode")) {
            case "ecb" -> MODULE.sm4().ecb(v.bytes("key")).decrypt(in, inOff, len, out, outOff);
            case "cbc" -> MODULE.sm4().cbc(v.bytes("key")).decrypt(v.bytes("iv"), 0, in, inOff, len, out, outOff);
            case "ctr" -> MODULE.sm4().ctr(v.bytes("key")).decrypt(v.bytes("iv"), 0, in, inOff, len, out, outOff);
            default -> throw new IllegalStateException("unknown mode in " + v.name());
        };
    }
}
