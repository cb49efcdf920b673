package io.gmgw.crypto.sm3;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gmgw.crypto.TestModules;
import io.gmgw.crypto.Vectors;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class HmacSm3VectorsTest {
    private final Sm3 sm3 = TestModules.deterministic("hmac").sm3();

    @Test
    void publishedVectors() {
        List<String> lines = Vectors.lines("sm3/hmac-sm3.txt");
        assertEquals(5, lines.size());
        HexFormat hex = HexFormat.of();
        for (String line : lines) {
            String[] f = line.split("\\|", -1);
            byte[] key = hex.parseHex(f[0]);
            byte[] msg = hex.parseHex(f[1]);
            assertEquals(f[2], hex.formatHex(sm3.hmac(key, msg)), line);
            // the same through the incremental API, byte by byte
            HmacSm3 mac = sm3.hmac(key);
            for (byte b : msg) {
                mac.update(new byte[] {b});
            }
            assertEquals(f[2], hex.formatHex(mac.doFinal()), line);
        }
    }
}
