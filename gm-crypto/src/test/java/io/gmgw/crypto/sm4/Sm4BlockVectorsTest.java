package io.gmgw.crypto.sm4;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.crypto.VectorFile;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Single-block known answers of GB/T 32907-2016 Appendix A (including the million-fold example) and the draft. */
class Sm4BlockVectorsTest {
    private static final CryptoModule MODULE = TestModules.deterministic("sm4-block");

    static List<VectorFile.Vector> vectors() {
        return VectorFile.load("sm4/gbt32907-block.txt");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void encryptsTheBlockTheGivenNumberOfTimesAndBack(VectorFile.Vector v) {
        int iterations = Integer.parseInt(v.text("iterations"));
        Sm4Ecb ecb = MODULE.sm4().ecb(v.bytes("key"));
        byte[] block = v.bytes("plaintext");
        // in place, one block per call: the per-record path a gateway uses, a million times over
        for (int i = 0; i < iterations; i++) {
            assertEquals(16, ecb.encrypt(block, 0, 16, block, 0));
        }
        assertArrayEquals(v.bytes("ciphertext"), block, v.name());
        for (int i = 0; i < iterations; i++) {
            ecb.decrypt(block, 0, 16, block, 0);
        }
        assertArrayEquals(v.bytes("plaintext"), block, v.name() + " decrypted");
    }
}
