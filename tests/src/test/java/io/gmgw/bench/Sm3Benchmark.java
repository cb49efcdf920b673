package io.gmgw.bench;

import com.tencent.kona.crypto.KonaCryptoProvider;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.sm3.Sm3Digest;
import java.security.MessageDigest;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** SM3 over 16 KiB: gmgw's module, Bouncy Castle's stock SM3Digest, kona-crypto's MessageDigest, in one run. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Sm3Benchmark {
    @Param({"gmgw", "bouncycastle", "kona"})
    public String impl;

    @Param({"16384"})
    public int size;

    private byte[] data;
    private final byte[] out = new byte[32];
    private Sm3Digest gmgw;
    private SM3Digest bc;
    private MessageDigest kona;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        data = new byte[size];
        new java.util.Random(1).nextBytes(data);
        switch (impl) {
            case "gmgw" -> gmgw = CryptoModule.start().sm3().newDigest();
            case "bouncycastle" -> bc = new SM3Digest();
            case "kona" -> kona = MessageDigest.getInstance("SM3", new KonaCryptoProvider());
            default -> throw new IllegalArgumentException(impl);
        }
    }

    @Benchmark
    public byte[] hash() throws Exception {
        switch (impl) {
            case "gmgw" -> {
                gmgw.update(data, 0, data.length);
                gmgw.doFinal(out, 0);
            }
            case "bouncycastle" -> {
                bc.update(data, 0, data.length);
                bc.doFinal(out, 0);
            }
            default -> {
                kona.update(data, 0, data.length);
                kona.digest(out, 0, 32);
            }
        }
        return out;
    }
}
