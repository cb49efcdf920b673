package io.gmgw.ipsec.ike.task;

import io.gmgw.ipsec.ike.IkeNotifyException;
import io.gmgw.ipsec.ike.config.Phase1Config;
import io.gmgw.ipsec.ike.config.Phase1Proposal;
import io.gmgw.ipsec.ike.crypto.IsakmpCipher;
import io.gmgw.ipsec.ike.keys.IkePrf;
import io.gmgw.ipsec.ike.keys.Phase1KeySchedule;
import io.gmgw.ipsec.ike.keys.Phase1Keys;
import io.gmgw.ipsec.ike.sa.IsakmpSa;
import io.gmgw.ipsec.isakmp.NotifyType;
import io.gmgw.ipsec.isakmp.codec.IsakmpEncoder;
import io.gmgw.ipsec.isakmp.codec.IsakmpLimits;
import io.gmgw.ipsec.isakmp.message.IsakmpMessage;
import io.gmgw.ipsec.isakmp.payload.Identification;
import io.gmgw.ipsec.isakmp.payload.Payload;
import java.nio.ByteBuffer;
import java.security.SecureRandom;

/**
 * What the two halves of a main mode share: the common machinery ({@link MainModeTask}: cookies, SA negotiation,
 * retransmission, messages 5/6) and the message set that fills in messages 3/4 and the keys
 * ({@link MainModeMessages}). Package-private and mutable, owned by one task.
 */
final class MainModeState {
    final boolean initiator;
    final Phase1Config config;
    final SecureRandom random;
    final IsakmpLimits limits;
    final IsakmpEncoder encoder = new IsakmpEncoder();
    long ckyI;
    long ckyR;
    /** The initiator's SA body, hashed into HASH_I and HASH_R. */
    byte[] saiB;
    /** The agreed transform (our algorithms, the shorter lifetime). */
    Phase1Proposal chosen;
    /** The agreed PRF and hash, set with {@link #chosen}. */
    IkePrf prf;
    boolean natT;
    boolean natDetected;
    IsakmpSa sa;
    /** The IV of the next encrypted main-mode message (appendix B chain). */
    byte[] iv;

    MainModeState(boolean initiator, Phase1Config config, SecureRandom random, IsakmpLimits limits) {
        this.initiator = initiator;
        this.config = config;
        this.random = random;
        this.limits = limits;
    }

    /** The transform both sides agreed on, and with it the PRF. */
    void agree(Phase1Proposal p) {
        chosen = p;
        prf = config.prf(p);
    }

    /**
     * The keys exist: builds the ISAKMP SA around them with {@code cipher} and sets the first IV of messages 5/6.
     * Takes ownership of {@code keys} and {@code cipher}.
     */
    void install(Phase1Keys keys, IsakmpCipher cipher, byte[] firstIv) {
        sa = new IsakmpSa(initiator, ckyI, ckyR, config.profile().isakmpVersion(), chosen, prf, keys, cipher,
                config.profile().quickModeHash(), limits);
        iv = firstIv;
    }

    Phase1KeySchedule schedule() {
        return new Phase1KeySchedule(prf);
    }

    void checkPeerId(Identification id) {
        if (config.remoteId() != null && !config.remoteId().equals(id)) {
            throw new IkeNotifyException(NotifyType.INVALID_ID_INFORMATION, "peer " + config.remote()
                    + " identified as type " + id.idType() + " " + id.data() + ", configured "
                    + config.remoteId().data());
        }
    }

    byte[] nonce() {
        byte[] n = new byte[32];
        random.nextBytes(n);
        return n;
    }

    static <T extends Payload> T require(IsakmpMessage m, Class<T> kind, String name) {
        return m.first(kind).orElseThrow(() -> new IkeNotifyException(NotifyType.PAYLOAD_MALFORMED, "main mode "
                + "message without its " + name + " payload"));
    }

    static byte[] u64(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }
}
