package io.gmgw.pkcs11;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.crypto.key.KeyHandle;
import io.gmgw.crypto.key.KeyOptions;
import io.gmgw.crypto.key.KeyProviders;
import io.gmgw.crypto.key.PasswordSource;
import io.gmgw.crypto.key.UnsupportedKeyOperationException;
import io.gmgw.crypto.sm2.Sm2KeyExchange;
import io.gmgw.pkcs11.key.TokenKeys;
import io.gmgw.pkcs11.token.Pkcs11Module;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.gm.GMNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SoftHSM 2 as an independent PKCS#11 module driven by the binding: slots, token initialisation, login with a wrong
 * and the right PIN, an EC key on the SM2 curve generated and found again, ECDSA and ECDH checked against Bouncy
 * Castle, and the key-handle provider on top (SM2 decryption emulated through ECDH; no SM2 signing, no ECDHE).
 */
class SoftHsmTest {
    private static final CryptoModule CRYPTO = TestModules.production();
    private static final X9ECParameters SM2 = GMNamedCurves.getByName("sm2p256v1");
    private static final String SO = "so-1234";
    private static final String USER = "user-1234";

    @TempDir
    static Path dir;
    private static Path library;
    private static Pkcs11Module module;
    private static long slot;

    @BeforeAll
    static void setUp() throws Exception {
        library = NativePeers.softHsm();
        Path tokens = Path.of("target", "softhsm-tokens").toAbsolutePath();
        if (Files.exists(tokens)) {
            try (Stream<Path> s = Files.walk(tokens)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(tokens);
        Files.writeString(Path.of("target", "softhsm2.conf"), "directories.tokendir = " + tokens
                + "\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n");
        module = Pkcs11Module.open(library, (String) null);
        Pkcs11Library lib = module.library();
        long[] all = lib.slots(true);
        assertEquals(1, all.length, "a fresh SoftHSM has one free slot");
        assertFalse(lib.tokenInfo(all[0]).initialized());
        lib.initToken(all[0], SO.toCharArray(), "hsm");
        slot = module.findToken(io.gmgw.pkcs11.token.TokenSelector.label("hsm")).slotId(); // SoftHSM renumbers the slot
        long s = lib.openSession(slot, true);
        try {
            lib.login(s, Ck.CKU_SO, SO.toCharArray());
            lib.initPin(s, USER.toCharArray());
            lib.logout(s);
        } finally {
            lib.closeSession(s);
        }
    }

    @AfterAll
    static void tearDown() {
        if (module != null) {
            module.close();
        }
    }

    @Test
    void softHsmIsMatchedToItsProfileAndListsItsSlots() {
        assertEquals("SoftHSM", module.info().manufacturer());
        assertEquals("softhsm", module.profile().name());
        TokenInfo t = module.library().tokenInfo(slot);
        assertEquals("hsm", t.label());
        assertTrue(t.initialized());
        assertTrue(module.library().slotInfo(slot).tokenPresent());
        long[] mechs = module.library().mechanisms(slot);
        assertTrue(Arrays.stream(mechs).anyMatch(m -> m == Ck.CKM_ECDSA));
        assertTrue(module.library().mechanismInfo(slot, Ck.CKM_ECDH1_DERIVE).can(Ck.CKF_DERIVE));
    }

    @Test
    void softHsmCannotHoldAnSm4KeyForTokenSeeds() {
        io.gmgw.crypto.key.KeyLoadException e = assertThrows(io.gmgw.crypto.key.KeyLoadException.class,
                () -> KeyProviders.load(CRYPTO).openSm4("pkcs11:token=hsm;object=seed-key;type=secret-key?module-path="
                        + library + "&pin-value=" + USER, KeyOptions.none()));
        assertEquals(io.gmgw.crypto.key.KeyLoadException.Reason.UNSUPPORTED, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains("offers no SM4-ECB"), e.getMessage());
    }

    @Test
    void aWrongPinIsRefusedAndTheRightOneAccepted() {
        Pkcs11Library lib = module.library();
        long s = lib.openSession(slot, false);
        try {
            Pkcs11Exception e = assertThrows(Pkcs11Exception.class, () -> lib.login(s, Ck.CKU_USER, "q7-not-it".toCharArray()));
            assertEquals(CkRv.PIN_INCORRECT, e.code());
            assertTrue(e.getMessage().startsWith("C_Login failed: CKR_PIN_INCORRECT (0xA0)"), e.getMessage());
            assertFalse(e.getMessage().contains("q7-not-it"), "the PIN never appears in a message");
            lib.login(s, Ck.CKU_USER, USER.toCharArray());
            assertTrue(lib.sessionInfo(s).userLoggedIn());
            lib.logout(s);
        } finally {
            lib.closeSession(s);
        }
    }

    @Test
    void staleSessionAndObjectHandlesAreClearErrors() {
        Pkcs11Library lib = module.library();
        long s = lib.openSession(slot, true);
        try {
            lib.login(s, Ck.CKU_USER, USER.toCharArray());
            TokenKeys.GeneratedKey k = TokenKeys.generate(lib, s, module.profile(), "stale", new byte[] {9});
            byte[] hash = new byte[32];
            long closed = lib.openSession(slot, false);
            lib.closeSession(closed);
            for (long stale : new long[] {closed, 0, 0x7FFF_FFFFL, -1}) {
                Pkcs11Exception e = assertThrows(Pkcs11Exception.class,
                        () -> lib.sign(stale, Mechanism.of(Ck.CKM_ECDSA), k.privateHandle(), hash), "session " + stale);
                assertEquals(CkRv.SESSION_HANDLE_INVALID, e.code(), e.getMessage());
            }
            lib.destroyObject(s, k.privateHandle());
            for (long stale : new long[] {k.privateHandle(), 0, 0x7FFF_FFFFL, -1}) {
                Pkcs11Exception e = assertThrows(Pkcs11Exception.class,
                        () -> lib.sign(s, Mechanism.of(Ck.CKM_ECDSA), stale, hash), "object " + stale);
                assertTrue(e.code() == CkRv.KEY_HANDLE_INVALID || e.code() == CkRv.OBJECT_HANDLE_INVALID,
                        e.getMessage());
                assertEquals(CkRv.OBJECT_HANDLE_INVALID, assertThrows(Pkcs11Exception.class,
                        () -> lib.attribute(s, stale, Ck.CKA_LABEL)).code());
            }
            lib.destroyObject(s, k.publicHandle());
            lib.logout(s);
        } finally {
            lib.closeSession(s);
        }
    }

    @Test
    void anSm2CurveKeyIsGeneratedFoundAndUsedForEcdsaAndEcdh() {
        Pkcs11Library lib = module.library();
        long s = lib.openSession(slot, true);
        try {
            lib.login(s, Ck.CKU_USER, USER.toCharArray());
            TokenKeys.GeneratedKey k = TokenKeys.generate(lib, s, module.profile(), "ec-sm2", new byte[] {7});
            long priv = TokenKeys.findOne(lib, s, Ck.CKO_PRIVATE_KEY, "ec-sm2", new byte[] {7}, "hsm");
            assertEquals(k.privateHandle(), priv);
            assertArrayEquals(Ck.sm2EcParams(), lib.attribute(s, priv, Ck.CKA_EC_PARAMS));
            assertEquals(Ck.CKK_EC, Attribute.toLong(lib.attribute(s, priv, Ck.CKA_KEY_TYPE)));
            assertEquals(65, k.publicKey().encoded().length);
            assertTrue(TokenKeys.isSm2Key(lib, s, priv, module.profile()));
            assertEquals(CkRv.ATTRIBUTE_SENSITIVE, assertThrows(Pkcs11Exception.class,
                    () -> lib.attribute(s, priv, Ck.CKA_VALUE)).code());

            // ECDSA (not SM2) on the SM2 curve, verified by the token and by Bouncy Castle
            byte[] hash = CRYPTO.sm3().hash("ecdsa".getBytes(StandardCharsets.US_ASCII));
            byte[] sig = lib.sign(s, Mechanism.of(Ck.CKM_ECDSA), priv, hash);
            assertEquals(64, sig.length);
            assertTrue(lib.verify(s, Mechanism.of(Ck.CKM_ECDSA), k.publicHandle(), hash, sig));
            ECDomainParameters domain = new ECDomainParameters(SM2);
            ECDSASigner bc = new ECDSASigner();
            ECPoint q = SM2.getCurve().decodePoint(k.publicKey().encoded());
            bc.init(false, new ECPublicKeyParameters(q, domain));
            BigInteger r = new BigInteger(1, Arrays.copyOf(sig, 32));
            BigInteger sv = new BigInteger(1, Arrays.copyOfRange(sig, 32, 64));
            assertTrue(bc.verifySignature(hash, r, sv));
            sig[5] ^= 1;
            assertFalse(lib.verify(s, Mechanism.of(Ck.CKM_ECDSA), k.publicHandle(), hash, sig));

            // ECDH: x(d·P) from the token equals x(p·Q) computed in software
            BigInteger p = new BigInteger(1, CRYPTO.sm2().generateKeyPair().privateKey().scalarBytes());
            byte[] peer = SM2.getG().multiply(p).normalize().getEncoded(false);
            long secret = lib.deriveKey(s, Mechanism.ecdh1Derive(peer), priv, List.of(
                    Attribute.ofLong(Ck.CKA_CLASS, Ck.CKO_SECRET_KEY),
                    Attribute.ofLong(Ck.CKA_KEY_TYPE, Ck.CKK_GENERIC_SECRET),
                    Attribute.ofBoolean(Ck.CKA_TOKEN, false), Attribute.ofBoolean(Ck.CKA_SENSITIVE, false),
                    Attribute.ofBoolean(Ck.CKA_EXTRACTABLE, true), Attribute.ofLong(Ck.CKA_VALUE_LEN, 32)));
            byte[] x = lib.attribute(s, secret, Ck.CKA_VALUE);
            lib.destroyObject(s, secret);
            byte[] expected = q.multiply(p).normalize().getAffineXCoord().getEncoded();
            assertArrayEquals(expected, x);
            lib.logout(s);
        } finally {
            lib.closeSession(s);
        }
    }

    @Test
    void theKeyProviderDecryptsThroughEcdhAndSaysWhatItCannotDo() throws Exception {
        Pkcs11Library lib = module.library();
        long s = lib.openSession(slot, true);
        try {
            lib.login(s, Ck.CKU_USER, USER.toCharArray());
            TokenKeys.generate(lib, s, module.profile(), "enc", null);
            lib.logout(s);
        } finally {
            lib.closeSession(s);
        }
        try (KeyHandle key = KeyProviders.load(CRYPTO).open("pkcs11:token=hsm;object=enc?module-path=" + library,
                KeyOptions.withPassword(PasswordSource.of(USER.toCharArray())))) {
            assertEquals(Set.of(KeyHandle.Capability.DECRYPT), key.capabilities());
            byte[] pt = "decrypted by SoftHSM's ECDH".getBytes(StandardCharsets.US_ASCII);
            assertArrayEquals(pt, key.decrypt(CRYPTO.sm2().encrypt(key.publicKey(), pt)));
            UnsupportedKeyOperationException sign = assertThrows(UnsupportedKeyOperationException.class,
                    () -> key.sign(pt));
            assertTrue(sign.getMessage().contains("names no SM2 signing mechanism"), sign.getMessage());
            UnsupportedKeyOperationException ecdhe = assertThrows(UnsupportedKeyOperationException.class,
                    () -> key.keyExchange(Sm2KeyExchange.Role.INITIATOR, "1234567812345678".getBytes(StandardCharsets.US_ASCII)));
            assertTrue(ecdhe.getMessage().contains("cannot serve ECDHE"), ecdhe.getMessage());
        }
    }
}
