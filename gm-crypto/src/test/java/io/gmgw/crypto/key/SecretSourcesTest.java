package io.gmgw.crypto.key;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.testing.SecretFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one syntax for secrets: files (not readable by others), variables, systemd credentials, a prompt. */
class SecretSourcesTest {
    @Test
    void filesAreReadByPathOrFileUri(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("pin");
        SecretFiles.write(f, "123456\nignored second line\n");
        for (String spec : new String[] {"file:" + f, "file://" + f, "file://localhost" + f, f.toString()}) {
            PasswordSource s = SecretSources.parse(spec);
            assertArrayEquals("123456".toCharArray(), s.password(), spec);
            assertFalse(s.description().contains("123456"));
        }
    }

    @Test
    void systemdCredentialsComeFromTheCredentialsDirectory(@TempDir Path dir) throws Exception {
        SecretFiles.write(dir.resolve("token-pin"), "987654");
        PasswordSource s = SecretSources.parse("systemd-credential:token-pin", "PIN", dir.toString());
        assertArrayEquals("987654".toCharArray(), s.password());
        assertEquals("file " + dir.resolve("token-pin"), s.description());
        KeyLoadException none = assertThrows(KeyLoadException.class,
                () -> SecretSources.parse("systemd-credential:token-pin", "PIN", null));
        assertTrue(none.getMessage().contains("LoadCredential=token-pin"), none.getMessage());
        assertThrows(KeyLoadException.class, () -> SecretSources.parse("systemd-credential:../x", "PIN", dir.toString()));
    }

    @Test
    void environmentVariablesAndTheRest() {
        assertEquals("environment variable GMGW_TEST_NO_SUCH_PIN", SecretSources.parse("env:GMGW_TEST_NO_SUCH_PIN").description());
        KeyLoadException unset = assertThrows(KeyLoadException.class,
                () -> SecretSources.parse("env:GMGW_TEST_NO_SUCH_PIN").password());
        assertEquals(KeyLoadException.Reason.PASSWORD_REQUIRED, unset.reason());
        assertThrows(KeyLoadException.class, () -> SecretSources.parse("env:1BAD"));
        assertEquals("terminal prompt", SecretSources.parse("prompt").description());
        KeyLoadException unknown = assertThrows(KeyLoadException.class, () -> SecretSources.parse("secret"));
        assertTrue(unknown.getMessage().contains("file:/path, env:NAME, systemd-credential:NAME or prompt"));
    }

    @Test
    void aSecretFileOthersMayReadOrChangeIsRefusedWithTheChmodThatFixesIt(@TempDir Path dir) throws Exception {
        Path pin = SecretFiles.write(dir.resolve("pin"), "123456\n");
        for (String mode : new String[] {"rw-r--r--", "rw-rw----", "rw-----w-", "rw------x"}) {
            Files.setPosixFilePermissions(pin, java.nio.file.attribute.PosixFilePermissions.fromString(mode));
            KeyLoadException e = assertThrows(KeyLoadException.class, () -> SecretSources.parse("file:" + pin)
                    .password(), mode);
            assertEquals(KeyLoadException.Reason.INSECURE, e.reason(), mode);
            assertTrue(e.getMessage().contains("chmod 600 " + pin), e.getMessage());
            assertFalse(e.getMessage().contains("123456"));
        }
        for (String mode : new String[] {"rw-------", "r--------", "rw-r-----", "r--r-----"}) {
            Files.setPosixFilePermissions(pin, java.nio.file.attribute.PosixFilePermissions.fromString(mode));
            assertArrayEquals("123456".toCharArray(), SecretSources.parse(pin.toString()).password(), mode);
        }
        Path link = Files.createSymbolicLink(dir.resolve("link"), pin);
        Files.setPosixFilePermissions(pin, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        assertThrows(KeyLoadException.class, () -> SecretSources.parse("file:" + link).password(),
                "the mode that counts is the file's, not the link's");
    }
}
