package io.gmgw.gateway.otp.enrol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.audit.Actor;
import io.gmgw.audit.Audit;
import io.gmgw.audit.AuditEvent;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.crypto.otp.DynamicPasswords;
import io.gmgw.crypto.otp.OtpAlgorithm;
import io.gmgw.crypto.otp.OtpFactors;
import io.gmgw.crypto.otp.OtpProfile;
import io.gmgw.gateway.otp.store.Sm4SeedKey;
import io.gmgw.gateway.otp.store.TokenStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Soft tokens: the seed shown once (base32, enrolment URI) is the one sealed in the store, and nowhere at rest. */
class SoftTokensTest {
    static final CryptoModule MODULE = TestModules.deterministic("otp-soft");

    @TempDir
    Path tmp;

    @Test
    void theSeedShownOnceIsTheSeedTheStoreVerifiesWith() throws Exception {
        List<AuditEvent> events = new CopyOnWriteArrayList<>();
        Audit audit = new Audit(events::add, Clock.systemUTC(), new Actor("root", 0, "gw1", 1, "gmgw otp"), Map.of());
        TokenStore store = TokenStore.open(tmp.resolve("tokens"), Sm4SeedKey.generate(MODULE, tmp.resolve("k")), audit);
        SoftTokens.Created c = SoftTokens.create(store, MODULE, "SOFT0001", OtpProfile.timeBased(OtpAlgorithm.SM3),
                Optional.of("alice"), "gmgw VPN");
        assertEquals(26, c.base32Seed().length(), "128 bits in base32 without padding");
        assertTrue(c.base32Seed().matches("[A-Z2-7]+"));
        assertEquals("otpauth://gmtotp/gmgw%20VPN:alice%20%28SOFT0001%29?secret=" + c.base32Seed()
                + "&issuer=gmgw%20VPN&algorithm=SM3&digits=6&standard=GB%2FT38556&period=60", c.uri());
        byte[] shown = decode(c.base32Seed());
        DynamicPasswords p = new DynamicPasswords(MODULE.sm3(), MODULE.sm4());
        assertEquals(p.password(c.record().profile(), shown, OtpFactors.time(30_000_000)),
                store.withSeed(c.record(), seed -> p.password(c.record().profile(), seed, OtpFactors.time(30_000_000))));
        assertFalse(Files.readString(tmp.resolve("tokens/SOFT0001.token")).contains(c.base32Seed()));
        assertEquals("soft token", events.getLast().details().get("origin"));
        assertFalse(c.toString().contains(c.base32Seed()));

        SoftTokens.Created ev = SoftTokens.create(store, MODULE, "SOFT0002", OtpProfile.eventBased(OtpAlgorithm.SM4),
                Optional.empty(), "gw");
        assertTrue(ev.uri().startsWith("otpauth://gmhotp/gw:SOFT0002?"), ev.uri());
        assertTrue(ev.uri().endsWith("&algorithm=SM4&digits=6&standard=GB%2FT38556&counter=0"), ev.uri());
        io.gmgw.gateway.GatewayException taken = assertThrows(io.gmgw.gateway.GatewayException.class,
                () -> SoftTokens.create(store, MODULE, "SOFT0003", OtpProfile.timeBased(OtpAlgorithm.SM3),
                        Optional.of("alice"), "gw"));
        assertTrue(taken.getMessage().contains("user alice already has token SOFT0001"), taken.getMessage());
        assertTrue(store.get("SOFT0003").isEmpty(), "nothing added");
        assertThrows(IllegalArgumentException.class, () -> SoftTokens.create(store, MODULE, "C1",
                new OtpProfile(OtpAlgorithm.SM3, java.util.Set.of(io.gmgw.crypto.otp.OtpFactor.CHALLENGE), 6, 60, 0,
                        io.gmgw.crypto.otp.IdLayout.OMIT_ABSENT), Optional.empty(), "gw"));
    }

    @Test
    void base32FollowsRfc4648() {
        // RFC 4648 §10 test vectors, without padding
        assertEquals("MZXW6YTBOI", SoftTokens.base32("foobar".getBytes()));
        assertEquals("MZXW6YQ", SoftTokens.base32("foob".getBytes()));
        assertEquals("MY", SoftTokens.base32("f".getBytes()));
    }

    static byte[] decode(String s) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        byte[] out = new byte[s.length() * 5 / 8];
        int buffer = 0;
        int bits = 0;
        int n = 0;
        for (char ch : s.toCharArray()) {
            buffer = buffer << 5 | alphabet.indexOf(ch);
            bits += 5;
            if (bits >= 8) {
                out[n++] = (byte) (buffer >>> (bits - 8));
                bits -= 8;
            }
        }
        return out;
    }
}
