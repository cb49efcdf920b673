package io.gmgw.pkcs11.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.sm2.Sm2CiphertextFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VendorProfilesTest {
    private final VendorProfiles profiles = VendorProfiles.builtIn();

    @Test
    void theReferenceTableIsShipped() {
        List<String> names = profiles.all().stream().map(VendorProfile::name).toList();
        assertTrue(names.containsAll(List.of("tass", "sansec", "usbkey-0x8000", "luna", "ibm", "softhsm", "generic-ec",
                "gmgw-softkey", "gmgw-softkey-luna")), names.toString());
        VendorProfile tass = profiles.require("tass");
        assertEquals(0x80000004L, tass.ckkSm2());
        assertEquals(0x80008001L, tass.sm2KeyGen());
        assertEquals(0x80008000L, tass.sm2SignE());
        assertEquals(VendorProfile.SignatureFormat.DER, tass.signatureFormat());
        assertEquals(VendorProfile.Signing.HOST_Z, tass.signing());
        assertEquals(0x80008000L, tass.signingMechanism());
        VendorProfile luna = profiles.require("luna");
        assertEquals(0x80000016L, luna.ckkSm2());
        assertEquals(0x80000B21L, luna.sm2SignE());
        assertEquals(0, luna.sm2Encrypt());
        assertTrue(luna.ecdhDecrypt());
        assertEquals(VendorProfile.SignatureFormat.RAW, luna.signatureFormat());
        assertEquals(0x80008104L, profiles.require("sansec").sm2SignE());
        assertEquals(0x8005000BL, profiles.require("ibm").sm2SignE());
        assertEquals(Sm2CiphertextFormat.RAW_C1C3C2, profiles.require("usbkey-0x8000").ciphertextFormat());
        assertTrue(profiles.require("softhsm").sm2AsEc());
        assertEquals(0, profiles.require("tass").sm2KeyExchange(), "no real vendor has a documented SM2 key exchange");
    }

    @Test
    void modulesAreMatchedByManufacturerAndDescription() {
        assertEquals("softhsm", profiles.select("SoftHSM", "Implementation of PKCS11").name());
        assertEquals("gmgw-softkey", profiles.select("gmgw", "gmgw soft smart key (0x8000)").name());
        assertEquals("gmgw-softkey-luna", profiles.select("gmgw", "gmgw soft smart key (luna)").name());
        assertEquals("luna", profiles.select("SafeNet", "Chrystoki").name());
        assertEquals("tass", profiles.select("TASS", "TASS PKCS11").name());
        assertEquals("generic-ec", profiles.select("Nobody", "Unknown").name());
    }

    @Test
    void profileFilesAreCheckedAndErrorsSayWhere(@TempDir Path dir) throws Exception {
        Path ok = dir.resolve("vendor.properties");
        Files.writeString(ok, "name = acme\nckk.sm2 = 0x80000099\nckm.sm2.sign.e = 0x80001000\n"
                + "sm2.signature.format = raw\nsm2.ciphertext.format = raw-c1c2c3\n");
        VendorProfile acme = VendorProfiles.load(ok);
        assertEquals(0x80000099L, acme.ckkSm2());
        assertEquals(Sm2CiphertextFormat.RAW_C1C2C3, acme.ciphertextFormat());
        Path bad = dir.resolve("bad.properties");
        Files.writeString(bad, "name = bad\nckm.sm2.sign.e = eighty\n");
        ProfileException e = assertThrows(ProfileException.class, () -> VendorProfiles.load(bad));
        assertTrue(e.getMessage().contains(bad.toString()) && e.getMessage().contains("ckm.sm2.sign.e"), e.getMessage());
        Files.writeString(bad, "name = bad\nsm2.signature.format = base64\n");
        assertTrue(assertThrows(ProfileException.class, () -> VendorProfiles.load(bad)).getMessage().contains("[der, raw]"));
        assertThrows(ProfileException.class, () -> profiles.require("nope"));
    }
}
