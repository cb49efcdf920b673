package io.gmgw.ipsec.ike.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.ipsec.ike.IkeNotifyException;
import io.gmgw.ipsec.isakmp.NotifyType;
import io.gmgw.ipsec.profile.XchBodyCipher;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The sealed NONCE/ID bodies of GM messages 3/4: both profile ciphers, the count-byte padding, a wrong Sk. */
class SealedBodyCipherTest {
    private static final CryptoModule MODULE = TestModules.deterministic("sealed-bodies");
    private static final byte[] SK = new byte[16];

    static {
        Arrays.fill(SK, (byte) 0x5a);
    }

    @ParameterizedTest
    @EnumSource(XchBodyCipher.class)
    void everyLengthRoundTripsWithAtLeastOnePaddingByte(XchBodyCipher mode) {
        SealedBodyCipher c = new SealedBodyCipher(MODULE.sm4(), mode);
        for (int n = 0; n <= 48; n++) {
            byte[] body = new byte[n];
            Arrays.fill(body, (byte) (n + 1));
            byte[] sealed = c.seal(SK, body);
            assertEquals((n / 16 + 1) * 16, sealed.length, "a 32-byte nonce takes three blocks: padding always");
            assertArrayEquals(body, c.open(SK, sealed, "NONCE"));
        }
    }

    @Test
    void cbcWithAZeroIvAndEcbDifferFromTheSecondBlockOn() {
        byte[] body = new byte[40];
        byte[] cbc = new SealedBodyCipher(MODULE.sm4(), XchBodyCipher.SM4_CBC_ZERO_IV).seal(SK, body);
        byte[] ecb = new SealedBodyCipher(MODULE.sm4(), XchBodyCipher.SM4_ECB).seal(SK, body);
        assertArrayEquals(Arrays.copyOf(cbc, 16), Arrays.copyOf(ecb, 16), "zero IV: the first block is ECB's");
        org.junit.jupiter.api.Assertions.assertFalse(Arrays.equals(cbc, ecb));
    }

    @Test
    void anotherSkOrATruncatedBodyIsPayloadMalformed() {
        SealedBodyCipher c = new SealedBodyCipher(MODULE.sm4(), XchBodyCipher.SM4_CBC_ZERO_IV);
        byte[] sealed = c.seal(SK, new byte[32]);
        byte[] other = new byte[16];
        IkeNotifyException e = assertThrows(IkeNotifyException.class, () -> c.open(other, sealed, "NONCE"));
        assertEquals(NotifyType.PAYLOAD_MALFORMED, e.notifyType());
        assertEquals(NotifyType.PAYLOAD_MALFORMED, assertThrows(IkeNotifyException.class,
                () -> c.open(SK, Arrays.copyOf(sealed, 20), "NONCE")).notifyType());
    }
}
