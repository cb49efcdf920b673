package io.gmgw.crypto.otp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The algorithm's rules around the known answers: bounds, padding, the time factor, unsigned output. */
class DynamicPasswordRulesTest {
    private static final CryptoModule MODULE = TestModules.deterministic("otp-rules");
    private static final DynamicPasswords PASSWORDS = new DynamicPasswords(MODULE.sm3(), MODULE.sm4());
    private static final byte[] SEED = HexFormat.of().parseHex("1234567890abcdef1234567890abcdef");

    @Test
    void timeStepIsWholeIntervalsSinceTheEpochAndChangesExactlyAtTheBoundary() {
        OtpProfile p = OtpProfile.timeBased(OtpAlgorithm.SM3);
        assertEquals(22_346_384, p.timeStep(1_340_783_040L));
        assertEquals(22_346_384, p.timeStep(1_340_783_099L));
        assertEquals(22_346_385, p.timeStep(1_340_783_100L));
        OtpProfile vendorEpoch = new OtpProfile(OtpAlgorithm.SM3, EnumSet.of(OtpFactor.TIME), 6, 60,
                1_000_000_000L, IdLayout.OMIT_ABSENT);
        assertEquals(0, vendorEpoch.timeStep(1_000_000_059L));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> vendorEpoch.timeStep(999_999_999L));
        assertTrue(e.getMessage().contains("before the token's epoch"), e.getMessage());
    }

    @Test
    void sameStepSamePasswordNextStepAnother() {
        OtpProfile p = OtpProfile.timeBased(OtpAlgorithm.SM4);
        String a = PASSWORDS.password(p, SEED, OtpFactors.time(p.timeStep(1_340_783_040L)));
        String b = PASSWORDS.password(p, SEED, OtpFactors.time(p.timeStep(1_340_783_099L)));
        String c = PASSWORDS.password(p, SEED, OtpFactors.time(p.timeStep(1_340_783_100L)));
        assertEquals(a, b);
        assertNotEquals(a, c);
    }

    @Test
    void shortIdsArePaddedWithZerosAtTheEndLongOnesKept() {
        assertEquals("000004d2000000000000000000000000",
                HexFormat.of().formatHex(DynamicPasswords.id(OtpFactors.event(1234), IdLayout.OMIT_ABSENT)));
        byte[] id = DynamicPasswords.id(OtpFactors.time(1).withCounter(2).withChallenge("abcdefgh"),
                IdLayout.OMIT_ABSENT);
        assertEquals("0000000000000001000000026162636465666768", HexFormat.of().formatHex(id));
    }

    @Test
    void layoutsAgreeForTimeTokensAndForTokensUsingTimeAndEvent() {
        OtpFactors time = OtpFactors.time(22_346_384);
        assertArrayEquals(DynamicPasswords.id(time, IdLayout.OMIT_ABSENT),
                DynamicPasswords.id(time, IdLayout.TIME_AND_EVENT_ALWAYS));
        OtpFactors both = time.withCounter(9).withChallenge("1234");
        assertArrayEquals(DynamicPasswords.id(both, IdLayout.OMIT_ABSENT),
                DynamicPasswords.id(both, IdLayout.TIME_AND_EVENT_ALWAYS));
    }

    @Test
    void truncationAddsBigEndianWordsModuloTwoToThe32AsUnsigned() {
        byte[] s = new byte[16];
        java.util.Arrays.fill(s, (byte) 0xFF);
        // 4 × 0xFFFFFFFF = 0x3FFFFFFFC → 0xFFFFFFFC after the carry is dropped
        assertEquals(0xFFFF_FFFCL, DynamicPasswords.truncate(s));
        assertEquals("67292", DynamicPasswords.decimal(0xFFFF_FFFCL, 8).substring(3));
        assertEquals("00000000", DynamicPasswords.decimal(100_000_000L, 8));
        assertEquals("000042", DynamicPasswords.decimal(1_000_042L, 6));
    }

    @Test
    void digitsSixToEightOnly() {
        assertThrows(IllegalArgumentException.class, () -> OtpProfile.timeBased(OtpAlgorithm.SM3).withDigits(5));
        assertThrows(IllegalArgumentException.class, () -> OtpProfile.timeBased(OtpAlgorithm.SM3).withDigits(9));
        assertThrows(IllegalArgumentException.class, () -> DynamicPasswords.decimal(1, 9));
    }

    @Test
    void intervalOneToSixtySeconds() {
        assertEquals(60, OtpProfile.timeBased(OtpAlgorithm.SM3).intervalSeconds());
        assertThrows(IllegalArgumentException.class, () -> OtpProfile.timeBased(OtpAlgorithm.SM3).withInterval(0));
        assertThrows(IllegalArgumentException.class, () -> OtpProfile.timeBased(OtpAlgorithm.SM3).withInterval(61));
    }

    @Test
    void seedOfAtLeast128Bits() {
        OtpProfile p = OtpProfile.timeBased(OtpAlgorithm.SM3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PASSWORDS.password(p, new byte[15], OtpFactors.time(1)));
        assertTrue(e.getMessage().contains("at least 128 bits"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> PASSWORDS.password(p, new byte[65], OtpFactors.time(1)));
    }

    @Test
    void factorBounds() {
        assertThrows(IllegalArgumentException.class,
                () -> new OtpFactors(OptionalLong.empty(), OptionalLong.empty(), Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> OtpFactors.event(-1));
        assertThrows(IllegalArgumentException.class, () -> OtpFactors.event(OtpFactors.MAX_COUNTER + 1));
        assertThrows(IllegalArgumentException.class, () -> OtpFactors.time(-1));
        assertThrows(IllegalArgumentException.class, () -> OtpFactors.challenge("123"));
        assertThrows(IllegalArgumentException.class, () -> OtpFactors.challenge("12é4"));
        assertThrows(IllegalArgumentException.class, () -> OtpFactors.challenge("1".repeat(65)));
    }

    @Test
    void profileTakesTheChallengeExactlyWhenItUsesOne() {
        OtpProfile time = OtpProfile.timeBased(OtpAlgorithm.SM3);
        assertThrows(IllegalArgumentException.class, () -> time.factors(1, 0, Optional.of("1234")));
        OtpProfile withQ = new OtpProfile(OtpAlgorithm.SM3, EnumSet.of(OtpFactor.TIME, OtpFactor.CHALLENGE), 6, 60, 0,
                IdLayout.OMIT_ABSENT);
        assertThrows(IllegalArgumentException.class, () -> withQ.factors(1, 0, Optional.empty()));
        OtpFactors f = withQ.factors(7, 99, Optional.of("1234"));
        assertEquals(OptionalLong.of(7), f.time());
        assertEquals(OptionalLong.empty(), f.counter(), "a counter the token does not use is left out");
    }

    @Test
    void namesOfAlgorithmsAndLayouts() {
        assertEquals(OtpAlgorithm.SM4, OtpAlgorithm.of("SM4"));
        assertEquals(IdLayout.TIME_AND_EVENT_ALWAYS, IdLayout.of("time-and-event-always"));
        assertThrows(IllegalArgumentException.class, () -> OtpAlgorithm.of("sha1"));
    }
}
