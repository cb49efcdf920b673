package io.gmgw.interop;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.crypto.sm2.Sm2;
import io.gmgw.crypto.sm2.Sm2Domain;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SM2 signatures between gm-crypto and kona-crypto, both ways, keys from both sides. */
class KonaSm2SignatureInteropTest {
    private static final int MAX_MESSAGE = 3000;
    private static final byte[] DEFAULT_ID = "1234567812345678".getBytes(StandardCharsets.US_ASCII);

    private static CryptoModule module;
    private static KonaPeer kona;
    private static List<KonaSm2Key> keys;

    @BeforeAll
    static void start() throws GeneralSecurityException {
        module = TestModules.deterministic("interop-kona-sm2-signature");
        kona = new KonaPeer(TestModules.deterministic("interop-kona-sm2-signature-peer").random());
        keys = KonaSm2Key.fromBothSides(kona, module, 3);
    }

    @Test
    void oursAreVerifiedByKona() throws GeneralSecurityException {
        RandomCases cases = RandomCases.of("kona-sm2-sign-ours");
        for (int i = 0; i < 50; i++) {
            KonaSm2Key key = keys.get(i % keys.size());
            byte[] message = cases.bytes(i == 0 ? 0 : cases.between(0, MAX_MESSAGE));
            byte[] signature = module.sm2().sign(key.privateKey(), message);
            String where = cases.where(i, message.length + "-byte message, " + key.describe() + ", signature "
                    + HexFormat.of().formatHex(signature));
            assertTrue(kona.verify(key.konaPublic(), null, message, signature), "Kona's default ID, " + where);
            assertTrue(kona.verify(key.konaPublic(), DEFAULT_ID, message, signature), "explicit default ID, " + where);
        }
    }

    @Test
    void konasAreVerifiedByOurs() throws GeneralSecurityException {
        RandomCases cases = RandomCases.of("kona-sm2-sign-theirs");
        for (int i = 0; i < 50; i++) {
            KonaSm2Key key = keys.get(i % keys.size());
            byte[] message = cases.bytes(i == 0 ? 0 : cases.between(0, MAX_MESSAGE));
            byte[] signature = kona.sign(key.konaPrivate(), key.konaPublic(), null, message);
            String where = cases.where(i, message.length + "-byte message, " + key.describe() + ", Kona's signature "
                    + HexFormat.of().formatHex(signature));
            Sm2Der.signature(signature);
            assertTrue(module.sm2().verify(key.publicKey(), message, signature), where);
            assertTrue(module.sm2().verify(key.publicKey(), message, signature, Sm2.defaultUserId()), where);
        }
    }

    @Test
    void customUserIdsWorkBothWaysAndAreReallyApplied() throws GeneralSecurityException {
        RandomCases cases = RandomCases.of("kona-sm2-sign-custom-id");
        for (int i = 0; i < 20; i++) {
            KonaSm2Key key = keys.get(i % keys.size());
            byte[] id = switch (i) {
                case 0 -> "ALICE123@YAHOO.COM".getBytes(StandardCharsets.US_ASCII);
                case 1 -> new byte[0];
                case 2 -> cases.bytes(1);
                case 3 -> cases.bytes(300);
                case 4 -> cases.bytes(Sm2.MAX_USER_ID_LENGTH);
                default -> cases.bytes(cases.between(1, 64));
            };
            byte[] message = cases.bytes(cases.between(0, MAX_MESSAGE));
            String where = cases.where(i, id.length + "-byte user ID, " + message.length + "-byte message, "
                    + key.describe());

            byte[] ours = module.sm2().sign(key.privateKey(), message, id);
            assertTrue(kona.verify(key.konaPublic(), id, message, ours), "ours verified by Kona, " + where);
            byte[] theirs = kona.sign(key.konaPrivate(), key.konaPublic(), id, message);
            assertTrue(module.sm2().verify(key.publicKey(), message, theirs, id), "Kona's verified by ours, " + where);

            assertFalse(kona.verify(key.konaPublic(), null, message, ours), "ours under the default ID, " + where);
            assertFalse(module.sm2().verify(key.publicKey(), message, theirs), "Kona's under the default ID, " + where);
        }
    }

