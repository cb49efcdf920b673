package io.gmgw.pkcs11;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.crypto.key.KeyHandle;
import io.gmgw.crypto.key.KeyOptions;
import io.gmgw.crypto.key.KeyProviders;
import io.gmgw.crypto.key.PasswordSource;
import io.gmgw.crypto.key.SoftwareKeyHandle;
import io.gmgw.crypto.sm2.Sm2;
import io.gmgw.crypto.sm2.Sm2KeyExchange;
import io.gmgw.crypto.sm2.Sm2KeyExchange.Role;
import io.gmgw.crypto.sm2.Sm2KeyPair;
import io.gmgw.pkcs11.key.Pkcs11KeyHandle;
import io.gmgw.pkcs11.token.Pkcs11Module;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a TLCP handshake asks of the keys, done through the key-handle SPI with the server's keys in one token and
 * the client's in another (both loaded by URI through ServiceLoader): signatures both ways, the pre-master secret
 * (ECC suites) encrypted to the server's encryption key, and the SM2 key exchange (ECDHE suites) against gm-crypto's
 * software implementation on the other side, in both roles, with and without confirmation.
 */
class KeyHandleRoundTest {
    private static final CryptoModule CRYPTO = TestModules.production();
    private static final byte[] SERVER_ID = "1234567812345678".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CLIENT_ID = "client@gmgw.test".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    static Path dir;
    private static Path library;
    private static Pkcs11Module module;
    private static KeyProviders providers;

    @BeforeAll
    static void setUp() throws Exception {
        library = NativePeers.softKey();
        SoftKey.reset("0x8000", 2, 6);
        module = Pkcs11Module.open(library, (String) null);
        Pkcs11Library lib = module.library();
        SoftKey.initToken(lib, 0, "server");
        SoftKey.initToken(lib, 1, "client");
        for (long slot : new long[] {0, 1}) {
            SoftKey.generateSignAndEncKeys(module, slot);
        }
        SoftKey.userPinFile(dir);
        providers = KeyProviders.load(CRYPTO);
    }

    @AfterAll
    static void tearDown() {
        if (module != null) {
            module.close();
        }
    }

    private static KeyHandle open(String token, String object) {
        return providers.open("pkcs11:token=" + token + ";object=" + object + "?module-path=" + library,
                KeyOptions.withPassword(PasswordSource.fromFile(dir.resolve("user.pin"))));
    }

    @Test
    void serverAndClientKeysInTwoTokensDoEverythingAHandshakeNeeds() {
        try (KeyHandle serverSign = open("server", "sign"); KeyHandle serverEnc = open("server", "enc");
                KeyHandle clientSign = open("client", "sign"); KeyHandle clientEnc = open("client", "enc")) {
            assertInstanceOf(Pkcs11KeyHandle.class, serverSign);
            assertNotEquals(serverSign.publicKey(), clientSign.publicKey());
            // ServerKeyExchange signature (server) and CertificateVerify (client), verified by the other side
            byte[] params = new byte[140];
            CRYPTO.random().nextBytes(params);
            assertTrue(CRYPTO.sm2().verify(serverSign.publicKey(), params, serverSign.sign(params)));
            byte[] handshakeHash = CRYPTO.sm3().hash(params);
            assertTrue(CRYPTO.sm2().verify(clientSign.publicKey(), handshakeHash,
                    clientSign.sign(handshakeHash, CLIENT_ID), CLIENT_ID));
            // ECC suites: the client encrypts the pre-master secret to the server's encryption certificate key
            byte[] preMaster = new byte[48];
            CRYPTO.random().nextBytes(preMaster);
            preMaster[0] = 1;
            preMaster[1] = 1;
            assertArrayEquals(preMaster, serverEnc.decrypt(CRYPTO.sm2().encrypt(serverEnc.publicKey(), preMaster)));
            // ECDHE suites: both sides' encryption keys in tokens (server = initiator A, client = responder B)
            assertTrue(serverEnc.capabilities().contains(KeyHandle.Capability.KEY_EXCHANGE));
            Sm2KeyExchange a = serverEnc.keyExchange(Role.INITIATOR, SERVER_ID);
            Sm2KeyExchange b = clientEnc.keyExchange(Role.RESPONDER, CLIENT_ID);
            byte[] kb = b.agree(serverEnc.publicKey(), a.ephemeralPublicKey(), SERVER_ID, 48);
            byte[] ka = a.agree(clientEnc.publicKey(), b.ephemeralPublicKey(), CLIENT_ID, 48);
            assertArrayEquals(ka, kb);
            assertThrows(IllegalStateException.class,
                    () -> a.agree(clientEnc.publicKey(), b.ephemeralPublicKey(), CLIENT_ID, 48));
        }
    }

