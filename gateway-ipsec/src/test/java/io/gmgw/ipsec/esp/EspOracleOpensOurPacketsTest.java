package io.gmgw.ipsec.esp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.testing.SystemPeers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What we send, with fresh keys and random IVs, opened by an independent implementation ({@code vectors/esp-open.py}:
 * python3-cryptography, and for SM4-CBC/HMAC-SM3 also the OpenSSL CLI, which must agree): the ICV verifies, the
 * padding is 1, 2, 3…, and the inner packet and next header are ours. Every transform, every HMAC-SM3 ICV length,
 * several inner lengths; one packet with a flipped ICV bit must be refused by the oracle too.
 */
class EspOracleOpensOurPacketsTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private record Sent(String line, byte[] inner, boolean tampered) {
    }

    @Test
    void theOracleOpensWhatWeSeal() throws Exception {
        Path python = Path.of("/usr/bin/python3");
        SystemPeers.require(Files.isExecutable(python), "/usr/bin/python3 is missing: install Debian's python3 and "
                + "python3-cryptography");
        SystemPeers.requireProgram("openssl", "install Debian's openssl");
        List<Sent> sent = new ArrayList<>();
        Object[][] transforms = {
            {"aes-cbc-hmac-sha256", EspTransform.aesCbcHmacSha256(16)},
            {"aes-cbc-hmac-sha256", EspTransform.aesCbcHmacSha256(32)},
            {"aes-gcm16", EspTransform.aesGcm16(16)},
            {"aes-gcm16", EspTransform.aesGcm16(32)},
            {"sm4-cbc-hmac-sm3", new EspTransform(EspAlgorithm.SM4_CBC_HMAC_SM3, 16, 32, 12)},
            {"sm4-cbc-hmac-sm3", new EspTransform(EspAlgorithm.SM4_CBC_HMAC_SM3, 16, 32, 16)},
            {"sm4-cbc-hmac-sm3", new EspTransform(EspAlgorithm.SM4_CBC_HMAC_SM3, 16, 32, 32)},
            {"sm4-gcm16", EspTransform.sm4Gcm16()},
        };
        for (Object[] t : transforms) {
            EspTransform transform = (EspTransform) t[1];
            byte[] key = new byte[transform.encryptionKeyMaterialLength()];
            byte[] mac = new byte[transform.integrityKeyLength()];
            RANDOM.nextBytes(key);
            RANDOM.nextBytes(mac);
            EspSaPair sender = EspSaPair.create("oracle", transform, 0x5eed0001, key, mac, 0x5eed0002, key, mac,
                    EspVectors.SENDER, EspVectors.RECEIVER, EspVectors.PEER, EspSaSettings.DEFAULT, EspVectors.MODULE,
                    RANDOM, e -> { });
            for (int len : new int[] {20, 61, 84, 1400}) {
                byte[] inner = EspSaTest.ipv4(len, "10.1.0.7");
                byte[] esp = new byte[sender.outbound().encapsulatedLength(len)];
                sender.outbound().encapsulate(inner, 0, len, 4, esp, 0);
                boolean tamper = len == 61;
                if (tamper) {
                    esp[esp.length - 1] ^= 0x40;
                }
                sent.add(new Sent(t[0] + " " + transform.icvLength() * 8 + " " + HEX.formatHex(key) + " "
                        + (mac.length == 0 ? "-" : HEX.formatHex(mac)) + " " + HEX.formatHex(esp), inner, tamper));
            }
            sender.destroy();
        }
        Process p = new ProcessBuilder(python.toString(), "esp-open.py").directory(Path.of(
                "src/test/resources/vectors").toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        StringBuilder in = new StringBuilder();
        sent.forEach(s -> in.append(s.line()).append('\n'));
        p.getOutputStream().write(in.toString().getBytes(StandardCharsets.US_ASCII));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        SystemPeers.require(p.exitValue() == 0, "esp-open.py failed (python3-cryptography with SM4/SM3 missing?): "
                + "install Debian's python3-cryptography");
        List<String> answers = out.lines().toList();
        assertEquals(sent.size(), answers.size(), out);
        for (int i = 0; i < sent.size(); i++) {
            Sent s = sent.get(i);
            String expected = s.tampered() ? "bad icv" : "ok 4 " + HEX.formatHex(s.inner());
            assertEquals(expected, answers.get(i), s.line().substring(0, 24));
        }
    }
}