    @Test
    void wrongMessagesAndSignaturesAreRejectedBothWays() throws GeneralSecurityException {
        RandomCases cases = RandomCases.of("kona-sm2-sign-negative");
        for (int i = 0; i < 20; i++) {
            KonaSm2Key key = keys.get(i % keys.size());
            KonaSm2Key otherKey = keys.get((i + 1) % keys.size());
            byte[] message = cases.bytes(cases.between(1, MAX_MESSAGE));
            byte[] altered = message.clone();
            altered[cases.index(altered.length)] ^= (byte) (1 << cases.between(0, 7));
            String where = cases.where(i, message.length + "-byte message, " + key.describe());

            byte[] ours = module.sm2().sign(key.privateKey(), message);
            assertFalse(kona.verify(key.konaPublic(), null, altered, ours), "ours, altered message, " + where);
            assertFalse(kona.verify(otherKey.konaPublic(), null, message, ours), "ours, another key, " + where);
            assertFalse(kona.verify(key.konaPublic(), null, message, alterLastByte(ours)), "ours, s altered, " + where);

            byte[] theirs = kona.sign(key.konaPrivate(), key.konaPublic(), null, message);
            assertFalse(module.sm2().verify(key.publicKey(), altered, theirs), "Kona's, altered message, " + where);
            assertFalse(module.sm2().verify(otherKey.publicKey(), message, theirs), "Kona's, another key, " + where);
            assertFalse(module.sm2().verify(key.publicKey(), message, alterLastByte(theirs)), "Kona's, s altered, "
                    + where);
        }
    }

    /** Malformed, non-minimal and out-of-range encodings of valid signatures: neither side may accept one. */
    @Test
    void nonCanonicalEncodingsAreRefusedByBoth() throws GeneralSecurityException {
        byte[] message = "malleability".getBytes(StandardCharsets.US_ASCII);
        for (KonaSm2Key key : keys.subList(0, 2)) {
            byte[] ours = module.sm2().sign(key.privateKey(), message);
            byte[] theirs = kona.sign(key.konaPrivate(), key.konaPublic(), null, message);
            for (byte[] valid : List.of(ours, theirs)) {
                for (Sm2Der.Variant v : Sm2Der.nonCanonicalVariants(valid, Sm2Domain.SM2P256V1.order())) {
                    String where = v.flaw() + " of " + HexFormat.of().formatHex(valid) + ", " + key.describe();
                    assertFalse(module.sm2().verify(key.publicKey(), message, v.der()), "gm-crypto accepted " + where);
                    assertFalse(kona.verify(key.konaPublic(), null, message, v.der()), "Kona accepted " + where);
                }
            }
        }
    }

    /** Signatures whose r or s has a short DER INTEGER (below 2^248) or a leading zero byte, from each side. */
    @Test
    void shortAndLongIntegersAreReadBothWays() throws GeneralSecurityException {
        KonaSm2Key key = keys.get(1);
        byte[] message = "edge-case DER integers".getBytes(StandardCharsets.US_ASCII);
        List<Predicate<Sm2Der.Signature>> shapes = List.of(
                s -> s.r().bitLength() <= 248 || s.s().bitLength() <= 248,
                s -> s.r().bitLength() == 256 && s.s().bitLength() == 256);
        for (int shape = 0; shape < shapes.size(); shape++) {
            byte[] ours = null;
            byte[] theirs = null;
            for (int attempt = 0; attempt < 5_000 && (ours == null || theirs == null); attempt++) {
                if (ours == null) {
                    byte[] s = module.sm2().sign(key.privateKey(), message);
                    ours = shapes.get(shape).test(Sm2Der.signature(s)) ? s : null;
                }
                if (theirs == null) {
                    byte[] s = kona.sign(key.konaPrivate(), key.konaPublic(), null, message);
                    theirs = shapes.get(shape).test(Sm2Der.signature(s)) ? s : null;
                }
            }
            if (ours == null || theirs == null) {
                fail("no signature of shape " + shape + " in 5000 attempts");
            }
            assertTrue(kona.verify(key.konaPublic(), null, message, ours), "shape " + shape + ", ours "
                    + HexFormat.of().formatHex(ours));
            assertTrue(module.sm2().verify(key.publicKey(), message, theirs), "shape " + shape + ", Kona's "
                    + HexFormat.of().formatHex(theirs));
        }
    }

    private static byte[] alterLastByte(byte[] der) {
        byte[] out = der.clone();
        out[out.length - 1] ^= 0x01;
        return out;
    }
}
