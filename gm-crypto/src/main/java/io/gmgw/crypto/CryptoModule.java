package io.gmgw.crypto;

import io.gmgw.audit.Audit;
import io.gmgw.audit.AuditEventType;
import io.gmgw.crypto.core.CryptoModuleErrorException;
import io.gmgw.crypto.core.ModuleContext;
import io.gmgw.crypto.core.ModuleState;
import io.gmgw.crypto.selftest.ModuleUnderTest;
import io.gmgw.crypto.selftest.PowerOnSelfTests;
import io.gmgw.crypto.selftest.SelfTest;
import io.gmgw.crypto.selftest.SelfTestFailure;
import io.gmgw.crypto.selftest.SelfTestReport;
import io.gmgw.crypto.sm2.Sm2;
import io.gmgw.crypto.sm3.Sm3;
import io.gmgw.crypto.sm4.Sm4;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * gmgw's cryptographic module: the one door to SM2, SM3, SM4 and the random bit generator.
 *
 * <p>It follows the state machine of GB/T 37092-2018 (security requirements for cryptographic modules): created in
 * {@link ModuleState#POWER_ON}, it runs its power-on self-tests ({@link ModuleState#SELF_TEST}) and serves only once
 * they pass ({@link ModuleState#APPROVED}). A failed self-test, or a failed conditional test later (pairwise
 * consistency of a new key pair, a continuous health test of the entropy source), puts it in
 * {@link ModuleState#ERROR} for good: every cryptographic call then throws {@link CryptoModuleErrorException}, and an
 * audit event is recorded ({@link Options#audit}).
 *
 * <p>There is no process-wide instance: the launcher creates one at bootstrap and hands it to whoever needs
 * cryptography; tests create their own (see {@link Options#deterministic(byte[])}).
 */
public final class CryptoModule implements ModuleContext, ModuleUnderTest {
    private static final Logger LOG = LoggerFactory.getLogger("crypto");

    /** The module's state and, in {@link ModuleState#ERROR}, why. */
    public record Status(ModuleState state, String reason) {
    }

    private final AtomicReference<Status> status = new AtomicReference<>(new Status(ModuleState.POWER_ON, null));
    private final Clock clock;
    private final Audit audit;
    private final List<SelfTest> selfTests;
    private final SecureRandom random;
    private final Sm3 sm3;
    private final Sm4 sm4;
    private final Sm2 sm2;
    private volatile SelfTestReport lastReport;

    private CryptoModule(Options options) {
        this.clock = options.clock;
        this.audit = options.audit != null ? options.audit : Audit.toLogger(options.clock);
        this.selfTests = List.copyOf(options.selfTests);
        this.sm3 = new Sm3(this);
        this.sm4 = new Sm4(this);
        this.random = options.randomFactory.create(this);
        this.sm2 = new Sm2(this, sm3);
    }

    /** Creates a module with the production defaults and runs its power-on self-tests. */
    public static CryptoModule start() {
        return start(Options.defaults());
    }

    /**
     * Creates a module and runs its power-on self-tests. The module is returned in either state; callers that must
     * not go on without approved cryptography check {@link #state()} (the launcher exits with its self-test code).
     */
    public static CryptoModule start(Options options) {
        CryptoModule module = new CryptoModule(options);
        module.runSelfTests();
        return module;
    }

    public ModuleState state() {
        return status.get().state();
    }

    public Status status() {
        return status.get();
    }

    /** The report of the last self-test run (power-on or on demand). */
    public SelfTestReport lastSelfTestReport() {
        return lastReport;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    /**
     * Guard called at the start of every cryptographic operation: passes in {@link ModuleState#APPROVED} and while
     * the self-tests run, throws otherwise.
     */
    @Override
    public void check() {
        Status s = status.get();
        switch (s.state()) {
            case APPROVED, SELF_TEST -> {
            }
            case POWER_ON -> throw new CryptoModuleErrorException(s.state(),
                    "cryptographic module has not run its power-on self-tests yet; start it with CryptoModule.start()");
            case ERROR -> throw CryptoModuleErrorException.inErrorState(s.reason(), "no cryptographic service");
        }
    }

    /**
     * Runs every self-test now. From {@link ModuleState#POWER_ON} or {@link ModuleState#APPROVED} the module ends
     * approved when all pass and in the error state otherwise; a module already in error stays there.
     */
    public synchronized SelfTestReport runSelfTests() {
        Instant started = clock.instant();
        Status before = status.get();
        if (before.state() == ModuleState.ERROR) {
            throw CryptoModuleErrorException.inErrorState(before.reason(), "no new self-test run");
        }
        status.set(new Status(ModuleState.SELF_TEST, null));
        List<SelfTestReport.Result> results = new ArrayList<>();
        for (SelfTest test : selfTests) {
            long t0 = System.nanoTime();
            String detail = null;
            try {
                test.run(this);
            } catch (SelfTestFailure e) {
                detail = e.getMessage();
            } catch (RuntimeException e) {
                detail = "unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
            results.add(new SelfTestReport.Result(test.name(), test.description(), detail == null, detail, elapsed));
            if (detail != null) {
                break;
            }
        }
        SelfTestReport report = new SelfTestReport(started, results);
        lastReport = report;
        if (report.passed()) {
            status.set(new Status(ModuleState.APPROVED, null));
            LOG.info("self-tests passed: {} tests in {} ms", results.size(),
                    Duration.between(started, clock.instant()).toMillis());
            recordSafely(audit.success(AuditEventType.CRYPTO_SELFTEST).detail("tests", results.size())
                    .detail("ms", Duration.between(started, clock.instant()).toMillis()));
        } else {
            SelfTestReport.Result failure = report.firstFailure();
            String reason = failure == null ? "no self-tests configured"
                    : "self-test " + failure.name() + " failed: " + failure.detail();
            enterError(reason, audit.failure(AuditEventType.CRYPTO_SELFTEST, reason)
                    .detail("test", failure == null ? null : failure.name()));
        }
        return report;
    }

    /**
     * Puts the module in the error state for good and logs an audit event. Called by the self-tests and by the
     * conditional tests (pairwise consistency, RNG health tests). Idempotent: the first reason is kept.
     */
    @Override
    public void enterError(String reason) {
        Objects.requireNonNull(reason, "reason");
        enterError(reason, audit.failure(AuditEventType.CRYPTO_MODULE_ERROR, reason));
    }

    private void enterError(String reason, Audit.Entry event) {
        Status previous = status.getAndUpdate(s -> s.state() == ModuleState.ERROR ? s
                : new Status(ModuleState.ERROR, reason));
        if (previous.state() != ModuleState.ERROR) {
            LOG.error("cryptographic module entered the error state, where it stays until the process is restarted "
                    + "(GB/T 37092): {}", reason);
            recordSafely(event);
        }
    }

    /*
     * The module's own events never stop it: a module whose self-tests passed serves even if its audit log is full
     * (the commands that change security state refuse to run without an audit log before they get here), and one
     * that entered the error state stays there whether or not that could be recorded.
     */
    private static void recordSafely(Audit.Entry event) {
        try {
            event.write();
        } catch (RuntimeException e) {
            LOG.error("could not record audit event {}: {}", event.build().event(), e.getMessage());
        }
    }

    /** Where this module records its own events (self-tests, the error state). */
    public Audit audit() {
        return audit;
    }

    @Override
    public String errorReason() {
        return status.get().reason();
    }

    /** The module's random bit generator (SM3 Hash_DRBG with health-tested seeding); every draw checks the state. */
    @Override
    public SecureRandom random() {
        return random;
    }

    @Override
    public Sm3 sm3() {
        return sm3;
    }

    @Override
    public Sm4 sm4() {
        return sm4;
    }

    @Override
    public Sm2 sm2() {
        return sm2;
    }

    /** How a module is built: clock, randomness and the self-test suite. */
    public static final class Options {
        /** Builds the module's random source once the module exists (the DRBG reports health-test failures to it). */
        @FunctionalInterface
        public interface RandomFactory {
            SecureRandom create(CryptoModule module);
        }

        private Clock clock = Clock.systemUTC();
        private Audit audit;
        private RandomFactory randomFactory = io.gmgw.crypto.random.Drbgs::production;
        private List<SelfTest> selfTests = PowerOnSelfTests.all();

        private Options() {
        }

        public static Options defaults() {
            return new Options();
        }

        /**
         * Options for tests: a Hash_DRBG instantiated from {@code seed} alone, so every random value (keys,
         * signatures' k, IVs) is reproducible. Never for production use.
         */
        public static Options deterministic(byte[] seed) {
            byte[] copy = seed.clone();
            Options o = new Options();
            o.randomFactory = module -> io.gmgw.crypto.random.Drbgs.deterministic(module, copy);
            return o;
        }

        public Options clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Where the module records its self-tests and error state; by default the {@code audit} logger. */
        public Options audit(Audit audit) {
            this.audit = Objects.requireNonNull(audit, "audit");
            return this;
        }

        public Options random(RandomFactory factory) {
            this.randomFactory = Objects.requireNonNull(factory, "factory");
            return this;
        }

        public Options selfTests(List<SelfTest> tests) {
            this.selfTests = List.copyOf(tests);
            return this;
        }
    }
}
