package io.gmgw.bench;

import com.tencent.kona.crypto.KonaCryptoProvider;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.sm4.Sm4Cbc;
import io.gmgw.crypto.sm4.Sm4Gcm;
import java.security.Provider;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.modes.CBCBlockCipher;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * SM4-CBC encryption and SM4-GCM sealing of 16 KiB, as a record layer does it: a fresh IV or nonce per call under one
 * key, into a buffer that already exists. gmgw, Bouncy Castle's stock modes and kona-crypto's Cipher in one run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Sm4Benchmark {
    @Param({"gmgw", "bouncycastle", "kona"})
    public String impl;

    @Param({"16384"})
    public int size;

    private final byte[] key = new byte[16];
    private final byte[] iv = new byte[16];
    private final byte[] nonce = new byte[12];
    private final byte[] aad = new byte[13];
    private byte[] data;
    private byte[] out;
    private long counter;

    private Sm4Cbc gmgwCbc;
    private Sm4Gcm gmgwGcm;
    private CBCBlockCipher bcCbc;
    private GCMBlockCipher bcGcm;
    private Provider kona;
    private Cipher konaCbc;
    private Cipher konaGcm;
    private SecretKeySpec konaKey;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        java.util.Random r = new java.util.Random(1);
        r.nextBytes(key);
        data = new byte[size];
        r.nextBytes(data);
        out = new byte[size + 16];
        switch (impl) {
            case "gmgw" -> {
                CryptoModule module = CryptoModule.start();
                gmgwCbc = module.sm4().cbc(key);
                gmgwGcm = module.sm4().gcm(key);
            }
            case "bouncycastle" -> {
                bcCbc = (CBCBlockCipher) CBCBlockCipher.newInstance(new SM4Engine());
                bcGcm = (GCMBlockCipher) GCMBlockCipher.newInstance(new SM4Engine());
            }
            case "kona" -> {
                kona = new KonaCryptoProvider();
                konaKey = new SecretKeySpec(key, "SM4");
                konaCbc = Cipher.getInstance("SM4/CBC/NoPadding", kona);
                konaGcm = Cipher.getInstance("SM4/GCM/NoPadding", kona);
            }
            default -> throw new IllegalArgumentException(impl);
        }
    }

    @Benchmark
    public byte[] cbcEncrypt() throws Exception {
        iv[0]++;
        switch (impl) {
            case "gmgw" -> gmgwCbc.encrypt(iv, 0, data, 0, size, out, 0);
            case "bouncycastle" -> {
                bcCbc.init(true, new ParametersWithIV(new KeyParameter(key), iv));
                for (int off = 0; off < size; off += 16) {
                    bcCbc.processBlock(data, off, out, off);
                }
            }
            default -> {
                konaCbc.init(Cipher.ENCRYPT_MODE, konaKey, new IvParameterSpec(iv));
                konaCbc.doFinal(data, 0, size, out, 0);
            }
        }
        return out;
    }

    @Benchmark
    public byte[] gcmSeal() throws Exception {
        // a fresh nonce per record, as TLCP's explicit nonce (the sequence number) gives
        long n = ++counter;
        for (int i = 0; i < 8; i++) {
            nonce[4 + i] = (byte) (n >>> (56 - 8 * i));
        }
        switch (impl) {
            case "gmgw" -> gmgwGcm.seal(nonce, aad, data, 0, size, out, 0);
            case "bouncycastle" -> {
                bcGcm.init(true, new AEADParameters(new KeyParameter(key), 128, nonce, aad));
                int len = bcGcm.processBytes(data, 0, size, out, 0);
                bcGcm.doFinal(out, len);
            }
            default -> {
                konaGcm.init(Cipher.ENCRYPT_MODE, konaKey, new GCMParameterSpec(128, nonce));
                konaGcm.updateAAD(aad);
                konaGcm.doFinal(data, 0, size, out, 0);
            }
        }
        return out;
    }
}
