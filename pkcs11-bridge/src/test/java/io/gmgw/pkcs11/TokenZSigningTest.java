package io.gmgw.pkcs11;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.crypto.key.KeyHandle;
import io.gmgw.crypto.key.KeyLoadException;
import io.gmgw.crypto.key.KeyOptions;
import io.gmgw.crypto.key.KeyProviders;
import io.gmgw.pkcs11.profile.VendorProfile;
import io.gmgw.pkcs11.token.Pkcs11Module;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A profile chosen explicitly from a file, set to let the token compute Z from the user ID (the with-Z mechanism,
 * ID as mechanism parameter): signatures still verify with gm-crypto for the default and a custom ID. A second,
 * different explicit profile for the same module in the same process is refused.
 */
class TokenZSigningTest {
    private static final CryptoModule CRYPTO = TestModules.production();

    @Test
    void theTokenComputesZFromTheIdGivenAsMechanismParameter(@TempDir Path dir) throws Exception {
        Path library = NativePeers.softKey();
        SoftKey.reset("0x8000", 1, 5);
        Path profile = dir.resolve("token-z.properties");
        try (InputStream in = getClass().getResourceAsStream("/io/gmgw/pkcs11/profile/gmgw-softkey.properties")) {
            String p = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("name = gmgw-softkey", "name = softkey-token-z")
                    .replace("sm2.signing = host-z", "sm2.signing = token-z");
            Files.writeString(profile, p);
        }
        try (Pkcs11Module module = Pkcs11Module.open(library, profile.toString())) {
            assertEquals(VendorProfile.Signing.TOKEN_Z, module.profile().signing());
            assertEquals(0x80008100L, module.profile().signingMechanism());
            SoftKey.initToken(module.library(), 0, "z");
            SoftKey.generateKey(module, 0, "k");
            String uri = "pkcs11:token=z;object=k?module-path=" + library + "&x-profile=" + profile
                    + "&pin-source=file:" + SoftKey.userPinFile(dir);
            try (KeyHandle key = KeyProviders.load(CRYPTO).open(uri, KeyOptions.none())) {
                byte[] m = "message digest".getBytes(StandardCharsets.US_ASCII);
                byte[] id = "ALICE123@YAHOO.COM".getBytes(StandardCharsets.US_ASCII);
                assertTrue(CRYPTO.sm2().verify(key.publicKey(), m, key.sign(m)));
                byte[] withId = key.sign(m, id);
                assertTrue(CRYPTO.sm2().verify(key.publicKey(), m, withId, id));
                assertFalse(CRYPTO.sm2().verify(key.publicKey(), m, withId));
            }
            KeyLoadException clash = assertThrows(KeyLoadException.class, () -> KeyProviders.load(CRYPTO).open(
                    "pkcs11:token=z;object=k?module-path=" + library + "&x-profile=luna", KeyOptions.none()));
            assertTrue(clash.getMessage().contains("already in use with vendor profile softkey-token-z"),
                    clash.getMessage());
        }
    }
}
