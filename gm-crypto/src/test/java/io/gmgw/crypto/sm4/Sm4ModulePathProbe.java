package io.gmgw.crypto.sm4;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Run by {@link Sm4ModulePathTest} in a JVM where gm-crypto and Bouncy Castle are modules on the module path (as in a
 * jlink image): encrypts GB/T 32907's example block, destroys the keys, and checks that the arrays that held the round
 * keys are zero. Prints one line; exits 1 with the reason when a check fails.
 */
public final class Sm4ModulePathProbe {
    private Sm4ModulePathProbe() {
    }

    public static void main(String[] args) {
        HexFormat hex = HexFormat.of();
        String gm = Sm4RoundKeys.class.getModule().getName();
        String bc = org.bouncycastle.crypto.engines.SM4Engine.class.getModule().getName();
        if (!"io.gmgw.crypto".equals(gm) || !"org.bouncycastle.provider".equals(bc)) {
            fail("not on the module path: gm-crypto in module " + gm + ", Bouncy Castle in module " + bc);
        }
        byte[] key = hex.parseHex("0123456789abcdeffedcba9876543210");
        Sm4RoundKeys keys = Sm4RoundKeys.bothDirections(key);
        byte[] block = key.clone();
        keys.encryptBlock(block, 0, block, 0);
        if (!Arrays.equals(block, hex.parseHex("681edf34d206965e86b3e94f536e4246"))) {
            fail("SM4 of the standard's example gave " + hex.formatHex(block));
        }
        List<int[]> held = keys.roundKeyArrays();
        keys.destroy();
        for (int[] rk : held) {
            if (Arrays.stream(rk).anyMatch(w -> w != 0)) {
                fail("destroy() left round keys in place: " + Arrays.toString(rk));
            }
        }
        System.out.println("round keys zeroed in place; gm-crypto in module " + gm + ", Bouncy Castle in module " + bc);
    }

    private static void fail(String why) {
        System.out.println("FAILED: " + why);
        System.exit(1);
    }
}
