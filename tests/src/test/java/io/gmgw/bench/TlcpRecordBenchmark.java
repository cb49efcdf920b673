package io.gmgw.bench;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.sslvpn.tlcp.protocol.CipherSuite;
import java.util.concurrent.TimeUnit;
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
 * The raw TLCP record work the tunnel benchmark's TLCP goal is measured against ({@link TlcpRecordWork}): one
 * application-data record sealed ({@code seal}) or opened ({@code open}) by gmgw's own record ciphers, E053
 * (ECC_SM4_GCM_SM3: SM4-GCM) and E013 (ECC_SM4_CBC_SM3: HMAC-SM3 then SM4-CBC, with the constant-time padding and MAC
 * check). 1400 bytes is about a full-size CSTP frame, 16384 a full record. Average time per record: {@code µs/op ×
 * 1000 ÷ size} is the CPU ms per MB (10⁶ bytes) of plaintext one end spends in one direction: a gateway opens what
 * goes up and seals what comes down.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TlcpRecordBenchmark {
    @Param({"ECC_SM4_GCM_SM3", "ECC_SM4_CBC_SM3"})
    public String suite;

    @Param({"1400", "16384"})
    public int size;

    private TlcpRecordWork work;

    @Setup(Level.Trial)
    public void setUp() {
        work = new TlcpRecordWork(CryptoModule.start(), CipherSuite.valueOf(suite), size);
    }

    @Benchmark
    public int seal() {
        return work.seal();
    }

    @Benchmark
    public int open() {
        return work.open();
    }
}
