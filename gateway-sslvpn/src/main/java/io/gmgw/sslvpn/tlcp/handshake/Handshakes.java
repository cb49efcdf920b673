package io.gmgw.sslvpn.tlcp.handshake;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.key.KeyHandle;
import io.gmgw.sslvpn.tlcp.message.RawHandshake;
import io.gmgw.sslvpn.tlcp.protocol.AlertDescription;
import io.gmgw.sslvpn.tlcp.protocol.TlcpAlertException;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.Supplier;

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

    /** A key operation whose result is not secret (a signature): nothing to wipe. */
    static <T> PendingKeyOperation<T> keyOperation(String what, KeyHandle key, Supplier<T> work, Consumer<T> then) {
        return new PendingKeyOperation<>(what + " with key " + key.description(), key.mayBlock(), work, then, r -> {
        });
    }

    /** A key operation that yields a secret (a pre-master secret): wiped when nobody takes it. */
    static PendingKeyOperation<byte[]> secretKeyOperation(String what, KeyHandle key, Supplier<byte[]> work,
            Consumer<byte[]> then) {
        return new PendingKeyOperation<>(what + " with key " + key.description(), key.mayBlock(), work, then,
                secret -> Arrays.fill(secret, (byte) 0));
    }

    static TlcpAlertException unexpected(RawHandshake m, String peer, Object state) {
        return new TlcpAlertException(AlertDescription.UNEXPECTED_MESSAGE,
                m.name() + " from the " + peer + " while waiting for " + state);
    }
}
