package io.gmgw.ipsec.natt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gmgw.ipsec.natt.NonEspMarker.Kind;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** RFC 3948 §2 framing on port 4500. */
class NonEspMarkerTest {
    private static Kind kind(String hex) {
        byte[] b = HexFormat.of().parseHex(hex);
        return NonEspMarker.classify(b, 0, b.length);
    }

    @Test
    void classifiesWhatArrivesOnPort4500() {
        assertEquals(Kind.KEEPALIVE, kind("ff"));
        assertEquals(Kind.INVALID, kind(""));
        assertEquals(Kind.INVALID, kind("00"));
        assertEquals(Kind.INVALID, kind("fe"));
        assertEquals(Kind.INVALID, kind("000000"));
        assertEquals(Kind.IKE, kind("00000000" + "892e908fbd89e498"));
        assertEquals(Kind.ESP, kind("c0ffee01" + "00000001"));
        assertEquals(Kind.ESP, kind("00000001"));
        byte[] framed = HexFormat.of().parseHex("aa00000000bbcc");
        assertEquals(Kind.IKE, NonEspMarker.classify(framed, 1, 6));
    }

    @Test
    void prependsAndStripsTheMarker() {
        byte[] ike = HexFormat.of().parseHex("892e908fbd89e498");
        byte[] framed = NonEspMarker.prepend(ike);
        assertArrayEquals(HexFormat.of().parseHex("00000000892e908fbd89e498"), framed);
        assertArrayEquals(ike, NonEspMarker.strip(framed));
        assertThrows(IllegalArgumentException.class, () -> NonEspMarker.strip(HexFormat.of().parseHex("c0ffee01")));
    }
}
