package io.gmgw.sslvpn.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.tls.crypto.impl.TlsAEADCipherImpl;
import org.junit.jupiter.api.Test;

/** The gateway's AES-GCM record cipher under Bouncy Castle's TLS: a reused JCE cipher, one init per record. */
class JceGcmCipherTest {
    private static final byte[] KEY = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f"
            + "101112131415161718191a1b1c1d1e1f");
    private final GatewayTlsCrypto crypto = (GatewayTlsCrypto) TlsCryptoProviders.jdkFirst(new SecureRandom());

    private TlsAEADCipherImpl cipher(boolean encrypting) throws Exception {
        TlsAEADCipherImpl c = crypto.createAEADCipher("AES/GCM/NoPadding", "AES", 32, encrypting);
        c.setKey(KEY, 0, KEY.length);
        return c;
    }

    private static byte[] nonce(int record) {
        byte[] n = new byte[12];
        n[11] = (byte) record;
        return n;
    }

    @Test
    void recordAfterRecordEqualsAFreshJceCipherEach() throws Exception {
        TlsAEADCipherImpl seal = cipher(true);
        TlsAEADCipherImpl open = cipher(false);
        assertInstanceOf(JceGcmCipher.class, seal);
        for (int record = 0; record < 3; record++) {
            byte[] aad = {23, 3, 3, 0, (byte) (100 + 16 + record)};
            byte[] plain = new byte[100 + record];
            Arrays.fill(plain, (byte) record);
            seal.init(nonce(record), 16);
            byte[] sealed = new byte[seal.getOutputSize(plain.length)];
            assertEquals(plain.length + 16, seal.doFinal(aad, plain, 0, plain.length, sealed, 0));

            Cipher reference = Cipher.getInstance("AES/GCM/NoPadding");
            reference.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(KEY, "AES"), new GCMParameterSpec(128,
                    nonce(record)));
            reference.updateAAD(aad);
            assertArrayEquals(reference.doFinal(plain), sealed, "record " + record);

            open.init(nonce(record), 16);
            byte[] opened = new byte[sealed.length];
            assertEquals(plain.length, open.doFinal(aad, sealed, 0, sealed.length, opened, 0));
            assertArrayEquals(plain, Arrays.copyOf(opened, plain.length));
        }
    }

    @Test
    void anAlteredRecordFailsAsBouncyCastleExpectsAndTheNextOneOpens() throws Exception {
        TlsAEADCipherImpl seal = cipher(true);
        TlsAEADCipherImpl open = cipher(false);
        byte[] aad = {23, 3, 3, 0, 26};
        byte[] plain = "ten bytes!".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        seal.init(nonce(0), 16);
        byte[] sealed = new byte[26];
        seal.doFinal(aad, plain, 0, plain.length, sealed, 0);
        sealed[3] ^= 1;
        open.init(nonce(0), 16);
        // TlsAEADCipher turns a RuntimeException from doFinal into bad_record_mac, as with its own implementation.
        assertThrows(IllegalStateException.class, () -> open.doFinal(aad, sealed, 0, sealed.length, new byte[26], 0));
        sealed[3] ^= 1;
        open.init(nonce(0), 16);
        byte[] opened = new byte[26];
        assertEquals(10, open.doFinal(aad, sealed, 0, sealed.length, opened, 0));
    }

    @Test
    void aWrongKeyLengthIsRefusedAndOtherCiphersStayBouncyCastles() throws Exception {
        TlsAEADCipherImpl c = crypto.createAEADCipher("AES/GCM/NoPadding", "AES", 16, true);
        assertThrows(IllegalStateException.class, () -> c.setKey(KEY, 0, 32));
        assertFalse(crypto.createAEADCipher("ChaCha20-Poly1305", "ChaCha20", 32, true) instanceof JceGcmCipher);
    }
}
