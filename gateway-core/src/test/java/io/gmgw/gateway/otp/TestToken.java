package io.gmgw.gateway.otp;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.crypto.otp.DynamicPasswords;
import io.gmgw.crypto.otp.OtpProfile;
import java.util.HexFormat;
import java.util.Optional;

/** The token side of the tests: what a token with {@link #SEED} shows at a given step and counter. */
final class TestToken {
    static final CryptoModule MODULE = TestModules.deterministic("otp-verifier");
    static final DynamicPasswords PASSWORDS = new DynamicPasswords(MODULE.sm3(), MODULE.sm4());
    static final byte[] SEED = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");
    /** A Unix time on a step boundary of 60 s: step {@value #STEP}. */
    static final long STEP = 29_000_000L;
    static final long START = STEP * 60;

    private TestToken() {
    }

    static String at(OtpProfile profile, long step, long counter) {
        return at(profile, step, counter, Optional.empty());
    }

    static String at(OtpProfile profile, long step, long counter, Optional<String> challenge) {
        return PASSWORDS.password(profile, SEED, profile.factors(step, counter, challenge));
    }
}
