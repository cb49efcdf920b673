package io.gmgw.ipsec.ike.task;

import io.gmgw.ipsec.ike.crypto.IsakmpCipher;
import io.gmgw.ipsec.ike.crypto.ModpDiffieHellman;
import io.gmgw.ipsec.ike.keys.Phase1KeySchedule;
import io.gmgw.ipsec.ike.keys.Phase1Keys;
import io.gmgw.ipsec.isakmp.Octets;
import io.gmgw.ipsec.isakmp.message.IsakmpMessage;
import io.gmgw.ipsec.isakmp.payload.KeyExchange;
import io.gmgw.ipsec.isakmp.payload.NatDiscovery;
import io.gmgw.ipsec.isakmp.payload.Nonce;
import io.gmgw.ipsec.isakmp.payload.Payload;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * RFC 2409 §5 main mode with a pre-shared key, messages 3/4: KE, nonce and (NAT-T negotiated) the two NAT-D hashes
 * (RFC 3947 §3.2); SKEYID = prf(pre-shared key, Ni_b | Nr_b), SKEYID_d/a/e with g^xy, the first IV HASH(g^xi | g^xr).
 */
final class PreSharedKeyMessages implements MainModeMessages {
    private final MainModeState s;
    private ModpDiffieHellman dh;
    private byte[] gxi;
    private byte[] gxr;
    private byte[] ni;
    private byte[] nr;

    PreSharedKeyMessages(MainModeState s) {
        this.s = s;
    }

    @Override
    public List<Payload> afterFirstSa() {
        return List.of();
    }

    @Override
    public List<Payload> afterSecondSa() {
        return List.of();
    }

    @Override
    public void readSecond(IsakmpMessage m, Instant now) {
    }

    @Override
    public List<Payload> third(Instant now) {
        dh = ModpDiffieHellman.generate(s.chosen.group(), s.random);
        gxi = dh.publicValue();
        ni = s.nonce();
        return keyExchange(gxi, ni);
    }

    @Override
    public List<Payload> fourth(IsakmpMessage m, Instant now) {
        gxi = MainModeState.require(m, KeyExchange.class, "KE").data().toByteArray();
        ni = MainModeState.require(m, Nonce.class, "NONCE").data().toByteArray();
        dh = ModpDiffieHellman.generate(s.chosen.group(), s.random);
        gxr = dh.publicValue();
        nr = s.nonce();
        checkNatD(m);
        deriveKeys(dh.sharedSecret(gxi));
        return keyExchange(gxr, nr);
    }

    @Override
    public void readFourth(IsakmpMessage m, Instant now) {
        gxr = MainModeState.require(m, KeyExchange.class, "KE").data().toByteArray();
        nr = MainModeState.require(m, Nonce.class, "NONCE").data().toByteArray();
        checkNatD(m);
        deriveKeys(dh.sharedSecret(gxr));
    }

    @Override
    public boolean identitiesInFinalMessages() {
        return true;
    }

    @Override
    public io.gmgw.ipsec.isakmp.payload.Identification peerIdentity() {
        return null;
    }

    @Override
    public byte[] hashedInitiatorValue() {
        return gxi;
    }

    @Override
    public byte[] hashedResponderValue() {
        return gxr;
    }

    @Override
    public String hashMismatchHint() {
        return "a different pre-shared key?";
    }

    @Override
    public void wipe() {
        dh = null;
    }

    private void deriveKeys(byte[] gxy) {
        Phase1KeySchedule p1 = s.schedule();
        byte[] psk = s.config.preSharedKey();
        Phase1Keys keys;
        try {
            keys = p1.derive(p1.skeyidPreSharedKey(psk, ni, nr), gxy, MainModeState.u64(s.ckyI),
                    MainModeState.u64(s.ckyR));
        } finally {
            Arrays.fill(psk, (byte) 0);
            Arrays.fill(gxy, (byte) 0);
        }
        byte[] ka = p1.encryptionKey(keys.skeyidE(), s.chosen.keyBytes());
        IsakmpCipher cipher = new IsakmpCipher(s.chosen.cipherAlgorithm(), ka, s.chosen.blockSize());
        Arrays.fill(ka, (byte) 0);
        s.install(keys, cipher, p1.initialIv(gxi, gxr, s.chosen.blockSize()));
    }

    /** RFC 3947 §3.2: first the hash of the receiver's address as the sender saw it, then the sender's own. */
    private List<Payload> keyExchange(byte[] ke, byte[] nonce) {
        List<Payload> p = new ArrayList<>(List.of(new KeyExchange(Octets.of(ke)), new Nonce(Octets.of(nonce))));
        if (s.natT) {
            p.addAll(NatDetection.payloads(s.prf, s.ckyI, s.ckyR, s.config.local(), s.config.remote()));
        }
        return p;
    }

    private void checkNatD(IsakmpMessage m) {
        if (s.natT) {
            s.natDetected = NatDetection.natSeen(s.prf, s.ckyI, s.ckyR, s.config.local(), s.config.remote(),
                    m.all(NatDiscovery.class));
        }
    }
}
