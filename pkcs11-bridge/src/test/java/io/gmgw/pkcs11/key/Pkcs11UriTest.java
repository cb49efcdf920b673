package io.gmgw.pkcs11.key;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.key.KeyLoadException;
import io.gmgw.pkcs11.token.TokenSelector;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class Pkcs11UriTest {
    @Test
    void pathAndQueryAttributesArePercentDecoded() {
        Pkcs11Uri u = Pkcs11Uri.parse("pkcs11:token=gw%20one;object=sign;id=%01%ff;type=private;serial=ABC"
                + "?module-path=/opt/v/lib%2Fp11.so&pin-source=file:/etc/gmgw/pin&x-profile=tass");
        assertEquals(new TokenSelector("gw one", "ABC", null, null, null), u.selector());
        assertEquals("sign", u.object());
        assertArrayEquals(new byte[] {1, (byte) 0xff}, u.id());
        assertEquals("private", u.type());
        assertEquals(Path.of("/opt/v/lib/p11.so"), u.modulePath());
        assertEquals("file:/etc/gmgw/pin", u.query().get("pin-source"));
        assertEquals("tass", u.query().get("x-profile"));
    }

    @Test
    void defaultsAndSlotIds() {
        Pkcs11Uri u = Pkcs11Uri.parse("pkcs11:object=k;slot-id=3?module-path=/m.so");
        assertEquals("private", u.type());
        assertNull(u.id());
        assertEquals(3L, u.selector().slotId());
        assertNull(u.selector().label());
    }

    @Test
    void malformedUrisSayWhatIsWrongWithoutThePin() {
        KeyLoadException e = assertThrows(KeyLoadException.class,
                () -> Pkcs11Uri.parse("pkcs11:token=a;bogus=1?pin-value=secret123"));
        assertEquals(KeyLoadException.Reason.MALFORMED, e.reason());
        assertTrue(e.getMessage().contains("unknown path attribute 'bogus'"), e.getMessage());
        assertFalse(e.getMessage().contains("secret123"));
        assertThrows(KeyLoadException.class, () -> Pkcs11Uri.parse("pkcs11:token=a;token=b"));
        assertThrows(KeyLoadException.class, () -> Pkcs11Uri.parse("pkcs11:id=%0"));
        assertThrows(KeyLoadException.class, () -> Pkcs11Uri.parse("pkcs11:id=%zz"));
        assertThrows(KeyLoadException.class, () -> Pkcs11Uri.parse("pkcs11:type=thing"));
        assertThrows(KeyLoadException.class, () -> Pkcs11Uri.parse("file:/x"));
        assertThrows(KeyLoadException.class, () -> Pkcs11Uri.parse("pkcs11:object=k?module-name=../x").modulePath());
    }
}
