package io.gmgw.ipsec.ike.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.gmgw.crypto.key.PrivateKeyPem;
import io.gmgw.ipsec.ike.sa.IsakmpSa;
import io.gmgw.ipsec.isakmp.PayloadType;
import io.gmgw.ipsec.isakmp.codec.IsakmpDecoder;
import io.gmgw.ipsec.isakmp.codec.IsakmpEncoder;
import io.gmgw.ipsec.isakmp.codec.IsakmpLimits;
import io.gmgw.ipsec.isakmp.message.EncryptedIsakmpMessage;
import io.gmgw.ipsec.isakmp.message.IsakmpMessage;
import io.gmgw.ipsec.isakmp.payload.SealedBody;
import io.gmgw.ipsec.isakmp.payload.SecurityAssociation;
import io.gmgw.ipsec.isakmp.payload.Signature;
import io.gmgw.ipsec.isakmp.payload.SymmetricKey;
import io.gmgw.testing.SystemPeers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GM envelope main mode checked byte for byte by the OpenSSL CLI (3.x, SM2/SM3/SM4), which shares no code with
 * gmgw: the SK payloads of messages 3 and 4 (our DER SM2 ciphertexts) decrypt with {@code openssl pkeyutl -decrypt}
 * under the receivers' encryption keys to Sk_i and Sk_r; the sealed NONCE and ID bodies decrypt with {@code openssl
 * enc -sm4-cbc} (zero IV) under them; SIG_i verifies with {@code openssl pkeyutl -verify -rawin -digest sm3} and the
 * default distid over Sk_i | Ni | IDi_b | CERT_enc_i (and a changed byte does not); SKEYID, SKEYID_d/a/e recomputed with
 * {@code openssl mac HMAC -digest SM3} equal both sides'; and message 5 decrypts with {@code openssl enc -sm4-cbc}
 * under Ka and IV = SM3(Sk_i | Sk_r) to the HASH payload whose HASH_I OpenSSL computes the same.
 */
class GmEnvelopeOpenSslTest {
    private static final GmPki PKI = new GmPki("gm-openssl");
    private static final GmPki.Party LEFT = PKI.party("gw-left");
    private static final GmPki.Party RIGHT = PKI.party("gw-right");
    private static final HexFormat HEX = HexFormat.of();

    @TempDir
    static Path dir;
    private static Wire w;
    private static IsakmpMessage m3;
    private static IsakmpMessage m4;

    @BeforeAll
    static void exchange() {
        SystemPeers.requireProgram("openssl", "apt-get install openssl (3.x, with SM2/SM3/SM4)");
        w = GmMainModeTest.wire(PKI.config(true, LEFT, PKI.verifier()), PKI.config(false, RIGHT, PKI.verifier()));
        w.run(true, w.left.initiate(GmPki.T0), GmPki.T0);
        IsakmpDecoder d = new IsakmpDecoder(IsakmpLimits.DEFAULT);
        m3 = (IsakmpMessage) d.decode(w.leftSent.get(1));
        m4 = (IsakmpMessage) d.decode(w.rightSent.get(1));
    }

    private static byte[] openssl(byte[] stdin, String... args) throws IOException, InterruptedException {
        Result r = run(stdin, args);
        assertEquals(0, r.exit, () -> "openssl " + String.join(" ", args) + ": " + new String(r.out,
                StandardCharsets.UTF_8));
        return r.out;
    }

    private record Result(int exit, byte[] out) {
    }

    private static Result run(byte[] stdin, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().write(stdin);
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        return new Result(p.waitFor(), out);
    }

    private static Path file(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    private static byte[] openEnvelope(IsakmpMessage m, GmPki.Party receiver, String name) throws Exception {
        Path key = file(name + ".key.pem", PrivateKeyPem.write(PKI.privateKey(receiver.encryptionKey()))
                .getBytes(StandardCharsets.US_ASCII));
        Path ct = file(name + ".sk.der", m.first(SymmetricKey.class).orElseThrow().ciphertext().toByteArray());
        return openssl(new byte[0], "pkeyutl", "-decrypt", "-inkey", key.toString(), "-in", ct.toString());
    }

    private static byte[] unseal(IsakmpMessage m, PayloadType type, byte[] sk) throws Exception {
        byte[] ct = m.all(SealedBody.class).stream().filter(b -> b.type() == type).findFirst().orElseThrow()
                .ciphertext().toByteArray();
        byte[] padded = openssl(ct, "enc", "-d", "-sm4-cbc", "-K", HEX.formatHex(sk), "-iv", "00".repeat(16),
                "-nopad");
        int pad = padded[padded.length - 1];
        return Arrays.copyOf(padded, padded.length - 1 - pad);
    }

    private static byte[] hmacSm3(byte[] key, byte[]... parts) throws Exception {
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            in.writeBytes(p);
        }
        byte[] hex = openssl(in.toByteArray(), "mac", "-digest", "SM3", "-macopt", "hexkey:" + HEX.formatHex(key),
                "HMAC");
        return HEX.parseHex(new String(hex, StandardCharsets.US_ASCII).strip().toLowerCase());
    }

