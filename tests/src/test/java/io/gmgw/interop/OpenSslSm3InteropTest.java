package io.gmgw.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.crypto.sm3.Sm3;
import io.gmgw.crypto.sm3.Sm3Digest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SM3 and HMAC-SM3 of gm-crypto against the OpenSSL 3 CLI on random inputs. */
class OpenSslSm3InteropTest {
    /** Lengths around SM3's 64-byte block and its 56-byte padding limit, always among the cases. */
    private static final int[] EDGE_LENGTHS = {0, 1, 3, 31, 32, 33, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129,
            191, 192, 1000, 3000};
    private static final int MAX_LENGTH = 3000;

    @TempDir
    static Path dir;
    private static OpenSslCli openssl;
    private static CryptoModule module;

    @BeforeAll
    static void requireOpenSsl() {
        openssl = OpenSslCli.require(dir);
        module = TestModules.deterministic("interop-openssl-sm3");
    }

    @Test
    void sm3MatchesOpenSslDgst() {
        // One 'openssl dgst' call hashes every file and writes the 32-byte digests one after another, in order.
        RandomCases cases = RandomCases.of("openssl-sm3-files");
        int count = 80;
        List<byte[]> messages = new ArrayList<>();
        List<String> args = new ArrayList<>(List.of("dgst", "-sm3", "-binary"));
        for (int i = 0; i < count; i++) {
            byte[] m = cases.bytes(i < EDGE_LENGTHS.length ? EDGE_LENGTHS[i] : cases.between(0, MAX_LENGTH));
            messages.add(m);
            args.add(openssl.write("sm3-message-" + i, m).toString());
        }
        byte[] theirs = openssl.run(args.toArray(String[]::new));
        assertEquals(count * Sm3.DIGEST_LENGTH, theirs.length, "openssl dgst output length");
        for (int i = 0; i < count; i++) {
            byte[] m = messages.get(i);
            byte[] expected = Arrays.copyOfRange(theirs, i * Sm3.DIGEST_LENGTH, (i + 1) * Sm3.DIGEST_LENGTH);
            String where = cases.where(i, m.length + " bytes");
            assertArrayEquals(expected, module.sm3().hash(m), "one-shot SM3, " + where);
            assertArrayEquals(expected, hashInRandomPieces(m, cases), "incremental SM3, " + where);
        }
    }

    @Test
    void sm3MatchesOpenSslDgstOnStdin() {
        RandomCases cases = RandomCases.of("openssl-sm3-stdin");
        for (int i = 0; i < 8; i++) {
            byte[] m = cases.bytes(i == 0 ? 0 : cases.between(1, MAX_LENGTH));
            assertArrayEquals(openssl.run(m, "dgst", "-sm3", "-binary"), module.sm3().hash(m),
                    cases.where(i, m.length + " bytes"));
        }
    }

    @Test
    void hmacSm3MatchesOpenSslMac() {
        // Keys longer than the 64-byte block are hashed first (RFC 2104 §2): lengths on both sides of it.
        int[] edgeKeyLengths = {0, 1, 16, 32, 63, 64, 65, 128, 200};
        RandomCases cases = RandomCases.of("openssl-hmac-sm3");
        for (int i = 0; i < 40; i++) {
            byte[] key = cases.bytes(i < edgeKeyLengths.length ? edgeKeyLengths[i] : cases.between(0, 200));
            byte[] message = cases.bytes(i % 10 == 3 ? 0 : cases.between(1, MAX_LENGTH));
            Path in = openssl.write("hmac-message-" + i, message);
            byte[] theirs = openssl.run("mac", "-binary", "-digest", "SM3", "-macopt",
                    "hexkey:" + HexFormat.of().formatHex(key), "-in", in.toString(), "HMAC");
            String where = cases.where(i, key.length + "-byte key, " + message.length + "-byte message");
            assertArrayEquals(theirs, module.sm3().hmac(key, message), where);
            int split = cases.between(0, message.length);
            assertArrayEquals(theirs, module.sm3().hmac(key, Arrays.copyOfRange(message, 0, split),
                    Arrays.copyOfRange(message, split, message.length)), "in two parts split at " + split + ", " + where);
        }
    }

    private static byte[] hashInRandomPieces(byte[] m, RandomCases cases) {
        Sm3Digest d = module.sm3().newDigest();
        int off = 0;
        while (off < m.length) {
            int n = Math.min(m.length - off, cases.between(0, 130));
            if (n == 1) {
                d.update(m[off]);
            } else {
                d.update(m, off, n);
            }
            off += n;
        }
        return d.doFinal();
    }
}
