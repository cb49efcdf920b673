package io.gmgw.interop;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.crypto.sm2.Sm2;
import io.gmgw.crypto.sm2.Sm2Domain;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SM2 signatures (GB/T 32918.2, DER as GM/T 0009) between gm-crypto and the OpenSSL 3 CLI, both ways, on random
 * messages and keys from both sides. OpenSSL 3.0 signs and verifies with an EMPTY user ID unless told otherwise, so
 * every call names the ID: {@code -pkeyopt distid:1234567812345678} for the default ID, {@code hexdistid:…} for others.
 */
class OpenSslSm2SignatureInteropTest {
    private static final String DEFAULT_ID_OPTION = "distid:1234567812345678";
    private static final int MAX_MESSAGE = 2000;

    @TempDir
    static Path dir;
    private static OpenSslCli openssl;
    private static CryptoModule module;
    private static List<OpenSslSm2Key> keys;

    @BeforeAll
    static void requireOpenSsl() {
        openssl = OpenSslCli.require(dir);
        module = TestModules.deterministic("interop-openssl-sm2-signature");
        keys = OpenSslSm2Key.fromBothSides(openssl, module, 2);
    }

    @Test
    void oursAreVerifiedByOpenSsl() {
        RandomCases cases = RandomCases.of("openssl-sm2-sign-ours");
        for (int i = 0; i < 24; i++) {
            OpenSslSm2Key key = keys.get(i % keys.size());
            byte[] message = cases.bytes(messageLength(i, cases));
            byte[] signature = i % 2 == 0 ? module.sm2().sign(key.privateKey(), message)
                    : module.sm2().sign(key.privateKey(), message, Sm2.defaultUserId());
            String where = cases.where(i, message.length + "-byte message, " + key.describe() + ", signature "
                    + HexFormat.of().formatHex(signature));
            assertTrue(opensslVerifies(key, message, signature, DEFAULT_ID_OPTION), where);
        }
    }

    @Test
    void openSslsAreVerifiedByOurs() {
        RandomCases cases = RandomCases.of("openssl-sm2-sign-theirs");
        for (int i = 0; i < 24; i++) {
            OpenSslSm2Key key = keys.get(i % keys.size());
            byte[] message = cases.bytes(messageLength(i, cases));
            byte[] signature = opensslSigns(key, message, DEFAULT_ID_OPTION);
            String where = cases.where(i, message.length + "-byte message, " + key.describe() + ", OpenSSL's signature "
                    + HexFormat.of().formatHex(signature));
            Sm2Der.signature(signature);
            assertTrue(module.sm2().verify(key.publicKey(), message, signature), where);
            assertTrue(module.sm2().verify(key.publicKey(), message, signature, Sm2.defaultUserId()), where);
        }
    }

    @Test
    void customUserIdsWorkBothWaysAndAreReallyApplied() {
        RandomCases cases = RandomCases.of("openssl-sm2-sign-custom-id");
        for (int i = 0; i < 10; i++) {
            OpenSslSm2Key key = keys.get(i % keys.size());
            // The GM/T 0003 example ID, the empty ID, a one-byte ID, a long one (ENTL > 255 bytes), then random ones.
            byte[] id = switch (i) {
                case 0 -> "ALICE123@YAHOO.COM".getBytes(StandardCharsets.US_ASCII);
                case 1 -> new byte[0];
                case 2 -> cases.bytes(1);
                case 3 -> cases.bytes(300);
                default -> cases.bytes(cases.between(1, 64));
            };
            String idOption = i == 0 ? "distid:ALICE123@YAHOO.COM" : "hexdistid:" + HexFormat.of().formatHex(id);
            byte[] message = cases.bytes(cases.between(0, MAX_MESSAGE));
            String where = cases.where(i, id.length + "-byte user ID " + HexFormat.of().formatHex(id) + ", "
                    + message.length + "-byte message, " + key.describe());

            byte[] ours = module.sm2().sign(key.privateKey(), message, id);
            assertTrue(opensslVerifies(key, message, ours, idOption), "ours verified by OpenSSL, " + where);
            byte[] theirs = opensslSigns(key, message, idOption);
            assertTrue(module.sm2().verify(key.publicKey(), message, theirs, id), "OpenSSL's verified by ours, "
                    + where + ", signature " + HexFormat.of().formatHex(theirs));

            // Neither side may ignore the ID: under the default ID both signatures must fail.
            assertFalse(module.sm2().verify(key.publicKey(), message, theirs), "OpenSSL's under the default ID, " + where);
            if (i < 4) {
                assertFalse(opensslVerifies(key, message, ours, DEFAULT_ID_OPTION), "ours under the default ID by "
                        + "OpenSSL, " + where);
            }
        }
    }

