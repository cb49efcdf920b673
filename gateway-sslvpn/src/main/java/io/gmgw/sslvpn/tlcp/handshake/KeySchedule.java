package io.gmgw.sslvpn.tlcp.handshake;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.sm3.HmacSm3;
import io.gmgw.crypto.sm4.Sm4Cbc;
import io.gmgw.sslvpn.tlcp.message.Finished;
import io.gmgw.sslvpn.tlcp.protocol.CipherSuite;
import io.gmgw.sslvpn.tlcp.record.CbcRecordCipher;
import io.gmgw.sslvpn.tlcp.record.GcmRecordCipher;
import io.gmgw.sslvpn.tlcp.record.RecordCipher;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * TLCP key derivation (GM/T 0024 §6.5): the TLS 1.2 PRF with HMAC-SM3.
 * master_secret = PRF(pre_master, "master secret", client_random ‖ server_random)[48];
 * key_block = PRF(master, "key expansion", server_random ‖ client_random), cut into client MAC key, server MAC key
 * (CBC only), client key, server key, client IV, server IV; verify_data = PRF(master, "client finished" |
 * "server finished", SM3(handshake_messages))[12].
 *
 * <p>One per handshake: HMAC-SM3 is keyed with the master secret once for the key block and both Finished values;
 * {@link #destroy()} wipes that keyed state when the handshake ends.
 */
public final class KeySchedule {
    public static final int MASTER_SECRET_LENGTH = 48;
    private static final byte[] MASTER = "master secret".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EXPANSION = "key expansion".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CLIENT_FINISHED = "client finished".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SERVER_FINISHED = "server finished".getBytes(StandardCharsets.US_ASCII);

    private final CryptoModule module;
    private HmacSm3 masterMac;
    private byte[] masterMacKey;

    public KeySchedule(CryptoModule module) {
        this.module = module;
    }

    /** HMAC-SM3 keyed with {@code masterSecret}: the one keyed before when it is the same array, else a new one. */
    private HmacSm3 masterMac(byte[] masterSecret) {
        if (masterMac == null || masterMacKey != masterSecret) {
            destroy();
            masterMac = module.sm3().hmac(masterSecret);
            masterMacKey = masterSecret;
        }
        return masterMac;
    }

    /** Wipes the HMAC state keyed with the master secret; the next derivation keys a new one. */
    public void destroy() {
        if (masterMac != null) {
            masterMac.destroy();
            masterMac = null;
            masterMacKey = null;
        }
    }

    public byte[] masterSecret(byte[] preMaster, byte[] clientRandom, byte[] serverRandom) {
        byte[] out = new byte[MASTER_SECRET_LENGTH];
        module.sm3().prf(preMaster, MASTER, concat(clientRandom, serverRandom), out, 0, out.length);
        return out;
    }

    /** The whole key block of GM/T 0024 §6.5.3, IVs included ({@link #trafficCiphers} derives only what it uses). */
    public byte[] keyBlock(byte[] masterSecret, CipherSuite suite, byte[] clientRandom, byte[] serverRandom) {
        return keyBlock(masterSecret, suite.keyBlockLength(), clientRandom, serverRandom);
    }

    private byte[] keyBlock(byte[] masterSecret, int length, byte[] clientRandom, byte[] serverRandom) {
        byte[] out = new byte[length];
        module.sm3().prf(masterMac(masterSecret), EXPANSION, concat(serverRandom, clientRandom), out, 0, length);
        return out;
    }

    /**
     * The record ciphers of one endpoint ({@code client} or server), from as much of the key block as the suite uses:
     * a CBC record carries its own IV (GM/T 0024 §6.3.3.2, as TLS 1.1), so the CBC suites' IVs at the end of the key
     * block are never derived (one PRF block less; the bytes before them are the same however long the PRF output
     * runs). An endpoint only seals with its own write cipher and only opens with its peer's, so a CBC suite's SM4
     * keys are expanded for that one direction each.
     */
    public TrafficCiphers trafficCiphers(byte[] masterSecret, CipherSuite suite, byte[] clientRandom,
            byte[] serverRandom, boolean client) {
        int used = suite.record() == CipherSuite.RecordCipherKind.CBC
                ? suite.keyBlockLength() - 2 * suite.fixedIvLength() : suite.keyBlockLength();
        return ciphers(suite, keyBlock(masterSecret, used, clientRandom, serverRandom), client ? Use.CLIENT
                : Use.SERVER);
    }

    public byte[] verifyData(byte[] masterSecret, boolean client, byte[] handshakeHash) {
        byte[] out = new byte[Finished.LENGTH];
        module.sm3().prf(masterMac(masterSecret), client ? CLIENT_FINISHED : SERVER_FINISHED, handshakeHash, out, 0,
                out.length);
        return out;
    }

    /**
     * The record ciphers for both directions from a key block (a CBC suite's may stop before its IVs, which CBC
     * records do not use), each able to seal and to open: for replaying or inspecting a recorded connection. The key
     * block is wiped.
     */
    public TrafficCiphers ciphers(CipherSuite suite, byte[] keyBlock) {
        return ciphers(suite, keyBlock, Use.BOTH);
    }

    /** Who the ciphers are for: an endpoint seals with its write cipher and opens with its peer's; BOTH does both. */
    private enum Use {
        CLIENT, SERVER, BOTH
    }

    private TrafficCiphers ciphers(CipherSuite suite, byte[] keyBlock, Use use) {
        int mac = suite.macKeyLength();
        int key = suite.encKeyLength();
        int iv = suite.fixedIvLength();
        int p = 0;
        byte[] clientMac = Arrays.copyOfRange(keyBlock, p, p += mac);
        byte[] serverMac = Arrays.copyOfRange(keyBlock, p, p += mac);
        byte[] clientKey = Arrays.copyOfRange(keyBlock, p, p += key);
        byte[] serverKey = Arrays.copyOfRange(keyBlock, p, p += key);
        try {
            if (suite.record() == CipherSuite.RecordCipherKind.CBC) {
                return new TrafficCiphers(
                        new CbcRecordCipher(cbc(clientKey, use, Use.CLIENT), module.sm3().hmac(clientMac),
                                module.random()),
                        new CbcRecordCipher(cbc(serverKey, use, Use.SERVER), module.sm3().hmac(serverMac),
                                module.random()));
            }
            byte[] clientIv = Arrays.copyOfRange(keyBlock, p, p += iv);
            byte[] serverIv = Arrays.copyOfRange(keyBlock, p, p + iv);
            try {
                return new TrafficCiphers(new GcmRecordCipher(module.sm4().gcm(clientKey), clientIv),
                        new GcmRecordCipher(module.sm4().gcm(serverKey), serverIv));
            } finally {
                Arrays.fill(clientIv, (byte) 0);
                Arrays.fill(serverIv, (byte) 0);
            }
        } finally {
            for (byte[] b : new byte[][] {clientMac, serverMac, clientKey, serverKey, keyBlock}) {
                Arrays.fill(b, (byte) 0);
            }
        }
    }

    /** SM4-CBC for what {@code writer} writes: encrypting at the writer, decrypting at its peer, both for BOTH. */
    private Sm4Cbc cbc(byte[] key, Use use, Use writer) {
        if (use == Use.BOTH) {
            return module.sm4().cbc(key);
        }
        return use == writer ? module.sm4().cbcEncryptor(key) : module.sm4().cbcDecryptor(key);
    }

    /** The cipher protecting what the client writes, and the one for what the server writes. */
    public record TrafficCiphers(RecordCipher clientWrite, RecordCipher serverWrite) {
    }

    /** SM3 of a byte string (Finished input, CertificateVerify input). */
    public byte[] hash(byte[] data) {
        return module.sm3().hash(data);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

}
