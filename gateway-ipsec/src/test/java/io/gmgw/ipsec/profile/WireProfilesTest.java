package io.gmgw.ipsec.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.sm2.Sm2CiphertextFormat;
import io.gmgw.ipsec.isakmp.IsakmpHeader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The wire-profile table: the built-in profiles' values, selection by name, strict profile files. */
class WireProfilesTest {
    private final WireProfiles profiles = WireProfiles.builtIn();

    @Test
    void theBuiltInProfilesAndTheirNumbers() {
        assertEquals(List.of("gm-2014", "gm-2023", "rfc2409"), profiles.all().stream().map(WireProfile::name)
                .toList());
        WireProfile gm2014 = profiles.require("gm-2014");
        assertEquals(IsakmpHeader.VERSION_GM, gm2014.isakmpVersion());
        assertEquals(new GmWireNumbers(129, OptionalInt.empty(), 128, Sm2CiphertextFormat.DER_C1C3C2,
                SignatureEncoding.DER, "1234567812345678", XchBodyCipher.SM4_CBC_ZERO_IV, false, SignedValues.PLAINTEXT),
                gm2014.requireGm());
        assertEquals(QuickModeHashInput.GM_NONCE_FIRST_SA_WITH_HEADER, gm2014.quickModeHash());
        assertEquals(16, gm2014.requireGm().hmacSm3IcvLength());

        // The 2023 edition differs in its ESP numbers only (ipsec.md §6).
        GmWireNumbers gm2023 = profiles.require("gm-2023").requireGm();
        assertEquals(127, gm2023.espSm4CbcTransformId());
        assertEquals(OptionalInt.of(130), gm2023.espSm4GcmTransformId());
        assertEquals(new GmWireNumbers(129, OptionalInt.empty(), gm2023.hmacSm3IcvBits(), gm2023.skCiphertext(),
                gm2023.signature(), gm2023.signerId(), gm2023.xchBodyCipher(), gm2023.certBodyIncludesEncoding(),
                gm2023.signedValues()),
                gm2014.requireGm());

        WireProfile rfc = profiles.require("rfc2409");
        assertEquals(IsakmpHeader.VERSION_RFC2409, rfc.isakmpVersion());
        assertEquals(Optional.empty(), rfc.gm());
        assertEquals(QuickModeHashInput.RFC2409_WIRE_ORDER, rfc.quickModeHash());
        WireProfileException e = assertThrows(WireProfileException.class, rfc::requireGm);
        assertTrue(e.getMessage().contains("RFC 2409 profile"), e.getMessage());
    }

    @Test
    void anUnknownNameListsTheKnownOnes() {
        WireProfileException e = assertThrows(WireProfileException.class, () -> profiles.require("gm-2012"));
        assertEquals("no IPsec wire profile named 'gm-2012'; built-in profiles: gm-2014, gm-2023, rfc2409 (or give a "
                + "profile file, see docs/ipsec.md)", e.getMessage());
    }

    /** A value settled against a vendor gateway goes into a profile file: no new build. */
    @Test
    void aProfileFileOverridesAnyDisputedValue(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("vendor-x.properties");
        Files.writeString(file, gm2014Text().replace("esp.hmac-sm3.icv-bits=128", "esp.hmac-sm3.icv-bits=96")
                .replace("sk.sm2-ciphertext=der-c1c3c2", "sk.sm2-ciphertext=raw-c1c2c3")
                .replace("sig.sm2-signature=der", "sig.sm2-signature=raw-r-s")
                .replace("xch.body-cipher=sm4-cbc-zero-iv", "xch.body-cipher=sm4-ecb")
                .replace("sig.signed-values=plaintext", "sig.signed-values=payload-bodies")
                .replace("quick-mode.hash=gm-nonce-first-sa-with-header", "quick-mode.hash=gm-nonce-first-sa-body"));
        WireProfile p = WireProfiles.load(file);
        assertEquals("vendor-x", p.name());
        GmWireNumbers gm = p.requireGm();
        assertEquals(96, gm.hmacSm3IcvBits());
        assertEquals(Sm2CiphertextFormat.RAW_C1C2C3, gm.skCiphertext());
        assertEquals(SignatureEncoding.RAW_R_S, gm.signature());
        assertEquals(XchBodyCipher.SM4_ECB, gm.xchBodyCipher());
        assertEquals(SignedValues.PAYLOAD_BODIES, gm.signedValues());
        assertEquals(QuickModeHashInput.GM_NONCE_FIRST_SA_BODY, p.quickModeHash());
    }

    @Test
    void profileFilesAreStrict(@TempDir Path dir) throws IOException {
        assertFileFails(dir, gm2014Text().replace("esp.hmac-sm3.icv-bits=128", "esp.hmac-sm3.icv-bits=64"),
                "HMAC-SM3 ICV length is 96, 128 or 256 bits, not 64");
        assertFileFails(dir, gm2014Text().replace("esp.sm4-cbc.transform-id=129\n", ""),
                "'esp.sm4-cbc.transform-id' is missing");
        assertFileFails(dir, gm2014Text() + "esp.sm4-ctr.transform-id=131\n", "unknown key 'esp.sm4-ctr.transform-id'");
        assertFileFails(dir, gm2014Text().replace("sig.sm2-signature=der", "sig.sm2-signature=pem"),
                "'sig.sm2-signature' is one of der, raw-r-s, not 'pem'");
        assertFileFails(dir, gm2014Text().replace("isakmp.version=0x11", "isakmp.version=0x20"),
                "isakmp.version is 0x11 (GM) or 0x10 (RFC 2409), not '0x20'");
        assertFileFails(dir, "description=x\nisakmp.version=0x10\nquick-mode.hash=rfc2409-wire-order\n"
                + "esp.hmac-sm3.icv-bits=128\n", "GM keys belong to a version 0x11 profile");
        assertFileFails(dir, gm2014Text().replace("quick-mode.hash=gm-nonce-first-sa-with-header",
                "quick-mode.hash=rfc2409-wire-order"), "a GM profile hashes quick mode in GM order");
    }

    private static void assertFileFails(Path dir, String text, String expected) throws IOException {
        Path file = dir.resolve("bad.properties");
        Files.writeString(file, text);
        WireProfileException e = assertThrows(WireProfileException.class, () -> WireProfiles.load(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    private static String gm2014Text() throws IOException {
        try (var in = WireProfiles.class.getResourceAsStream("/io/gmgw/ipsec/profile/gm-2014.properties")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
