package io.gmgw.gateway.otp.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.audit.Actor;
import io.gmgw.audit.Audit;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.crypto.key.Sm4KeyHandle;
import io.gmgw.crypto.otp.OtpAlgorithm;
import io.gmgw.crypto.otp.OtpProfile;
import io.gmgw.crypto.sm4.Sm4Ecb;
import io.gmgw.gateway.GatewayException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeds sealed under a key that stays in its token: the token computes a one-time key per seal, the seed opens only
 * with the same key and context, and a key that cannot be used opens nothing. The token here is gm-crypto's SM4
 * behind {@link Sm4KeyHandle}; the PKCS#11 token is tested in pkcs11-bridge and appliance-image.
 */
class TokenSeedKeyTest {
    static final CryptoModule MODULE = TestModules.deterministic("otp-token-key");
    static final byte[] SEED = HexFormat.of().parseHex("00112233445566778899aabbccddeeff0102030405060708");
    static final byte[] CONTEXT = "gmgw otp seed GM0001".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path tmp;

    /** SM4-ECB under a key the test holds, counting the calls, failing once "removed". */
    static final class SoftwareToken implements Sm4KeyHandle {
        final Sm4Ecb ecb;
        final AtomicInteger calls = new AtomicInteger();
        volatile boolean removed;

        SoftwareToken(String keyHex) {
            ecb = MODULE.sm4().ecb(HexFormat.of().parseHex(keyHex));
        }

        @Override
        public synchronized byte[] encryptBlocks(byte[] blocks) {
            if (removed) {
                throw new IllegalStateException("no token");
            }
            calls.incrementAndGet();
            byte[] out = new byte[blocks.length];
            ecb.encrypt(blocks, 0, blocks.length, out, 0);
            return out;
        }

        @Override
        public String description() {
            return "software token";
        }

        @Override
        public void close() {
            ecb.destroy();
        }
    }

    @Test
    void aSealedSeedOpensOnlyWithTheSameTokenKeyAndContext() {
        SoftwareToken token = new SoftwareToken("0123456789abcdeffedcba9876543210");
        TokenSeedKey key = new TokenSeedKey(MODULE, token);
        byte[] sealed = key.seal(SEED, CONTEXT);
        assertEquals(TokenSeedKey.VERSION, sealed[0]);
        assertEquals(1 + 16 + SEED.length + 16, sealed.length);
        assertFalse(HexFormat.of().formatHex(sealed).contains(HexFormat.of().formatHex(SEED, 0, 8)));
        assertArrayEquals(SEED, key.open(sealed, CONTEXT));
        assertEquals(2, token.calls.get(), "one token call per seal and per open");
        assertFalse(java.util.Arrays.equals(sealed, key.seal(SEED, CONTEXT)), "a fresh one-time key per seal");

        GatewayException wrongContext = assertThrows(GatewayException.class,
                () -> key.open(sealed, "gmgw otp seed GM0002".getBytes(StandardCharsets.US_ASCII)));
        assertTrue(wrongContext.getMessage().contains("does not open under software token"));
        TokenSeedKey other = new TokenSeedKey(MODULE, new SoftwareToken("00000000000000000000000000000001"));
        assertThrows(GatewayException.class, () -> other.open(sealed, CONTEXT));
    }

    @Test
    void withoutTheTokenNoSeedOpens() throws Exception {
        SoftwareToken token = new SoftwareToken("0123456789abcdeffedcba9876543210");
        Audit audit = new Audit(e -> { }, Clock.systemUTC(), new Actor("root", 0, "gw1", 1, "gmgw otp"), Map.of());
        TokenStore store = TokenStore.open(tmp.resolve("tokens"), new TokenSeedKey(MODULE, token), audit);
        TokenRecord r = store.add("GM0001", OtpProfile.timeBased(OtpAlgorithm.SM4), SEED, Optional.of("alice"), 0,
                "test");
        String file = Files.readString(tmp.resolve("tokens/GM0001.token"));
        assertFalse(file.toLowerCase().contains(HexFormat.of().formatHex(SEED, 0, 6)));
        assertEquals(SEED.length, (int) store.withSeed(r, s -> s.length));
        token.removed = true;
        int[] used = {0};
        assertThrows(IllegalStateException.class, () -> store.withSeed(r, s -> used[0]++));
        assertEquals(0, used[0], "the seed was never handed out");
    }

    @Test
    void aFileKeySealedSeedIsNamedAsSuch() throws Exception {
        byte[] v1 = Sm4SeedKey.generate(MODULE, tmp.resolve("seed.key")).seal(SEED, CONTEXT);
        GatewayException e = assertThrows(GatewayException.class,
                () -> new TokenSeedKey(MODULE, new SoftwareToken("0123456789abcdeffedcba9876543210")).open(v1, CONTEXT));
        assertTrue(e.getMessage().contains("1 is a file: key"), e.getMessage());
    }

    @Test
    void referencesChooseTheKind() {
        assertTrue(SeedKeys.isFile("/etc/gmgw/otp-seed.key"));
        assertTrue(SeedKeys.isFile("file:/etc/gmgw/otp-seed.key"));
        assertTrue(SeedKeys.isFile("seed.key"));
        assertFalse(SeedKeys.isFile("pkcs11:token=gw;object=otp;type=secret-key"));
        assertEquals(Path.of("/etc/k"), SeedKeys.path("file:///etc/k"));
        assertEquals(Path.of("conf/k"), SeedKeys.path("file:conf/k"));
        assertEquals(Path.of("/etc/k"), SeedKeys.path("file:/etc/k"));
    }
}
