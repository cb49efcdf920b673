package io.gmgw.gateway.otp;

import io.gmgw.audit.Audit;
import io.gmgw.audit.AuditEventType;
import io.gmgw.crypto.otp.OtpProfile;
import java.io.IOException;
import java.time.Clock;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where a dynamic-password verification becomes an answer. Order matters and is the point of this
 * class: verify (pure), write the new state durably through the store (compare-and-set), record the audit event, and
 * only then say {@link OtpOutcome#ACCEPTED}. A crash before the write leaves the old state (the user was never let
 * in, the password may be used once); a crash after it leaves the new state (the password is spent). A state that
 * cannot be written, or was changed by a concurrent login, refuses the login; so does an audit record that cannot be
 * written (the exception propagates and no answer is given).
 */
public final class OtpLogins {
    private static final Logger LOG = LoggerFactory.getLogger("otp");

    /** What a login attempt came to, and the state now stored (the caller keeps it for the next attempt). */
    public record Result(OtpOutcome outcome, TokenState state) {
        public boolean accepted() {
            return outcome == OtpOutcome.ACCEPTED;
        }
    }

    private final OtpVerifier verifier;
    private final TokenStateStore store;
    private final Audit audit;
    private final Clock clock;

    /** {@code clock} gives the time of each attempt (UTC seconds): the system clock, or a test's. */
    public OtpLogins(OtpVerifier verifier, TokenStateStore store, Audit audit, Clock clock) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.store = Objects.requireNonNull(store, "store");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * One login with a dynamic password for {@code user}, whose token {@code serial} has {@code profile},
     * {@code seed} (only read; the caller wipes it) and the stored {@code state}.
     */
    public Result login(String user, String serial, OtpProfile profile, byte[] seed, TokenState state,
            String password, Optional<String> challenge) {
        Verification v = verifier.verify(profile, seed, state, password, clock.instant().getEpochSecond(), challenge);
        OtpOutcome outcome = v.outcome();
        TokenState stored = state;
        if (v.changesState()) {
            String notSaved = save(serial, v);
            if (notSaved == null) {
                stored = v.next();
            } else {
                LOG.warn("token {} of user {}: {}; the login is refused", serial, user, notSaved);
                outcome = v.accepted() ? OtpOutcome.STATE_NOT_SAVED : outcome;
            }
        }
        record(user, serial, v, outcome, stored);
        return new Result(outcome, stored);
    }

    /** The operator's unlock of token {@code serial}: written durably, then audited. */
    public Result unlock(String operator, String serial, TokenState state) throws IOException {
        TokenState next = verifier.unlock(state);
        if (!store.replace(serial, state, next)) {
            throw new IOException("token " + serial + " changed while it was being unlocked; run the command again");
        }
        entry(AuditEventType.OTP_UNLOCK, null, operator, serial).detail("failuresCleared", state.failures()).write();
        return new Result(OtpOutcome.ACCEPTED, next);
    }

    /**
     * The operator's resynchronisation of token {@code serial} from two consecutive passwords: written durably and
     * audited when found; otherwise the state is unchanged and a failure record is written.
     */
    public Result resynchronise(String operator, String serial, OtpProfile profile, byte[] seed, TokenState state,
            String first, String second, Optional<String> challenge) throws IOException {
        Optional<TokenState> next = verifier.resynchronise(profile, seed, state, first, second,
                clock.instant().getEpochSecond(), challenge);
        if (next.isEmpty()) {
            entry(AuditEventType.OTP_RESYNC, "the two passwords were not found in the resynchronisation window",
                    operator, serial).write();
            return new Result(OtpOutcome.WRONG, state);
        }
        if (!store.replace(serial, state, next.get())) {
            throw new IOException("token " + serial + " changed while it was being resynchronised; run it again");
        }
        entry(AuditEventType.OTP_RESYNC, null, operator, serial).detail("drift", next.get().driftSteps())
                .detail("nextCounter", next.get().nextCounter()).write();
        return new Result(OtpOutcome.ACCEPTED, next.get());
    }

    /** Null when {@code v.next()} is durable; otherwise why not. */
    private String save(String serial, Verification v) {
        try {
            return store.replace(serial, v.previous(), v.next()) ? null
                    : "its state was changed by another login at the same time";
        } catch (IOException e) {
            // anything else the store throws propagates: no answer at all is refusal too
            return "its new state could not be saved (" + e.getMessage() + ")";
        }
    }

    private void record(String user, String serial, Verification v, OtpOutcome outcome, TokenState stored) {
        String name = outcome.name().toLowerCase(Locale.ROOT);
        Audit.Entry e = outcome == OtpOutcome.ACCEPTED
                ? entry(AuditEventType.OTP_VERIFY, null, user, serial)
                : entry(AuditEventType.OTP_VERIFY, reason(outcome), user, serial);
        e.detail("outcome", name).detail("failures", stored.failures());
        v.timeStep().ifPresent(t -> e.detail("timeStep", t));
        v.counter().ifPresent(c -> e.detail("counter", c));
        if (outcome == OtpOutcome.ACCEPTED) {
            e.detail("drift", stored.driftSteps());
        }
        e.write();
        if (outcome == OtpOutcome.LOCKED_OUT && stored.locked()) {
            entry(AuditEventType.OTP_LOCK, "locked after " + stored.failures() + " failed passwords in a row", user,
                    serial).detail("failures", stored.failures()).write();
        }
    }

    private static String reason(OtpOutcome outcome) {
        return switch (outcome) {
            case WRONG -> "wrong password";
            case REPLAYED -> "password already used";
            case LOCKED_OUT -> "wrong password; the token is now locked";
            case LOCKED -> "token locked";
            case STATE_NOT_SAVED -> "the token's new state could not be saved";
            case ACCEPTED -> null;
        };
    }

    private Audit.Entry entry(AuditEventType type, String failure, String subject, String serial) {
        Audit.Entry e = failure == null ? audit.success(type) : audit.failure(type, failure);
        return e.subject(subject).object("token " + serial).correlate("token", serial);
    }
}
