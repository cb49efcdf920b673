package io.gmgw.gateway.otp.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.audit.Actor;
import io.gmgw.audit.Audit;
import io.gmgw.audit.AuditEvent;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.crypto.otp.DynamicPasswords;
import io.gmgw.crypto.otp.OtpAlgorithm;
import io.gmgw.crypto.otp.OtpProfile;
import io.gmgw.gateway.otp.OtpLogins;
import io.gmgw.gateway.otp.OtpOutcome;
import io.gmgw.gateway.otp.OtpPolicy;
import io.gmgw.gateway.otp.OtpVerifier;
import io.gmgw.gateway.otp.TokenState;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real crash: the login runs in a JVM of its own ({@link LoginChild}) on the token store on disk, and is killed with
 * SIGKILL at the moment that matters, found from its output (no timing): once its state write has returned (renamed
 * and fsync'ed) but before it answered, and once it answered. This process then opens the same folder, as a restarted
 * gateway would, and the password is REPLAYED and the failures counted before the kill are still counted.
 */
class TokenStoreCrashTest {
    static final CryptoModule MODULE = TestModules.deterministic("otp-crash");
    static final DynamicPasswords PASSWORDS = new DynamicPasswords(MODULE.sm3(), MODULE.sm4());
    static final OtpProfile TIME = OtpProfile.timeBased(OtpAlgorithm.SM3);
    static final byte[] SEED = HexFormat.of().parseHex("31415926535897932384626433832795");
    static final long NOW = 1_800_000_030L;
    static final long STEP = NOW / 60;
    static final int MAX_FAILURES = 3;

    @TempDir
    Path tmp;
    final List<AuditEvent> events = new CopyOnWriteArrayList<>();
    final Clock clock = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
    final Audit audit = new Audit(events::add, clock, new Actor("gmgw", 0, "gw1", 1, "test"), Map.of());
    Process child;

    @AfterEach
    void noChildLeft() throws InterruptedException {
        if (child != null && child.isAlive()) {
            child.destroyForcibly();
            child.waitFor();
        }
    }

    @Test
    void killedAfterTheDurableWriteBeforeTheAnswerThePasswordIsSpent() throws Exception {
        Path store = enrol();
        String password = password(STEP);
        List<String> lines = runUntil(store, "durable", "STOPPED", password);
        assertTrue(lines.contains("DURABLE 0 1"), lines::toString);
        assertFalse(lines.stream().anyMatch(l -> l.startsWith("ANSWER") || l.startsWith("AUDIT")),
                "killed before it answered or audited: " + lines);
        try (TokenStore restarted = reopen(store)) {
            assertEquals(STEP, state(restarted).lastTimeStep(), "the acceptance reached the disk");
            assertEquals(OtpOutcome.REPLAYED, login(restarted, password).outcome());
            assertEquals("password already used", events.getLast().reason());
        }
    }

    @Test
    void killedRightAfterAcceptingThePasswordIsSpent() throws Exception {
        Path store = enrol();
        String password = password(STEP);
        List<String> lines = runUntil(store, "answered", "STOPPED", password);
        assertTrue(lines.contains("ANSWER 0 ACCEPTED"), lines::toString);
        assertTrue(lines.contains("AUDIT otp.verify SUCCESS"), lines::toString);
        try (TokenStore restarted = reopen(store)) {
            assertEquals(OtpOutcome.REPLAYED, login(restarted, password).outcome());
            assertEquals(1, state(restarted).failures(), "the replay counted as a failure");
            // the next step's password is good: the state on disk is the accepted one, not a damaged one
            assertEquals(OtpOutcome.ACCEPTED, login(restarted, password(STEP + 1)).outcome());
        }
    }

    @Test
    void failuresWrittenBeforeTheKillStillLockTheToken() throws Exception {
        Path store = enrol();
        String wrong = wrongPassword();
        List<String> lines = runUntil(store, "durable", "STOPPED", wrong, wrong);
        assertTrue(lines.contains("ANSWER 0 WRONG") && lines.contains("DURABLE 1 2"), lines::toString);
        assertFalse(lines.contains("ANSWER 1 WRONG"), "killed before the second answer: " + lines);
        try (TokenStore restarted = reopen(store)) {
            assertEquals(2, state(restarted).failures(), "both failures survived the kill");
            // the third failure in a row locks, as if the process had never died
            assertEquals(OtpOutcome.LOCKED_OUT, login(restarted, wrong).outcome());
            assertEquals(OtpOutcome.LOCKED, login(restarted, password(STEP)).outcome());
        }
        // and a lock-out written by the killed process is still a lock-out in the next one
        try (TokenStore again = reopen(store)) {
            assertTrue(state(again).locked());
        }
    }

    @Test
    void aLockOutWrittenBeforeTheKillSurvives() throws Exception {
        Path store = enrol();
        String wrong = wrongPassword();
        List<String> lines = runUntil(store, "answered", "STOPPED", wrong, wrong, wrong);
        assertTrue(lines.contains("ANSWER 2 LOCKED_OUT"), lines::toString);
        assertTrue(lines.contains("AUDIT otp.lock FAILURE"), lines::toString);
        try (TokenStore restarted = reopen(store)) {
            assertTrue(state(restarted).locked());
            assertEquals(OtpOutcome.LOCKED, login(restarted, password(STEP)).outcome());
        }
    }

    /** A store in {@code tmp/tokens} with alice's time token, its seed key in {@code tmp/seed.key}. */
    private Path enrol() throws IOException {
        Path dir = tmp.resolve("tokens");
        try (TokenStore store = TokenStore.open(dir, Sm4SeedKey.generate(MODULE, tmp.resolve("seed.key")), audit)) {
            store.add("GM0001", TIME, SEED.clone(), Optional.of("alice"), 0, "test");
        }
        return dir;
    }

    private TokenStore reopen(Path dir) throws IOException {
        return TokenStore.open(dir, Sm4SeedKey.fromFile(MODULE, tmp.resolve("seed.key")), audit);
    }

    private static TokenState state(TokenStore store) throws IOException {
        return store.get("GM0001").orElseThrow().state();
    }

    private OtpLogins.Result login(TokenStore store, String password) throws IOException {
        OtpLogins logins = new OtpLogins(new OtpVerifier(PASSWORDS, new OtpPolicy(1, 1, 10, 10, MAX_FAILURES)),
                store, audit, clock);
        TokenRecord t = store.get("GM0001").orElseThrow();
        return store.withSeed(t, seed -> logins.login("alice", t.serial(), t.profile(), seed, t.state(), password,
                Optional.empty()));
    }

    private static String password(long step) {
        return PASSWORDS.password(TIME, SEED, TIME.factors(step, 0, Optional.empty()));
    }

    /** A six-digit password that is none of the window's (the steps either side of the server's). */
    private static String wrongPassword() {
        List<String> window = List.of(password(STEP - 1), password(STEP), password(STEP + 1));
        for (int n = 0; ; n++) {
            String p = String.format("%06d", n);
            if (!window.contains(p)) {
                return p;
            }
        }
    }

    /**
     * Starts the child with {@code passwords}, reads its lines until {@code last}, then SIGKILLs it and waits for it:
     * the kill comes while the child is blocked at its stop point, so what it wrote so far is all it did.
     */
    private List<String> runUntil(Path store, String stopPoint, String last, String... passwords) throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), LoginChild.class.getName(), store.toString(),
                tmp.resolve("seed.key").toString(), Long.toString(NOW), Integer.toString(MAX_FAILURES), stopPoint,
                "alice"));
        command.addAll(List.of(passwords));
        child = new ProcessBuilder(command).redirectError(tmp.resolve("child.err").toFile()).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); ; line = out.readLine()) {
                assertTrue(line != null, () -> "the child ended before '" + last + "': " + lines + "\n"
                        + readError());
                if (line.equals(last)) {
                    break;
                }
                if (line.matches("(DURABLE|AUDIT|ANSWER) .*")) {
                    lines.add(line);
                }
            }
            child.destroyForcibly(); // SIGKILL: no shutdown hooks, no finally blocks
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            assertEquals(137, child.exitValue(), "killed by SIGKILL, not ended on its own");
        }
        return lines;
    }

    private String readError() {
        try {
            return java.nio.file.Files.readString(tmp.resolve("child.err"));
        } catch (IOException e) {
            return "(no stderr: " + e.getMessage() + ")";
        }
    }
}
