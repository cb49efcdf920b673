package io.gmgw.crypto.sm4;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.crypto.VectorFile;
import io.gmgw.crypto.core.BadCiphertextException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** SM4-GCM against RFC 8998 Appendix A.1 and a selection of Wycheproof's SM4-GCM vectors. */
class Sm4GcmVectorsTest {
    private static final CryptoModule MODULE = TestModules.deterministic("sm4-gcm-vectors");

    static Stream<VectorFile.Vector> valid() {
        return all().filter(v -> v.text("result").equals("valid"));
    }

    static Stream<VectorFile.Vector> invalid() {
        return all().filter(v -> v.text("result").equals("invalid"));
    }

    private static Stream<VectorFile.Vector> all() {
        return Stream.of(VectorFile.load("sm4/rfc8998-gcm.txt"),
                VectorFile.load("sm4/wycheproof-sm4-gcm.txt")).flatMap(List::stream);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void sealGivesTheCiphertextAndTag(VectorFile.Vector v) {
        Sm4Gcm gcm = MODULE.sm4().gcm(v.bytes("key"));
        byte[] pt = v.bytes("plaintext");
        byte[] expected = concat(v.bytes("ciphertext"), v.bytes("tag"));

        byte[] out = new byte[expected.length + 3];
        assertEquals(expected.length, gcm.seal(v.bytes("nonce"), v.bytes("aad"), pt, 0, pt.length, out, 3));
        assertArrayEquals(expected, Arrays.copyOfRange(out, 3, out.length), v.name());

        // in place, with nonce and AAD taken by offset from a record-like buffer
        byte[] nonce = v.bytes("nonce");
        byte[] aad = v.bytes("aad");
        byte[] record = concat(nonce, aad, pt, new byte[Sm4Gcm.TAG_LENGTH]);
        int body = nonce.length + aad.length;
        gcm.seal(record, 0, nonce.length, record, nonce.length, aad.length, record, body, pt.length, record, body);
        assertArrayEquals(expected, Arrays.copyOfRange(record, body, record.length), v.name() + " in place");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void openGivesThePlaintextBack(VectorFile.Vector v) {
        Sm4Gcm gcm = MODULE.sm4().gcm(v.bytes("key"));
        byte[] sealed = concat(v.bytes("ciphertext"), v.bytes("tag"));
        byte[] out = new byte[sealed.length];
        int n = gcm.open(v.bytes("nonce"), v.bytes("aad"), sealed, 0, sealed.length, out, 0);
        assertArrayEquals(v.bytes("plaintext"), Arrays.copyOf(out, n), v.name());

        gcm.open(v.bytes("nonce"), v.bytes("aad"), sealed, 0, sealed.length, sealed, 0);
        assertArrayEquals(v.bytes("plaintext"), Arrays.copyOf(sealed, n), v.name() + " in place");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void rejectsWhatWycheproofMarksInvalid(VectorFile.Vector v) {
        Sm4Gcm gcm = MODULE.sm4().gcm(v.bytes("key"));
        byte[] nonce = v.bytes("nonce");
        byte[] aad = v.bytes("aad");
        byte[] sealed = concat(v.bytes("ciphertext"), v.bytes("tag"));
        byte[] out = new byte[sealed.length];
        Arrays.fill(out, (byte) 0x5c);
        if (nonce.length == 0) {
            byte[] pt = v.bytes("plaintext");
            assertThrows(IllegalArgumentException.class, () -> gcm.seal(nonce, aad, pt, 0, pt.length, out, 0));
            assertThrows(IllegalArgumentException.class, () -> gcm.open(nonce, aad, sealed, 0, sealed.length, out, 0));
        } else {
            assertThrows(BadCiphertextException.class, () -> gcm.open(nonce, aad, sealed, 0, sealed.length, out, 0));
        }
        byte[] untouched = new byte[sealed.length];
        Arrays.fill(untouched, (byte) 0x5c);
        assertArrayEquals(untouched, out, v.name() + ": output written despite the failure");
    }

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) {
            length += p.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }
}
