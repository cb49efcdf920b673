package io.gmgw.sslvpn.tlcp;

import io.gmgw.crypto.key.KeyHandle;
import io.gmgw.crypto.pki.Sm2Certificate;
import io.gmgw.crypto.sm2.Sm2CiphertextFormat;
import io.gmgw.crypto.sm2.Sm2KeyExchange;
import io.gmgw.crypto.sm2.Sm2PublicKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A real key that behaves like one in a token: it says it may block, and the test decides when its operations finish.
 * {@link #hold(int)} makes the next operations wait at a gate until {@link #release()} (no sleeping: {@link #held}
 * tells the test that one is waiting); {@link #failWith} makes them throw. Decryption results are kept, to check that
 * a result nobody took was wiped.
 */
final class SlowKeyHandle implements KeyHandle {
    private final KeyHandle real;
    private final AtomicInteger toHold = new AtomicInteger();
    private final CountDownLatch gate = new CountDownLatch(1);
    /** Counted down when an operation starts waiting at the gate. */
    final CountDownLatch held = new CountDownLatch(1);
    final AtomicInteger operations = new AtomicInteger();
    final List<byte[]> decrypted = Collections.synchronizedList(new ArrayList<>());
    /** The thread of each operation, in order. */
    final List<String> threads = Collections.synchronizedList(new ArrayList<>());
    private volatile Supplier<RuntimeException> failure;

    SlowKeyHandle(KeyHandle real) {
        this.real = real;
    }

    /** Both keys of {@code c} wrapped. */
    static TlcpCredentials wrap(TlcpCredentials c, SlowKeyHandle signing, SlowKeyHandle encryption) {
        return new TlcpCredentials(signing, c.signingCertificate(), encryption, c.encryptionCertificate(), c.chain());
    }

    SlowKeyHandle hold(int n) {
        toHold.set(n);
        return this;
    }

    void release() {
        gate.countDown();
    }

    SlowKeyHandle failWith(Supplier<RuntimeException> f) {
        this.failure = f;
        return this;
    }

    private void enter() {
        operations.incrementAndGet();
        threads.add(Thread.currentThread().getName());
        Supplier<RuntimeException> f = failure;
        if (f != null) {
            throw f.get();
        }
        if (toHold.getAndDecrement() > 0) {
            held.countDown();
            try {
                if (!gate.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never released the key");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    public boolean mayBlock() {
        return true;
    }

    @Override
    public String description() {
        return "slow(" + real.description() + ")";
    }

    @Override
    public Sm2PublicKey publicKey() {
        return real.publicKey();
    }

    @Override
    public List<Sm2Certificate> certificateChain() {
        return real.certificateChain();
    }

    @Override
    public Set<Capability> capabilities() {
        return real.capabilities();
    }

    @Override
    public byte[] sign(byte[] message, byte[] userId) {
        enter();
        return real.sign(message, userId);
    }

    @Override
    public byte[] decrypt(byte[] ciphertext, Sm2CiphertextFormat format) {
        enter();
        byte[] plain = real.decrypt(ciphertext, format);
        decrypted.add(plain);
        return plain;
    }

    @Override
    public Sm2KeyExchange keyExchange(Sm2KeyExchange.Role role, byte[] ownId) {
        enter();
        return real.keyExchange(role, ownId);
    }

    @Override
    public void close() {
    }
}
