package io.gmgw.sslvpn.tlcp.handshake;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.sslvpn.tlcp.message.RawHandshake;
import io.gmgw.sslvpn.tlcp.protocol.AlertDescription;
import io.gmgw.sslvpn.tlcp.protocol.TlcpAlertException;

/** What both handshake roles need alike: fresh random bytes, and the alert for a message out of order. */
final class Handshakes {
    private Handshakes() {
    }

    /** {@code n} bytes from the module's DRBG (randoms, session IDs, pre-master secrets). */
    static byte[] random(CryptoModule module, int n) {
        byte[] b = new byte[n];
        module.random().nextBytes(b);
        return b;
    }

    /** Throws unexpected_message unless {@code m} is of {@code type}; {@code peer} and {@code state} name the wait. */
    static void expect(RawHandshake m, int type, String peer, Object state) {
        if (m.type() != type) {
            throw unexpected(m, peer, state);
        }
    }

    static TlcpAlertException unexpected(RawHandshake m, String peer, Object state) {
        return new TlcpAlertException(AlertDescription.UNEXPECTED_MESSAGE,
                m.name() + " from the " + peer + " while waiting for " + state);
    }
}
