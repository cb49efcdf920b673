package io.gmgw.pkcs11.token;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.key.KeyLoadException;
import io.gmgw.crypto.key.PasswordSource;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PinSourcesTest {
    @Test
    void filesAreReadByPathOrFileUri(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("pin");
        Files.writeString(f, "123456\nignored second line\n");
        for (String spec : new String[] {"file:" + f, "file://" + f, "file://localhost" + f, f.toString()}) {
            PasswordSource s = PinSources.parse(spec);
            assertArrayEquals("123456".toCharArray(), s.password(), spec);
            assertFalse(s.description().contains("123456"));
        }
    }

    @Test
    void systemdCredentialsComeFromTheCredentialsDirectory(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("token-pin"), "987654");
        PasswordSource s = PinSources.parse("systemd-credential:token-pin", "PIN", dir.toString());
        assertArrayEquals("987654".toCharArray(), s.password());
        assertEquals("file " + dir.resolve("token-pin"), s.description());
        KeyLoadException none = assertThrows(KeyLoadException.class,
                () -> PinSources.parse("systemd-credential:token-pin", "PIN", null));
        assertTrue(none.getMessage().contains("LoadCredential=token-pin"), none.getMessage());
        assertThrows(KeyLoadException.class, () -> PinSources.parse("systemd-credential:../x", "PIN", dir.toString()));
    }

    @Test
    void environmentVariablesAndTheRest() {
        assertEquals("environment variable GMGW_TEST_NO_SUCH_PIN", PinSources.parse("env:GMGW_TEST_NO_SUCH_PIN").description());
        KeyLoadException unset = assertThrows(KeyLoadException.class,
                () -> PinSources.parse("env:GMGW_TEST_NO_SUCH_PIN").password());
        assertEquals(KeyLoadException.Reason.PASSWORD_REQUIRED, unset.reason());
        assertThrows(KeyLoadException.class, () -> PinSources.parse("env:1BAD"));
        assertEquals("terminal prompt", PinSources.parse("prompt").description());
        KeyLoadException unknown = assertThrows(KeyLoadException.class, () -> PinSources.parse("secret"));
        assertTrue(unknown.getMessage().contains("file:/path, env:NAME, systemd-credential:NAME or prompt"));
    }
}
