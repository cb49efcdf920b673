package io.gmgw.bench;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.key.KeyHandle;
import io.gmgw.crypto.key.KeyOptions;
import io.gmgw.crypto.key.KeyProviders;
import io.gmgw.crypto.key.PasswordSource;
import io.gmgw.crypto.sm2.Sm2;
import io.gmgw.crypto.sm2.Sm2KeyPair;
import io.gmgw.pkcs11.Ck;
import io.gmgw.pkcs11.Mechanism;
import io.gmgw.pkcs11.Pkcs11Library;
import io.gmgw.pkcs11.key.TokenKeys;
import io.gmgw.pkcs11.token.Pkcs11Module;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * SM2 signing through the PKCS#11 bridge against the same token's signing called from C, against OpenSSL signing
 * alone, and against gm-crypto in software, in one run (one thread; the soft smart key in its 0x8000 profile):
 * <ul>
 * <li>{@code bridgeKeyHandle}: {@code KeyHandle.sign(100 bytes)}: Z and e on the host, C_SignInit + C_Sign through
 * FFM, DER normalisation: what the TLCP engine pays;</li>
 * <li>{@code bridgeSign}: {@code Pkcs11Library.sign(e)}: the binding alone (two FFM calls, native memory);</li>
 * <li>{@code tokenFromC}: the same C_SignInit + C_Sign on the same session, looped in C (100 per call): the token's
 * own signing time, the reference for the bridge overhead;</li>
 * <li>{@code openssl}: OpenSSL's EVP_PKEY_sign of e, looped in C, the way the soft key signs;</li>
 * <li>{@code software}: gm-crypto's {@code Sm2.sign} (Bouncy Castle underneath);</li>
 * <li>{@code bridgeDigest} / {@code tokenDigestFromC}: SM3 of 32 bytes in the token, through the binding and looped
 * in C: a call so cheap that the difference is the bridge's own cost per call.</li>
 * </ul>
 * Needs the soft smart key and its benchmark helper (built by pkcs11-bridge) and a store directory:
 * {@code GMGW_SOFTKEY_DIR=/tmp/gmgw-bench-softkey ./mvnw -Pbench -pl tests -am package -DskipTests
 * -Djmh.args="Pkcs11"}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class Pkcs11Benchmark {
    private static final String PIN = "bench-pin-1234";
    private static final int BATCH = 100;

    private final byte[] message = new byte[100];
    private byte[] e;
    private CryptoModule crypto;
    private Pkcs11Module module;
    private KeyHandle handle;
    private long session;
    private long key;
    private Mechanism mechanism;
    private Sm2KeyPair softwareKey;
    private Arena arena;
    private MethodHandle tokenLoop;
    private MethodHandle opensslLoop;
    private MethodHandle digestLoop;
    private Mechanism sm3;
    private MemorySegment modulePath;
    private MemorySegment eSegment;

    @Setup(Level.Trial)
    public void setUp() throws Throwable {
        String store = System.getenv("GMGW_SOFTKEY_DIR");
        if (store == null || store.isBlank()) {
            throw new IllegalStateException("set GMGW_SOFTKEY_DIR to a scratch directory for the soft smart key's store"
                    + " (it is wiped), e.g. GMGW_SOFTKEY_DIR=/tmp/gmgw-bench-softkey");
        }
        Path native_ = Path.of(System.getProperty("gmgw.softkey.dir", "../pkcs11-bridge/target/native"))
                .toAbsolutePath().normalize();
        Path library = native_.resolve("libgmgw-softkey.so");
        Path bench = native_.resolve("libgmgw-softkey-bench.so");
        if (!Files.isRegularFile(library) || !Files.isRegularFile(bench)) {
            throw new IllegalStateException("no soft smart key in " + native_ + ": build pkcs11-bridge with gcc and "
                    + "libssl-dev installed (or set -Dgmgw.softkey.dir)");
        }
        wipe(Path.of(store));
        Files.writeString(Path.of(store, "softkey.conf"), "profile = 0x8000\nslots = 1\n");
        crypto = CryptoModule.start();
        module = Pkcs11Module.open(library, (String) null);
        Pkcs11Library lib = module.library();
        lib.initToken(0, PIN.toCharArray(), "bench");
        long so = lib.openSession(0, true);
        lib.login(so, Ck.CKU_SO, PIN.toCharArray());
        lib.initPin(so, PIN.toCharArray());
        lib.logout(so);
        lib.login(so, Ck.CKU_USER, PIN.toCharArray());
        TokenKeys.GeneratedKey k = TokenKeys.generate(lib, so, module.profile(), "k", null);
        lib.closeSession(so);
        handle = KeyProviders.load(crypto).open("pkcs11:token=bench;object=k?x-sessions=1&module-path=" + library,
                KeyOptions.withPassword(PasswordSource.of(PIN.toCharArray())));
        session = lib.openSession(0, false); // logged in: the login state is per application
        key = TokenKeys.findOne(lib, session, Ck.CKO_PRIVATE_KEY, "k", null, "bench");
        mechanism = Mechanism.of(module.profile().sm2SignE());
        e = crypto.sm2().signingDigest(k.publicKey(), Sm2.defaultUserId(), message);
        softwareKey = crypto.sm2().generateKeyPair();

        arena = Arena.ofShared();
        SymbolLookup helper = SymbolLookup.libraryLookup(bench, arena);
        Linker linker = Linker.nativeLinker();
        tokenLoop = linker.downcallHandle(helper.find("gmgw_bench_token_sign").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG,
                        ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG,
                        ValueLayout.JAVA_LONG));
        opensslLoop = linker.downcallHandle(helper.find("gmgw_bench_openssl_sign").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG));
        digestLoop = linker.downcallHandle(helper.find("gmgw_bench_token_digest").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG,
                        ValueLayout.JAVA_LONG, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG));
        sm3 = Mechanism.of(module.profile().sm3());
        modulePath = arena.allocateFrom(library.toString());
        eSegment = arena.allocateFrom(ValueLayout.JAVA_BYTE, e);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        module.library().closeSession(session);
        handle.close();
        module.close();
        arena.close();
    }

    private static void wipe(Path store) throws IOException {
        if (Files.exists(store)) {
            try (Stream<Path> s = Files.walk(store)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(store);
    }

    @Benchmark
    public byte[] bridgeKeyHandle() {
        return handle.sign(message);
    }

    @Benchmark
    public byte[] bridgeSign() {
        return module.library().sign(session, mechanism, key, e);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long tokenFromC() throws Throwable {
        long failures = (long) tokenLoop.invokeExact(modulePath, session, module.profile().sm2SignE(), key, eSegment,
                (long) e.length, (long) BATCH);
        if (failures != 0) {
            throw new IllegalStateException(failures + " signatures failed in the C loop");
        }
        return failures;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long openssl() throws Throwable {
        long failures = (long) opensslLoop.invokeExact((long) BATCH);
        if (failures != 0) {
            throw new IllegalStateException(failures + " OpenSSL signatures failed");
        }
        return failures;
    }

    @Benchmark
    public byte[] bridgeDigest() {
        return module.library().digest(session, sm3, e);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long tokenDigestFromC() throws Throwable {
        long failures = (long) digestLoop.invokeExact(modulePath, session, module.profile().sm3(), eSegment,
                (long) e.length, (long) BATCH);
        if (failures != 0) {
            throw new IllegalStateException(failures + " digests failed in the C loop");
        }
        return failures;
    }

    @Benchmark
    public byte[] software() {
        return crypto.sm2().sign(softwareKey.privateKey(), message);
    }
}
