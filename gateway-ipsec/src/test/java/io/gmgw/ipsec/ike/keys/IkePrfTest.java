package io.gmgw.ipsec.ike.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gmgw.crypto.TestModules;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The PRFs without a live peer: the JCA one against RFC 4231 and the empty-key HMAC (which SecretKeySpec refuses), the
 * SM3 one against SM3("abc") of GB/T 32905 and an HMAC-SM3 computed by the OpenSSL CLI.
 */
class IkePrfTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    @Test
    void jcaHmacSha256() {
        IkePrf prf = IkePrf.jca("HmacSHA256", "SHA-256");
        assertEquals(32, prf.length());
        // RFC 4231 test case 2, the message given in two parts
        assertArrayEquals(hex("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
                prf.prf("Jefe".getBytes(StandardCharsets.US_ASCII), "what do ya want ".getBytes(
                        StandardCharsets.US_ASCII), "for nothing?".getBytes(StandardCharsets.US_ASCII)));
        // HMAC-SHA256("", "") as every HMAC implementation gives it
        assertArrayEquals(hex("b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad"),
                prf.prf(new byte[0]));
        assertArrayEquals(hex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
                prf.hash("a".getBytes(StandardCharsets.US_ASCII), "bc".getBytes(StandardCharsets.US_ASCII)));
        assertThrows(IllegalArgumentException.class, () -> IkePrf.jca("HmacSHA256", "SHA-1"));
    }

    @Test
    void sm3() {
        IkePrf prf = IkePrf.sm3(TestModules.deterministic("ipsec-prf").sm3());
        assertEquals(32, prf.length());
        assertArrayEquals(hex("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"),
                prf.hash("ab".getBytes(StandardCharsets.US_ASCII), "c".getBytes(StandardCharsets.US_ASCII)));
        // printf abc | openssl mac -digest SM3 -macopt hexkey:0102 HMAC
        assertArrayEquals(hex("1f461db7f335c6703b5d0b46348de1e5318be31c4dbf4346312f588d37205d80"),
                prf.prf(hex("0102"), "abc".getBytes(StandardCharsets.US_ASCII)));
    }
}
