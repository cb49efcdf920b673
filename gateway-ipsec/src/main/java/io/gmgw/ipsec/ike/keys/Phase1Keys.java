package io.gmgw.ipsec.ike.keys;

import java.util.Arrays;
import javax.security.auth.Destroyable;

/**
 * SKEYID and the three keys derived from it (RFC 2409 §5, ipsec.md §4). Owns its arrays: the accessors return
 * them, not copies, so that {@link #destroy()} wipes what every user saw; nobody keeps them past the ISAKMP SA.
 */
public final class Phase1Keys implements Destroyable {
    private final byte[] skeyid;
    private final byte[] skeyidD;
    private final byte[] skeyidA;
    private final byte[] skeyidE;
    private boolean destroyed;

    Phase1Keys(byte[] skeyid, byte[] skeyidD, byte[] skeyidA, byte[] skeyidE) {
        this.skeyid = skeyid;
        this.skeyidD = skeyidD;
        this.skeyidA = skeyidA;
        this.skeyidE = skeyidE;
    }

    public byte[] skeyid() {
        return live(skeyid);
    }

    /** SKEYID_d: keys quick mode's KEYMAT. */
    public byte[] skeyidD() {
        return live(skeyidD);
    }

    /** SKEYID_a: the PRF key of every phase 2 and informational HASH. */
    public byte[] skeyidA() {
        return live(skeyidA);
    }

    /** SKEYID_e: the source of the ISAKMP encryption key. */
    public byte[] skeyidE() {
        return live(skeyidE);
    }

    private byte[] live(byte[] b) {
        if (destroyed) {
            throw new IllegalStateException("the phase 1 keys have been destroyed");
        }
        return b;
    }

    @Override
    public void destroy() {
        destroyed = true;
        Arrays.fill(skeyid, (byte) 0);
        Arrays.fill(skeyidD, (byte) 0);
        Arrays.fill(skeyidA, (byte) 0);
        Arrays.fill(skeyidE, (byte) 0);
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }
}
