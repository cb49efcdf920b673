package io.gmgw.gateway.otp.enrol;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.otp.OtpFactor;
import io.gmgw.crypto.otp.OtpProfile;
import io.gmgw.gateway.otp.store.TokenRecord;
import io.gmgw.gateway.otp.store.TokenStore;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * Soft tokens: a seed drawn from the module's DRBG, sealed into the store at once, and handed back this one time for
 * enrolment in an app, as base32 and as an otpauth-style URI. The URI uses the types {@code gmtotp} and
 * {@code gmhotp} and names the GM algorithm, so that an app that only knows RFC 6238/4226 ({@code totp},
 * {@code hotp}, HMAC) refuses the code instead of computing wrong passwords.
 */
public final class SoftTokens {
    /** Seed length: 128 bits, the standard's minimum, which every GB/T 38556 app and fob accepts. */
    public static final int SEED_BYTES = 16;
    private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    private SoftTokens() {
    }

    /** A new soft token: its record in the store, and the seed in the two forms shown once. */
    public record Created(TokenRecord record, String base32Seed, String uri) {
        @Override
        public String toString() {
            return "Created[" + record.serial() + "]"; // never the seed
        }
    }

    /**
     * Creates token {@code serial} with a fresh seed, assigned to {@code user} if given; audited by the store as
     * {@code otp.token-add} with origin "soft token". The seed array is wiped before this returns.
     */
    public static Created create(TokenStore store, CryptoModule module, String serial, OtpProfile profile,
            Optional<String> user, String issuer) throws IOException {
        if (profile.uses(OtpFactor.CHALLENGE)) {
            throw new IllegalArgumentException("a soft token for an app is time- or event-based; challenge tokens "
                    + "come from their vendor");
        }
        byte[] seed = new byte[SEED_BYTES];
        module.random().nextBytes(seed);
        try {
            TokenRecord r = store.add(serial, profile, seed, user, 0, "soft token");
            String secret = base32(seed);
            return new Created(r, secret, uri(issuer, serial, user, profile, secret));
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    /** The otpauth-style enrolment URI (see the class comment and docs/otp.md). */
    static String uri(String issuer, String serial, Optional<String> user, OtpProfile p, String secret) {
        boolean time = p.uses(OtpFactor.TIME);
        String label = enc(issuer) + ":" + enc(user.map(u -> u + " (" + serial + ")").orElse(serial));
        StringBuilder u = new StringBuilder("otpauth://").append(time ? "gmtotp" : "gmhotp").append('/').append(label)
                .append("?secret=").append(secret).append("&issuer=").append(enc(issuer))
                .append("&algorithm=").append(p.algorithm().id().toUpperCase(java.util.Locale.ROOT))
                .append("&digits=").append(p.digits()).append("&standard=GB%2FT38556");
        if (time) {
            u.append("&period=").append(p.intervalSeconds());
        }
        if (p.uses(OtpFactor.EVENT)) {
            u.append("&counter=0");
        }
        return u.toString();
    }

    /** RFC 4648 base32, without padding, as authenticator apps take secrets. */
    static String base32(byte[] b) {
        StringBuilder s = new StringBuilder((b.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte x : b) {
            buffer = buffer << 8 | (x & 0xff);
            bits += 8;
            while (bits >= 5) {
                s.append(BASE32[buffer >>> (bits - 5) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) {
            s.append(BASE32[buffer << (5 - bits) & 31]);
        }
        return s.toString();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