    @Test
    void tokenKeyExchangeAgreesWithGmCryptoSoftwareInBothRoles() {
        Sm2 sm2 = CRYPTO.sm2();
        Sm2KeyPair peer = sm2.generateKeyPair();
        try (KeyHandle token = open("server", "enc");
                KeyHandle software = new SoftwareKeyHandle(CRYPTO, peer.privateKey(), List.of(), "software peer")) {
            for (Role tokenRole : Role.values()) {
                Role other = tokenRole == Role.INITIATOR ? Role.RESPONDER : Role.INITIATOR;
                Sm2KeyExchange t = token.keyExchange(tokenRole, SERVER_ID);
                Sm2KeyExchange s = software.keyExchange(other, CLIENT_ID);
                byte[] kt = t.agree(peer.publicKey(), s.ephemeralPublicKey(), CLIENT_ID, 64);
                byte[] ks = s.agree(token.publicKey(), t.ephemeralPublicKey(), SERVER_ID, 64);
                assertArrayEquals(ks, kt, "token as " + tokenRole);
            }
            // with confirmation: the token responds, software initiates, and the other way round
            Sm2KeyExchange tb = token.keyExchange(Role.RESPONDER, SERVER_ID);
            Sm2KeyExchange sa = software.keyExchange(Role.INITIATOR, CLIENT_ID);
            Sm2KeyExchange.ResponderResult rb = tb.respondWithConfirmation(peer.publicKey(), sa.ephemeralPublicKey(),
                    CLIENT_ID, 16);
            Sm2KeyExchange.InitiatorResult ra = sa.initiateWithConfirmation(token.publicKey(), tb.ephemeralPublicKey(),
                    SERVER_ID, 16, rb.confirmation());
            assertArrayEquals(ra.key(), rb.key());
            rb.verifyInitiatorConfirmation(ra.confirmation());

            Sm2KeyExchange ta = token.keyExchange(Role.INITIATOR, SERVER_ID);
            Sm2KeyExchange sb = software.keyExchange(Role.RESPONDER, CLIENT_ID);
            Sm2KeyExchange.ResponderResult r2 = sb.respondWithConfirmation(token.publicKey(), ta.ephemeralPublicKey(),
                    SERVER_ID, 16);
            Sm2KeyExchange.InitiatorResult i2 = ta.initiateWithConfirmation(peer.publicKey(), sb.ephemeralPublicKey(),
                    CLIENT_ID, 16, r2.confirmation());
            assertArrayEquals(r2.key(), i2.key());
            r2.verifyInitiatorConfirmation(i2.confirmation());

            // a forged S_B is refused by the token side
            Sm2KeyExchange ta2 = token.keyExchange(Role.INITIATOR, SERVER_ID);
            Sm2KeyExchange sb2 = software.keyExchange(Role.RESPONDER, CLIENT_ID);
            Sm2KeyExchange.ResponderResult r3 = sb2.respondWithConfirmation(token.publicKey(),
                    ta2.ephemeralPublicKey(), SERVER_ID, 16);
            byte[] forged = r3.confirmation();
            forged[0] ^= 1;
            assertThrows(Sm2KeyExchange.KeyConfirmationException.class, () -> ta2.initiateWithConfirmation(
                    peer.publicKey(), sb2.ephemeralPublicKey(), CLIENT_ID, 16, forged));
            // a different peer ID gives a different key
            Sm2KeyExchange t4 = token.keyExchange(Role.INITIATOR, SERVER_ID);
            Sm2KeyExchange s4 = software.keyExchange(Role.RESPONDER, CLIENT_ID);
            byte[] k4t = t4.agree(peer.publicKey(), s4.ephemeralPublicKey(), SERVER_ID, 32);
            byte[] k4s = s4.agree(token.publicKey(), t4.ephemeralPublicKey(), SERVER_ID, 32);
            assertFalse(java.util.Arrays.equals(k4t, k4s));
        }
    }

    @Test
    void ephemeralKeysDoNotAccumulateInTheToken() {
        try (KeyHandle token = open("server", "enc")) {
            Pkcs11Library lib = module.library();
            long s = lib.openSession(0, false);
            try {
                int before = lib.findObjects(s, List.of()).length;
                Sm2KeyPair peer = CRYPTO.sm2().generateKeyPair();
                for (int i = 0; i < 5; i++) {
                    Sm2KeyExchange t = token.keyExchange(Role.INITIATOR, SERVER_ID);
                    Sm2KeyExchange p = CRYPTO.sm2().keyExchange(Role.RESPONDER, peer.privateKey(), CLIENT_ID);
                    t.agree(peer.publicKey(), p.ephemeralPublicKey(), CLIENT_ID, 16);
                }
                assertEquals(before, lib.findObjects(s, List.of()).length);
            } finally {
                lib.closeSession(s);
            }
        }
    }
}
