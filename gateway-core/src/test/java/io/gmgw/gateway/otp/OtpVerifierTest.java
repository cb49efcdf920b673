package io.gmgw.gateway.otp;

import static io.gmgw.gateway.otp.TestToken.SEED;
import static io.gmgw.gateway.otp.TestToken.START;
import static io.gmgw.gateway.otp.TestToken.STEP;
import static io.gmgw.gateway.otp.TestToken.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.otp.IdLayout;
import io.gmgw.crypto.otp.OtpAlgorithm;
import io.gmgw.crypto.otp.OtpFactor;
import io.gmgw.crypto.otp.OtpProfile;
import java.util.EnumSet;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The verifier's rules on an injected time: window edges, drift, replay, lock-out and unlock, resync. */
class OtpVerifierTest {
    static final OtpProfile TIME = OtpProfile.timeBased(OtpAlgorithm.SM3);
    static final OtpProfile EVENT = OtpProfile.eventBased(OtpAlgorithm.SM4);
    static final OtpProfile TIME_AND_EVENT = new OtpProfile(OtpAlgorithm.SM3,
            EnumSet.of(OtpFactor.TIME, OtpFactor.EVENT), 8, 60, 0, IdLayout.OMIT_ABSENT);
    static final OtpProfile CHALLENGE = new OtpProfile(OtpAlgorithm.SM4, EnumSet.of(OtpFactor.CHALLENGE), 6, 60, 0,
            IdLayout.OMIT_ABSENT);

    final OtpVerifier verifier = new OtpVerifier(TestToken.PASSWORDS, OtpPolicy.DEFAULT);
    final TokenState fresh = TokenState.initial(0);

    Verification verify(OtpProfile p, TokenState s, String password, long now) {
        return verifier.verify(p, SEED, s, password, now, Optional.empty());
    }

    @Test
    void acceptsTheCurrentStepAndOneEitherSideNotTwo() {
        for (long offset = -1; offset <= 1; offset++) {
            Verification v = verify(TIME, fresh, at(TIME, STEP + offset, 0), START + 30);
            assertEquals(OtpOutcome.ACCEPTED, v.outcome(), "offset " + offset);
            assertEquals(OptionalLong.of(STEP + offset), v.timeStep());
            assertEquals((int) offset, v.next().driftSteps(), "the offset is learned as drift");
        }
        assertEquals(OtpOutcome.WRONG, verify(TIME, fresh, at(TIME, STEP - 2, 0), START + 30).outcome());
        assertEquals(OtpOutcome.WRONG, verify(TIME, fresh, at(TIME, STEP + 2, 0), START + 30).outcome());
    }

    @Test
    void theWindowMovesExactlyAtTheIntervalBoundary() {
        String ahead = at(TIME, STEP + 2, 0);
        assertEquals(OtpOutcome.WRONG, verify(TIME, fresh, ahead, START + 59).outcome(), "59 s into STEP: +2 is out");
        assertEquals(OtpOutcome.ACCEPTED, verify(TIME, fresh, ahead, START + 60).outcome(), "one second later: +1");
        String behind = at(TIME, STEP - 1, 0);
        assertEquals(OtpOutcome.ACCEPTED, verify(TIME, fresh, behind, START + 59).outcome());
        assertEquals(OtpOutcome.WRONG, verify(TIME, fresh, behind, START + 60).outcome(), "now two steps behind");
    }

    @Test
    void eachTimePasswordIsAcceptedOnceEvenInsideTheWindow() {
        String now = at(TIME, STEP, 0);
        Verification first = verify(TIME, fresh, now, START + 10);
        assertTrue(first.accepted());
        assertEquals(STEP, first.next().lastTimeStep());
        Verification again = verify(TIME, first.next(), now, START + 20);
        assertEquals(OtpOutcome.REPLAYED, again.outcome());
        assertEquals(1, again.next().failures(), "a replay costs like a wrong password");
        assertEquals(OtpOutcome.REPLAYED, verify(TIME, first.next(), at(TIME, STEP - 1, 0), START + 20).outcome(),
                "an older step inside the window is refused too");
        Verification next = verify(TIME, again.next(), at(TIME, STEP + 1, 0), START + 70);
        assertTrue(next.accepted(), "the next step is new");
        assertEquals(0, next.next().failures(), "a success clears the failures");
    }

    @Test
    void driftLearnedFromSuccessesCentresTheWindow() {
        // a token whose clock runs two steps fast: +2 is outside a fresh window...
        assertEquals(OtpOutcome.WRONG, verify(TIME, fresh, at(TIME, STEP + 2, 0), START).outcome());
        // ...but a login at +1 teaches drift 1, and the next login, five minutes later, is found at +2
        Verification first = verify(TIME, fresh, at(TIME, STEP + 1, 0), START);
        assertEquals(1, first.next().driftSteps());
        Verification later = verify(TIME, first.next(), at(TIME, STEP + 5 + 2, 0), START + 300);
        assertTrue(later.accepted());
        assertEquals(2, later.next().driftSteps());
    }

    @Test
    void learnedDriftIsBoundedByThePolicy() {
        OtpVerifier tight = new OtpVerifier(TestToken.PASSWORDS, new OtpPolicy(1, 1, 10, 1, 5));
        TokenState drifted = new TokenState(3, TokenState.NONE, 0, 1, 0, false);
        Verification v = tight.verify(TIME, SEED, drifted, at(TIME, STEP + 2, 0), START, Optional.empty());
        assertTrue(v.accepted());
        assertEquals(1, v.next().driftSteps(), "drift 2 clamped to the policy's 1");
    }

