package io.gmgw.bench;

import io.gmgw.crypto.key.KeyHandle;
import io.gmgw.crypto.pki.Sm2Certificate;
import io.gmgw.crypto.sm2.Sm2CiphertextFormat;
import io.gmgw.crypto.sm2.Sm2KeyExchange;
import io.gmgw.crypto.sm2.Sm2PublicKey;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * A key handle that times its signatures and decryptions in the CPU time of the thread doing them, so that the
 * benchmark can tell what the SM2 operations cost where the server performs them (on its event loop, inside real
 * handshakes, between system calls and Netty's work) rather than only in a loop of their own. Two thread-CPU clock
 * reads per operation are the price (about a microsecond).
 */
final class TimedKeyHandle implements KeyHandle {
    /** CPU nanoseconds in SM2 signatures and decryptions through any timed handle, and how many there were. */
    static final LongAdder NANOS = new LongAdder();
    static final LongAdder OPERATIONS = new LongAdder();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final KeyHandle key;

    TimedKeyHandle(KeyHandle key) {
        this.key = key;
    }

    @Override
    public byte[] sign(byte[] message, byte[] userId) {
        long t0 = THREADS.getCurrentThreadCpuTime();
        try {
            return key.sign(message, userId);
        } finally {
            count(t0);
        }
    }

    @Override
    public byte[] decrypt(byte[] ciphertext, Sm2CiphertextFormat format) {
        long t0 = THREADS.getCurrentThreadCpuTime();
        try {
            return key.decrypt(ciphertext, format);
        } finally {
            count(t0);
        }
    }

    private static void count(long t0) {
        NANOS.add(THREADS.getCurrentThreadCpuTime() - t0);
        OPERATIONS.increment();
    }

    @Override
    public Sm2KeyExchange keyExchange(Sm2KeyExchange.Role role, byte[] ownId) {
        return key.keyExchange(role, ownId); // not timed: the E013 measurement that uses these handles has none
    }

    @Override
    public String description() {
        return key.description();
    }

    @Override
    public Sm2PublicKey publicKey() {
        return key.publicKey();
    }

    @Override
    public List<Sm2Certificate> certificateChain() {
        return key.certificateChain();
    }

    @Override
    public Set<Capability> capabilities() {
        return key.capabilities();
    }

    @Override
    public void close() {
        key.close();
    }
}