    @Test
    void wrongMessagesAndSignaturesAreRejectedBothWays() {
        RandomCases cases = RandomCases.of("openssl-sm2-sign-negative");
        for (int i = 0; i < 6; i++) {
            OpenSslSm2Key key = keys.get(i % keys.size());
            OpenSslSm2Key otherKey = keys.get((i + 1) % keys.size());
            byte[] message = cases.bytes(cases.between(1, MAX_MESSAGE));
            byte[] altered = message.clone();
            altered[cases.index(altered.length)] ^= (byte) (1 << cases.between(0, 7));
            String where = cases.where(i, message.length + "-byte message, " + key.describe());

            byte[] ours = module.sm2().sign(key.privateKey(), message);
            assertTrue(opensslVerifies(key, message, ours, DEFAULT_ID_OPTION), "control, " + where);
            assertFalse(opensslVerifies(key, altered, ours, DEFAULT_ID_OPTION), "ours on an altered message, " + where);
            assertFalse(opensslVerifies(otherKey, message, ours, DEFAULT_ID_OPTION), "ours under another key, " + where);

            byte[] theirs = opensslSigns(key, message, DEFAULT_ID_OPTION);
            assertTrue(module.sm2().verify(key.publicKey(), message, theirs), "control, " + where);
            assertFalse(module.sm2().verify(key.publicKey(), altered, theirs), "OpenSSL's on an altered message, "
                    + where);
            assertFalse(module.sm2().verify(otherKey.publicKey(), message, theirs), "OpenSSL's under another key, "
                    + where);
            byte[] badSignature = theirs.clone();
            badSignature[badSignature.length - 1] ^= 0x01;
            assertFalse(module.sm2().verify(key.publicKey(), message, badSignature), "OpenSSL's with s altered, "
                    + where);
        }
    }

    /**
     * {@code signingDigest} gives e = SM3(Z ‖ M), what a token's raw SM2 mechanism signs. Without {@code -rawin}
     * OpenSSL signs and verifies a given e directly: its signature over our e must verify as a signature of M, and ours
     * of M must verify against our e.
     */
    @Test
    void ourSigningDigestIsWhatOpenSslSignsAndVerifies() {
        RandomCases cases = RandomCases.of("openssl-sm2-sign-digest");
        for (int i = 0; i < 8; i++) {
            OpenSslSm2Key key = keys.get(i % keys.size());
            byte[] id = i % 2 == 0 ? Sm2.defaultUserId() : cases.bytes(cases.between(0, 40));
            byte[] message = cases.bytes(cases.between(0, MAX_MESSAGE));
            byte[] e = module.sm2().signingDigest(key.publicKey(), id, message);
            String where = cases.where(i, id.length + "-byte user ID, " + message.length + "-byte message, e "
                    + HexFormat.of().formatHex(e) + ", " + key.describe());

            byte[] theirs = openssl.run("pkeyutl", "-sign", "-inkey", key.privatePem().toString(),
                    "-in", openssl.input("digest", e).toString());
            assertTrue(module.sm2().verify(key.publicKey(), message, theirs, id), "OpenSSL's signature of e, " + where);

            byte[] ours = module.sm2().sign(key.privateKey(), message, id);
            OpenSslCli.Result r = openssl.exec(new byte[0], "pkeyutl", "-verify", "-pubin", "-inkey",
                    key.publicPem().toString(), "-in", openssl.input("digest", e).toString(),
                    "-sigfile", openssl.input("signature", ours).toString());
            assertTrue(r.exitCode() == 0 && r.stdoutText().contains("Signature Verified Successfully"),
                    "ours verified by OpenSSL against e, " + where + ": " + r.describe());
        }
    }

    /** Malformed, non-minimal and out-of-range encodings of valid signatures: neither side may accept one. */
    @Test
    void nonCanonicalEncodingsAreRefusedByBoth() {
        byte[] message = "malleability".getBytes(StandardCharsets.US_ASCII);
        for (OpenSslSm2Key key : keys.subList(0, 2)) {
            byte[] ours = module.sm2().sign(key.privateKey(), message);
            byte[] theirs = opensslSigns(key, message, DEFAULT_ID_OPTION);
            for (byte[] valid : List.of(ours, theirs)) {
                for (Sm2Der.Variant v : Sm2Der.nonCanonicalVariants(valid, Sm2Domain.SM2P256V1.order())) {
                    String where = v.flaw() + " of " + HexFormat.of().formatHex(valid) + ", " + key.describe();
                    assertFalse(module.sm2().verify(key.publicKey(), message, v.der()), "gm-crypto accepted " + where);
                    assertFalse(opensslVerifies(key, message, v.der(), DEFAULT_ID_OPTION), "OpenSSL accepted " + where);
                }
            }
        }
    }

