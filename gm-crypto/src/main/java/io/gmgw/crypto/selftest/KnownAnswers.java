package io.gmgw.crypto.selftest;

import java.security.MessageDigest;
import java.util.HexFormat;

/** Comparison helper for the known-answer tests. */
final class KnownAnswers {
    private KnownAnswers() {
    }

    static void expect(String what, String expectedHex, byte[] actual) throws SelfTestFailure {
        byte[] expected = HexFormat.of().parseHex(expectedHex);
        if (!MessageDigest.isEqual(expected, actual)) {
            throw new SelfTestFailure(what + ": expected " + expectedHex + ", got " + HexFormat.of().formatHex(actual));
        }
    }
}
