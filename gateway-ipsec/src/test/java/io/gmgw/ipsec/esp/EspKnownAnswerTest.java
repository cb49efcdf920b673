package io.gmgw.ipsec.esp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gmgw.testing.SystemPeers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ESP packets built by an independent implementation (esp-vectors.py: python3-cryptography and the OpenSSL CLI, a
 * hand-written GCM checked against AESGCM for SM4-GCM): we open each to the same inner packet, and, given the same IV
 * and sequence number, we build the same bytes. All four transforms, HMAC-SM3 with 96, 128 and 256-bit ICVs.
 */
class EspKnownAnswerTest {
    static List<EspVectors.Vector> vectors() {
        return EspVectors.all();
    }

    @Test
    void everyTransformAndIcvLengthIsCovered() {
        assertEquals(List.of("aes-cbc-hmac-sha256", "aes-gcm16", "sm4-cbc-hmac-sm3-96", "sm4-cbc-hmac-sm3-128",
                "sm4-cbc-hmac-sm3-256", "sm4-gcm16"), vectors().stream().map(v -> v.toString().split(" ")[0])
                .distinct().toList());
        assertEquals(12, vectors().size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void weOpenTheOraclesPacket(EspVectors.Vector v) {
        EspSaPair us = v.receiver(new SecureRandom());
        byte[] packet = v.esp().clone();
        int n = us.inbound().decapsulate(packet, 0, packet.length);
        assertEquals(v.inner().length, n, () -> n < 0 ? EspDrop.ofCode(n).toString() : "length");
        int at = us.inbound().innerOffset(0);
        assertArrayEquals(v.inner(), Arrays.copyOfRange(packet, at, at + n));
        assertEquals(1, us.inbound().counters().packets());
        assertEquals(v.inner().length, us.inbound().counters().bytes());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void weBuildTheOraclesPacket(EspVectors.Vector v) {
        EspSaPair sender = v.sender();
        sender.outbound().skipTo(Integer.toUnsignedLong(v.seq()) - 1);
        byte[] out = new byte[sender.outbound().encapsulatedLength(v.inner().length)];
        int n = sender.outbound().encapsulate(v.inner(), 0, v.inner().length, 4, out, 0);
        assertEquals(v.esp().length, n);
        assertArrayEquals(v.esp(), out);
    }

    /** The script run again gives the committed vectors (when Debian's python3-cryptography and openssl are here). */
    @Test
    void theOracleStillGivesTheCommittedVectors() throws IOException, InterruptedException {
        Path python = Path.of("/usr/bin/python3");
        SystemPeers.require(Files.isExecutable(python), "/usr/bin/python3 is missing: install Debian's python3 and "
                + "python3-cryptography");
        SystemPeers.requireProgram("openssl", "install Debian's openssl");
        Path script = Path.of("src/test/resources/vectors/esp-vectors.py");
        Process p = new ProcessBuilder(python.toString(), script.getFileName().toString())
                .directory(script.getParent().toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertEquals(true, p.waitFor(60, TimeUnit.SECONDS));
        SystemPeers.require(p.exitValue() == 0, "esp-vectors.py failed (python3-cryptography with SM4/SM3 missing?)"
                + ": install Debian's python3-cryptography");
        List<EspVectors.Vector> fresh = EspVectors.parse(new String(out, StandardCharsets.US_ASCII));
        List<EspVectors.Vector> committed = vectors();
        assertEquals(committed.size(), fresh.size());
        for (int i = 0; i < fresh.size(); i++) {
            assertArrayEquals(committed.get(i).esp(), fresh.get(i).esp(), committed.get(i).toString());
        }
    }
}