    /** The pitfall of GM-REFERENCE: without distid OpenSSL 3.0 uses the empty ID, not 1234567812345678. */
    @Test
    void openSslWithoutDistidUsesTheEmptyUserId() {
        OpenSslSm2Key key = keys.get(0);
        byte[] message = "OpenSSL's default SM2 ID".getBytes(StandardCharsets.US_ASCII);
        assertFalse(opensslVerifies(key, message, module.sm2().sign(key.privateKey(), message), null),
                "a default-ID signature must not verify under OpenSSL's own default");
        assertTrue(opensslVerifies(key, message, module.sm2().sign(key.privateKey(), message, new byte[0]), null),
                "an empty-ID signature verifies under OpenSSL's own default");
    }

    /**
     * About 1 in 128 signatures has an r or s below 2^248, whose DER INTEGER is shorter than 32 bytes; about 1 in 4 has
     * both with the top bit set, each needing a leading zero byte. Ours of each shape must pass OpenSSL's DER parser.
     */
    @Test
    void shortAndLongIntegersInOurSignaturesAreReadByOpenSsl() {
        OpenSslSm2Key key = keys.get(0);
        byte[] message = "edge-case DER integers".getBytes(StandardCharsets.US_ASCII);
        List<Predicate<Sm2Der.Signature>> shapes = List.of(
                s -> s.r().bitLength() <= 248 || s.s().bitLength() <= 248,
                s -> s.r().bitLength() == 256 && s.s().bitLength() == 256);
        for (int shape = 0; shape < shapes.size(); shape++) {
            byte[] signature = signUntil(key, message, shapes.get(shape));
            assertTrue(opensslVerifies(key, message, signature, DEFAULT_ID_OPTION), "shape " + shape + ", signature "
                    + HexFormat.of().formatHex(signature));
        }
    }

    private static byte[] signUntil(OpenSslSm2Key key, byte[] message, Predicate<Sm2Der.Signature> wanted) {
        for (int attempt = 0; attempt < 5_000; attempt++) {
            byte[] signature = module.sm2().sign(key.privateKey(), message);
            if (wanted.test(Sm2Der.signature(signature))) {
                return signature;
            }
        }
        return fail("no signature of the wanted shape in 5000 attempts");
    }

    private static int messageLength(int i, RandomCases cases) {
        return switch (i) {
            case 0 -> 0;
            case 1 -> 1;
            case 2 -> 64;
            default -> cases.between(0, MAX_MESSAGE);
        };
    }

    /** {@code openssl pkeyutl -sign -rawin -digest sm3}: the whole message, hashed with Z inside OpenSSL. */
    private static byte[] opensslSigns(OpenSslSm2Key key, byte[] message, String idOption) {
        Path msg = openssl.input("message", message);
        return openssl.run("pkeyutl", "-sign", "-rawin", "-digest", "sm3", "-pkeyopt", idOption,
                "-inkey", key.privatePem().toString(), "-in", msg.toString());
    }

    /**
     * {@code openssl pkeyutl -verify}: true for "Signature Verified Successfully", false for "Signature Verification
     * Failure"; anything else (a key or option error) fails the test. {@code idOption} null: OpenSSL's default ID.
     */
    private static boolean opensslVerifies(OpenSslSm2Key key, byte[] message, byte[] signature, String idOption) {
        Path msg = openssl.input("message", message);
        Path sig = openssl.input("signature", signature);
        List<String> args = new ArrayList<>(List.of("pkeyutl", "-verify", "-rawin", "-digest", "sm3"));
        if (idOption != null) {
            args.addAll(List.of("-pkeyopt", idOption));
        }
        args.addAll(List.of("-pubin", "-inkey", key.publicPem().toString(), "-sigfile", sig.toString(),
                "-in", msg.toString()));
        OpenSslCli.Result r = openssl.exec(new byte[0], args.toArray(String[]::new));
        String out = r.stdoutText();
        if (r.exitCode() == 0 && out.contains("Signature Verified Successfully")) {
            return true;
        }
        if (r.exitCode() == 1 && out.contains("Signature Verification Failure")) {
            return false;
        }
        return fail("unexpected answer from openssl: " + r.describe() + "; stdout: " + out.strip()
                + " (" + message.length + "-byte message, " + signature.length + "-byte signature)");
    }
}
