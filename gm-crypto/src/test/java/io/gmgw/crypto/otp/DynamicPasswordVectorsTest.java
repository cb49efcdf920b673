package io.gmgw.crypto.otp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.crypto.VectorFile;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The known answers of vectors/otp/gbt38556.txt, step by step (ID, S, OD) and as passwords of 6, 7 and 8 digits
 * through a token profile built from the record, the way the verifier computes them.
 */
class DynamicPasswordVectorsTest {
    private static final CryptoModule MODULE = TestModules.deterministic("otp-vectors");
    private static final DynamicPasswords PASSWORDS = new DynamicPasswords(MODULE.sm3(), MODULE.sm4());

    static List<VectorFile.Vector> vectors() {
        return VectorFile.load("otp/gbt38556.txt");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void idCompressionAndTruncationMatch(VectorFile.Vector v) {
        OtpProfile profile = profile(v, 6);
        OtpFactors factors = factors(v, profile);
        byte[] id = DynamicPasswords.id(factors, profile.layout());
        assertEquals(v.text("id"), HexFormat.of().formatHex(id), "ID");
        byte[] s = PASSWORDS.compress(profile.algorithm(), v.bytes("seed"), id);
        assertArrayEquals(v.bytes("s"), s, "S");
        assertEquals(Long.parseLong(v.text("od"), 16), DynamicPasswords.truncate(s), "OD");
        assertEquals(Long.parseLong(v.text("od"), 16), PASSWORDS.outputValue(profile.algorithm(), v.bytes("seed"), id));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void passwordsOfSixSevenAndEightDigits(VectorFile.Vector v) {
        for (int digits = 6; digits <= 8; digits++) {
            OtpProfile profile = profile(v, digits);
            String password = PASSWORDS.password(profile, v.bytes("seed"), factors(v, profile));
            assertEquals(v.text("p" + digits), password, digits + " digits");
        }
    }

    private static OtpProfile profile(VectorFile.Vector v, int digits) {
        Set<OtpFactor> used = EnumSet.noneOf(OtpFactor.class);
        if (v.has("t0")) {
            used.add(OtpFactor.TIME);
        }
        if (v.has("counter")) {
            used.add(OtpFactor.EVENT);
        }
        if (v.has("challenge")) {
            used.add(OtpFactor.CHALLENGE);
        }
        int interval = v.has("interval") ? Integer.parseInt(v.text("interval")) : OtpProfile.DEFAULT_INTERVAL_SECONDS;
        return new OtpProfile(OtpAlgorithm.of(v.text("algorithm")), used, digits, interval, 0,
                IdLayout.of(v.text("layout")));
    }

    private static OtpFactors factors(VectorFile.Vector v, OtpProfile profile) {
        long step = 0;
        if (v.has("t0")) {
            step = profile.timeStep(Long.parseLong(v.text("t0")));
            assertEquals(Long.parseLong(v.text("time")), step, "T = floor(T0 / Tc)");
        }
        long counter = v.has("counter") ? Long.parseLong(v.text("counter")) : 0;
        Optional<String> challenge = v.has("challenge") ? Optional.of(v.text("challenge")) : Optional.empty();
        return profile.factors(step, counter, challenge);
    }
}
