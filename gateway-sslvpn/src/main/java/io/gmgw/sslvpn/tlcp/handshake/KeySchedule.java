package io.gmgw.sslvpn.tlcp.handshake;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.sslvpn.tlcp.CipherSuite;
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
 */
public final class KeySchedule {
    public static final int MASTER_SECRET_LENGTH = 48;
    private static final byte[] MASTER = "master secret".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EXPANSION = "key expansion".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CLIENT_FINISHED = "client finished".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SERVER_FINISHED = "server finished".getBytes(StandardCharsets.US_ASCII);

    private final CryptoModule module;

    public KeySchedule(CryptoModule module) {
        this.module = module;
    }

    public byte[] masterSecret(byte[] preMaster, byte[] clientRandom, byte[] serverRandom) {
        byte[] out = new byte[MASTER_SECRET_LENGTH];
        module.sm3().prf(preMaster, MASTER, concat(clientRandom, serverRandom), out, 0, out.length);
        return out;
    }

    public byte[] keyBlock(byte[] masterSecret, CipherSuite suite, byte[] clientRandom, byte[] serverRandom) {
        byte[] out = new byte[suite.keyBlockLength()];
        module.sm3().prf(masterSecret, EXPANSION, concat(serverRandom, clientRandom), out, 0, out.length);
        return out;
    }

    public byte[] verifyData(byte[] masterSecret, boolean client, byte[] handshakeHash) {
        byte[] out = new byte[Finished.LENGTH];
        module.sm3().prf(masterSecret, client ? CLIENT_FINISHED : SERVER_FINISHED, handshakeHash, out, 0, out.length);
        return out;
    }

    /** The record ciphers for both directions from a key block; the key block is wiped. */
    public TrafficCiphers ciphers(CipherSuite suite, byte[] keyBlock) {
        int mac = suite.macKeyLength();
        int key = suite.encKeyLength();
        int iv = suite.fixedIvLength();
        int p = 0;
        byte[] clientMac = Arrays.copyOfRange(keyBlock, p, p += mac);
        byte[] serverMac = Arrays.copyOfRange(keyBlock, p, p += mac);
        byte[] clientKey = Arrays.copyOfRange(keyBlock, p, p += key);
        byte[] serverKey = Arrays.copyOfRange(keyBlock, p, p += key);
        byte[] clientIv = Arrays.copyOfRange(keyBlock, p, p += iv);
        byte[] serverIv = Arrays.copyOfRange(keyBlock, p, p + iv);
        try {
            RecordCipher client;
            RecordCipher server;
            if (suite.record() == CipherSuite.RecordCipherKind.CBC) {
                client = new CbcRecordCipher(module.sm4().cbc(clientKey), module.sm3().hmac(clientMac), module.random());
                server = new CbcRecordCipher(module.sm4().cbc(serverKey), module.sm3().hmac(serverMac), module.random());
            } else {
                client = new GcmRecordCipher(module.sm4().gcm(clientKey), clientIv);
                server = new GcmRecordCipher(module.sm4().gcm(serverKey), serverIv);
            }
            return new TrafficCiphers(client, server);
        } finally {
            for (byte[] b : new byte[][] {clientMac, serverMac, clientKey, serverKey, clientIv, serverIv, keyBlock}) {
                Arrays.fill(b, (byte) 0);
            }
        }
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