    private static byte[] sm3(byte[]... parts) throws Exception {
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            in.writeBytes(p);
        }
        return openssl(in.toByteArray(), "dgst", "-sm3", "-binary");
    }

    @Test
    void theEnvelopesSealedBodiesAndSignatureAsOpenSslSeesThem() throws Exception {
        byte[] skI = openEnvelope(m3, RIGHT, "right-enc");
        assertEquals(16, skI.length, "Sk_i is an SM4 key");
        byte[] ni = unseal(m3, PayloadType.NONCE, skI);
        assertEquals(32, ni.length);
        byte[] idiB = unseal(m3, PayloadType.IDENTIFICATION, skI);
        assertArrayEquals(new IsakmpEncoder().body(TestPeers.id(TestPeers.LEFT)), idiB);

        Path cert = file("left-sign.cert.pem", LEFT.signing().toPem().getBytes(StandardCharsets.US_ASCII));
        Path sig = file("sig_i.der", m3.first(Signature.class).orElseThrow().data().toByteArray());
        byte[] signed = concat(skI, ni, idiB, LEFT.encryption().encoded());
        String[] verify = {"pkeyutl", "-verify", "-certin", "-inkey", cert.toString(), "-rawin", "-digest", "sm3",
                "-pkeyopt", "distid:1234567812345678", "-sigfile", sig.toString(), "-in",
                file("signed.bin", signed).toString()};
        openssl(new byte[0], verify);
        signed[20] ^= 1;
        file("signed.bin", signed);
        assertNotEquals(0, run(new byte[0], verify).exit, "a changed byte of Ni does not verify");
    }

    @Test
    void theKeysAndMessageFiveAsOpenSslComputesThem() throws Exception {
        byte[] skI = openEnvelope(m3, RIGHT, "right-enc");
        byte[] skR = openEnvelope(m4, LEFT, "left-enc");
        byte[] ni = unseal(m3, PayloadType.NONCE, skI);
        byte[] nr = unseal(m4, PayloadType.NONCE, skR);
        IsakmpSa i = w.left.establishedSa().orElseThrow();
        IsakmpSa r = w.right.establishedSa().orElseThrow();
        byte[] cookies = ByteBuffer.allocate(16).putLong(i.initiatorCookie()).putLong(i.responderCookie()).array();
        // ipsec.md §4
        byte[] skeyid = hmacSm3(sm3(ni, nr), cookies);
        byte[] d = hmacSm3(skeyid, cookies, new byte[] {0});
        byte[] a = hmacSm3(skeyid, d, cookies, new byte[] {1});
        byte[] e = hmacSm3(skeyid, a, cookies, new byte[] {2});
        for (IsakmpSa sa : List.of(i, r)) {
            assertArrayEquals(skeyid, sa.keys().skeyid());
            assertArrayEquals(d, sa.keys().skeyidD());
            assertArrayEquals(a, sa.keys().skeyidA());
            assertArrayEquals(e, sa.keys().skeyidE());
        }
        byte[] iv = Arrays.copyOf(sm3(skI, skR), 16);
        EncryptedIsakmpMessage m5 = (EncryptedIsakmpMessage) new IsakmpDecoder(IsakmpLimits.DEFAULT)
                .decode(w.leftSent.get(2));
        byte[] plain = openssl(m5.ciphertext().toByteArray(), "enc", "-d", "-sm4-cbc", "-K",
                HEX.formatHex(Arrays.copyOf(e, 16)), "-iv", HEX.formatHex(iv), "-nopad");
        assertEquals(PayloadType.HASH, m5.header().nextPayload(), "message 5 is HASH_I alone");
        assertEquals(0, plain[0], "no payload after HASH_I");
        assertEquals(4 + 32, ((plain[2] & 0xff) << 8) | (plain[3] & 0xff));
        IsakmpMessage m1 = (IsakmpMessage) new IsakmpDecoder(IsakmpLimits.DEFAULT).decode(w.leftSent.get(0));
        byte[] saiB = new IsakmpEncoder().body(m1.first(SecurityAssociation.class).orElseThrow());
        byte[] hashI = hmacSm3(skeyid, cookies, saiB, new IsakmpEncoder().body(TestPeers.id(TestPeers.LEFT)));
        assertArrayEquals(hashI, Arrays.copyOfRange(plain, 4, 36));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
