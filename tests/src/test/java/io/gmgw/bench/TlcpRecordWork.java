package io.gmgw.bench;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.sslvpn.tlcp.protocol.CipherSuite;
import io.gmgw.sslvpn.tlcp.record.CbcRecordCipher;
import io.gmgw.sslvpn.tlcp.record.ContentType;
import io.gmgw.sslvpn.tlcp.record.GcmRecordCipher;
import io.gmgw.sslvpn.tlcp.record.RecordCipher;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Random;

/**
 * The raw TLCP record work: one application-data record of {@code size} plaintext bytes sealed, or opened, by gmgw's
 * own record ciphers ({@link GcmRecordCipher} for E053 and E051, {@link CbcRecordCipher} for E013 and E011) with
 * fixed keys, into buffers that already exist: what every byte through a TLCP tunnel costs one end in one direction,
 * SM4 and SM3 and nothing else (no record framing, no buffers, no I/O). {@link TlcpRecordBenchmark} measures it with
 * JMH; {@link #cpuMsPerMb} measures it in the tunnel benchmark's own run, as CPU time, so that the gateway's CPU per MB
 * can be put beside it under the same machine load.
 */
public final class TlcpRecordWork {
    private final RecordCipher sealer;
    private final RecordCipher opener;
    private final byte[] plaintext;
    /** The record {@link #open} opens; {@link #seal} writes elsewhere, into {@link #wire}. */
    private final byte[] sealed;
    private final byte[] wire;
    private final int sealedLength;
    private final byte[] opened;
    private long seq;

    /** Ciphers for {@code suite} (its record protection only) and a random record of {@code size} bytes. */
    public TlcpRecordWork(CryptoModule module, CipherSuite suite, int size) {
        Random r = new Random(size);
        plaintext = new byte[size];
        r.nextBytes(plaintext);
        byte[] key = new byte[suite.encKeyLength()];
        byte[] mac = new byte[suite.macKeyLength()];
        byte[] iv = new byte[suite.fixedIvLength()];
        r.nextBytes(key);
        r.nextBytes(mac);
        r.nextBytes(iv);
        sealer = cipher(module, suite, key, mac, iv);
        opener = cipher(module, suite, key, mac, iv);
        sealed = new byte[sealer.maxSealedLength(size)];
        wire = new byte[sealed.length];
        opened = new byte[sealed.length];
        // the record open() opens again and again: sealed once with sequence number 0
        sealedLength = sealer.seal(0, ContentType.APPLICATION_DATA, plaintext, 0, size, sealed, 0);
    }

    /** From copies: the module takes key arrays over and wipes them (as the handshake's key block is wiped). */
    private static RecordCipher cipher(CryptoModule module, CipherSuite suite, byte[] keyBytes, byte[] macBytes,
            byte[] iv) {
        byte[] key = keyBytes.clone();
        byte[] mac = macBytes.clone();
        return suite.record() == CipherSuite.RecordCipherKind.GCM
                ? new GcmRecordCipher(module.sm4().gcm(key), iv)
                : new CbcRecordCipher(module.sm4().cbc(key), module.sm3().hmac(mac), module.random());
    }

    /** Seals the record under the next sequence number, as a sender does; the sealed length. */
    public int seal() {
        return sealer.seal(++seq, ContentType.APPLICATION_DATA, plaintext, 0, plaintext.length, wire, 0);
    }

    /** Authenticates and decrypts the record sealed at construction, as a receiver does; the plaintext length. */
    public int open() {
        return opener.open(0, ContentType.APPLICATION_DATA, sealed, 0, sealedLength, opened);
    }

    /** Plaintext bytes per record. */
    public int size() {
        return plaintext.length;
    }

    /** CPU ms of sealing (or opening) per 10⁶ plaintext bytes, and the same for opening. */
    public record CpuPerMb(double sealMs, double openMs) {
    }

    /**
     * Seals, then opens, for {@code time} each after as long again untimed (for the JIT), on this thread, and returns
     * the CPU time per 10⁶ plaintext bytes of each: the thread's own CPU time, so other load on the machine slows the
     * loop but does not count.
     */
    public CpuPerMb cpuMsPerMb(Duration time) {
        return new CpuPerMb(cpuMsPerMb(true, time), cpuMsPerMb(false, time));
    }

    private double cpuMsPerMb(boolean seal, Duration time) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        loop(seal, time.toNanos(), threads);
        long start = threads.getCurrentThreadCpuTime();
        long records = loop(seal, time.toNanos(), threads);
        long cpuNs = threads.getCurrentThreadCpuTime() - start;
        return cpuNs / 1e6 / (records * (double) plaintext.length / 1e6);
    }

    /** Runs until {@code cpuNanos} of this thread's CPU time have gone; the records done. */
    private long loop(boolean seal, long cpuNanos, ThreadMXBean threads) {
        long end = threads.getCurrentThreadCpuTime() + cpuNanos;
        long records = 0;
        int sink = 0;
        do {
            for (int i = 0; i < 64; i++) {
                sink += seal ? seal() : open();
            }
            records += 64;
        } while (threads.getCurrentThreadCpuTime() < end);
        if (sink == 42) {
            System.out.print(""); // keeps the loop's results alive for the JIT
        }
        return records;
    }
}
