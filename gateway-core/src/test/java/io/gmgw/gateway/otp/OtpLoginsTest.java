package io.gmgw.gateway.otp;

import static io.gmgw.gateway.otp.TestToken.SEED;
import static io.gmgw.gateway.otp.TestToken.START;
import static io.gmgw.gateway.otp.TestToken.STEP;
import static io.gmgw.gateway.otp.TestToken.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.audit.Actor;
import io.gmgw.audit.Audit;
import io.gmgw.audit.AuditEvent;
import io.gmgw.audit.Outcome;
import io.gmgw.crypto.otp.OtpAlgorithm;
import io.gmgw.crypto.otp.OtpProfile;
import io.gmgw.testing.MutableClock;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The order that makes a password single-use across crashes: verify, write the state durably, audit, then answer.
 * "Crashes" are the store's faults: failing before the write, and the process dying right after it.
 */
class OtpLoginsTest {
    static final OtpProfile TIME = OtpProfile.timeBased(OtpAlgorithm.SM3);
    static final String SERIAL = "GM0001";

    /** The time of each attempt, moved by the test. */
    final MutableClock clock = new MutableClock(Instant.ofEpochSecond(START + 10));
    final List<AuditEvent> events = new CopyOnWriteArrayList<>();
    final Audit audit = new Audit(events::add, clock, new Actor("gmgw", 0, "gw1", 1, "gmgw sslvpn run"),
            Map.of("run", "r1"));
    final MemoryTokenStates store = new MemoryTokenStates();
    final OtpVerifier verifier = new OtpVerifier(TestToken.PASSWORDS, OtpPolicy.DEFAULT);
    final OtpLogins logins = new OtpLogins(verifier, store, audit, clock);

    OtpLoginsTest() {
        store.put(SERIAL, TokenState.initial(0));
    }

    OtpLogins.Result login(String password) {
        return logins.login("alice", SERIAL, TIME, SEED, store.get(SERIAL), password, Optional.empty());
    }

    @Test
    void anAcceptedPasswordIsStoredBeforeTheAnswerAndAudited() {
        OtpLogins.Result r = login(at(TIME, STEP, 0));
        assertTrue(r.accepted());
        assertEquals(r.state(), store.get(SERIAL));
        assertEquals(STEP, store.get(SERIAL).lastTimeStep());
        AuditEvent e = events.getLast();
        assertEquals("otp.verify", e.event());
        assertEquals(Outcome.SUCCESS, e.outcome());
        assertEquals("alice", e.subject());
        assertEquals("token " + SERIAL, e.object());
        assertEquals("accepted", e.details().get("outcome"));
        assertEquals(String.valueOf(STEP), e.details().get("timeStep"));
        assertFalse(e.toJson().contains(at(TIME, STEP, 0)), "the password is never recorded");
    }

    @Test
    void aStateThatCannotBeWrittenRefusesTheRightPassword() {
        store.fault = MemoryTokenStates.Fault.FAIL_BEFORE_WRITE;
        OtpLogins.Result r = login(at(TIME, STEP, 0));
        assertEquals(OtpOutcome.STATE_NOT_SAVED, r.outcome());
        assertFalse(r.accepted());
        assertEquals(TokenState.initial(0), store.get(SERIAL), "nothing changed on disk");
        assertEquals(Outcome.FAILURE, events.getLast().outcome());
        // the user was never let in, so after the disk recovers the password works, once
        store.fault = MemoryTokenStates.Fault.NONE;
        assertTrue(login(at(TIME, STEP, 0)).accepted());
        assertEquals(OtpOutcome.REPLAYED, login(at(TIME, STEP, 0)).outcome());
    }

    @Test
    void aProcessKilledAfterTheWriteNeverLetsTheSamePasswordInAgain() {
        store.fault = MemoryTokenStates.Fault.CRASH_AFTER_WRITE;
        String password = at(TIME, STEP, 0);
        // the store's write reaches the disk and the process dies before it answers: no answer, no audit record
        assertThrows(MemoryTokenStates.ProcessDied.class, () -> login(password));
        assertEquals(STEP, store.get(SERIAL).lastTimeStep());
        // a new process reads the stored state: the password is spent, the attacker who saw it gets nothing
        store.fault = MemoryTokenStates.Fault.NONE;
        OtpLogins.Result replay = login(password);
        assertEquals(OtpOutcome.REPLAYED, replay.outcome());
        assertEquals("password already used", events.getLast().reason());
    }

    @Test
    void anAuditRecordThatCannotBeWrittenGivesNoYes() {
        Audit broken = new Audit(e -> {
            throw new io.gmgw.audit.AuditException("audit.log: No space left on device");
        }, clock, new Actor("gmgw", 0, "gw1", 1, "gmgw sslvpn run"), Map.of());
        OtpLogins noAudit = new OtpLogins(verifier, store, broken, clock);
        assertThrows(io.gmgw.audit.AuditException.class, () -> noAudit.login("alice", SERIAL, TIME, SEED,
                store.get(SERIAL), at(TIME, STEP, 0), Optional.empty()));
    }

    @Test
    void twoLoginsRacingWithOnePasswordLetOneIn() {
        TokenState seenByBoth = store.get(SERIAL);
        String password = at(TIME, STEP, 0);
        OtpLogins.Result first = logins.login("alice", SERIAL, TIME, SEED, seenByBoth, password, Optional.empty());
        OtpLogins.Result second = logins.login("alice", SERIAL, TIME, SEED, seenByBoth, password, Optional.empty());
        assertTrue(first.accepted());
        assertEquals(OtpOutcome.STATE_NOT_SAVED, second.outcome(), "its compare-and-set found the state moved on");
        assertEquals(1, store.writes);
    }

    @Test
    void lockOutIsStoredAndAuditedAndAnOperatorUnlocks() throws IOException {
        String wrong = at(TIME, STEP, 0).equals("000000") ? "999999" : "000000";
        for (int i = 0; i < OtpPolicy.DEFAULT.maxFailures(); i++) {
            login(wrong);
        }
        assertTrue(store.get(SERIAL).locked(), "the lock-out survives a restart: it is in the store");
        assertEquals("otp.lock", events.getLast().event());
        assertEquals(OtpOutcome.LOCKED, login(at(TIME, STEP, 0)).outcome());
        OtpLogins.Result unlocked = logins.unlock("root", SERIAL, store.get(SERIAL));
        assertFalse(store.get(SERIAL).locked());
        assertEquals(unlocked.state(), store.get(SERIAL));
        assertEquals("otp.unlock", events.getLast().event());
        assertEquals("root", events.getLast().subject());
        assertTrue(login(at(TIME, STEP, 0)).accepted());
    }

    @Test
    void resyncIsStoredAndAudited() throws IOException {
        clock.set(Instant.ofEpochSecond(START));
        OtpLogins.Result r = logins.resynchronise("root", SERIAL, TIME, SEED, store.get(SERIAL),
                at(TIME, STEP - 6, 0), at(TIME, STEP - 5, 0), Optional.empty());
        assertTrue(r.accepted());
        assertEquals(-5, store.get(SERIAL).driftSteps());
        assertEquals("otp.resync", events.getLast().event());
        OtpLogins.Result notFound = logins.resynchronise("root", SERIAL, TIME, SEED, store.get(SERIAL), "000000",
                "000001", Optional.empty());
        assertFalse(notFound.accepted());
        assertEquals(Outcome.FAILURE, events.getLast().outcome());
    }
}