    @Test
    void lockedAfterMaxFailuresUntilAnOperatorUnlocks() {
        TokenState s = fresh;
        for (int i = 1; i <= 4; i++) {
            Verification v = verify(TIME, s, "000000".equals(at(TIME, STEP, 0)) ? "111111" : "000000", START);
            assertEquals(OtpOutcome.WRONG, v.outcome());
            assertEquals(i, v.next().failures());
            s = v.next();
        }
        Verification fifth = verify(TIME, s, "12345", START);
        assertEquals(OtpOutcome.LOCKED_OUT, fifth.outcome(), "a malformed password counts too");
        assertTrue(fifth.next().locked());
        Verification right = verify(TIME, fifth.next(), at(TIME, STEP, 0), START);
        assertEquals(OtpOutcome.LOCKED, right.outcome(), "even the right password is refused while locked");
        assertFalse(right.changesState(), "nothing counted while locked");
        TokenState unlocked = verifier.unlock(fifth.next());
        assertFalse(unlocked.locked());
        assertEquals(0, unlocked.failures());
        assertEquals(fifth.next().version() + 1, unlocked.version());
        assertTrue(verify(TIME, unlocked, at(TIME, STEP, 0), START).accepted());
    }

    @Test
    void unlockKeepsTheReplayBound() {
        Verification first = verify(TIME, fresh, at(TIME, STEP, 0), START);
        TokenState unlocked = verifier.unlock(first.next());
        assertEquals(OtpOutcome.REPLAYED, verify(TIME, unlocked, at(TIME, STEP, 0), START).outcome());
    }

    @Test
    void eventTokensLookAheadAndNeverGoBack() {
        Verification pressedThrice = verify(EVENT, fresh, at(EVENT, 0, 3), START);
        assertTrue(pressedThrice.accepted(), "presses 0..2 never reached the server");
        assertEquals(OptionalLong.of(3), pressedThrice.counter());
        assertEquals(4, pressedThrice.next().nextCounter());
        assertEquals(OtpOutcome.REPLAYED, verify(EVENT, pressedThrice.next(), at(EVENT, 0, 3), START).outcome());
        assertEquals(OtpOutcome.WRONG, verify(EVENT, pressedThrice.next(), at(EVENT, 0, 1), START).outcome(),
                "an older unused counter is not accepted either");
        assertEquals(OtpOutcome.WRONG, verify(EVENT, pressedThrice.next(), at(EVENT, 0, 4 + 11), START).outcome(),
                "beyond the look-ahead of 10");
        assertTrue(verify(EVENT, pressedThrice.next(), at(EVENT, 0, 4 + 10), START).accepted(), "the edge");
    }

    @Test
    void tokensUsingTimeAndEventsAcceptTwoPressesInOneStepOnce() {
        Verification first = verify(TIME_AND_EVENT, fresh, at(TIME_AND_EVENT, STEP, 0), START);
        assertTrue(first.accepted());
        Verification second = verify(TIME_AND_EVENT, first.next(), at(TIME_AND_EVENT, STEP, 1), START + 5);
        assertTrue(second.accepted(), "the next press in the same minute");
        assertEquals(OtpOutcome.REPLAYED,
                verify(TIME_AND_EVENT, second.next(), at(TIME_AND_EVENT, STEP, 1), START + 6).outcome());
    }

    @Test
    void challengeTokensAnswerTheChallengeTheyWereGiven() {
        String answer = at(CHALLENGE, 0, 0, Optional.of("52817734"));
        assertTrue(verifier.verify(CHALLENGE, SEED, fresh, answer, START, Optional.of("52817734")).accepted());
        assertEquals(OtpOutcome.WRONG,
                verifier.verify(CHALLENGE, SEED, fresh, answer, START, Optional.of("52817735")).outcome());
    }

    @Test
    void resyncFindsAFarDriftedTokenFromTwoConsecutivePasswords() {
        assertEquals(OtpOutcome.WRONG, verify(TIME, fresh, at(TIME, STEP + 7, 0), START).outcome());
        Optional<TokenState> synced = verifier.resynchronise(TIME, SEED, fresh, at(TIME, STEP + 7, 0),
                at(TIME, STEP + 8, 0), START, Optional.empty());
        assertTrue(synced.isPresent());
        assertEquals(8, synced.get().driftSteps());
        assertEquals(STEP + 8, synced.get().lastTimeStep(), "both passwords are spent");
        assertTrue(verify(TIME, synced.get(), at(TIME, STEP + 9, 0), START + 30).accepted());
        assertTrue(verifier.resynchronise(TIME, SEED, fresh, at(TIME, STEP + 7, 0), at(TIME, STEP + 9, 0), START,
                Optional.empty()).isEmpty(), "not consecutive");
    }

    @Test
    void resyncOfAnEventTokenFarAhead() {
        Optional<TokenState> synced = verifier.resynchronise(EVENT, SEED, fresh, at(EVENT, 0, 200), at(EVENT, 0, 201),
                START, Optional.empty());
        assertEquals(202, synced.orElseThrow().nextCounter());
        assertNotEquals(at(EVENT, 0, 200), at(EVENT, 0, 201));
    }
}
