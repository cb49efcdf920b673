package io.gmgw.sslvpn.gateway;

import io.gmgw.sslvpn.cstp.auth.AuthForm;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/** What an {@link Authenticator} decided about one login request. */
public sealed interface AuthOutcome {
    /** Logged in: the gateway issues a cookie and answers {@code complete}. */
    record Authenticated(Identity identity) implements AuthOutcome {
        public Authenticated {
            Objects.requireNonNull(identity, "identity");
        }
    }

    /**
     * One more step: the gateway answers with {@code form} and sets {@code context} as the {@code webvpncontext}
     * cookie, which the next request (maybe on another connection, cstp.md §2.5) brings back in
     * {@link AuthAttempt#context()}. The authenticator keeps the step's state under that value, bounded and expiring;
     * the value goes into a Set-Cookie header as it is, so it is base64url (a random handle, 1 to 128 characters).
     */
    record Challenge(AuthForm form, String context) implements AuthOutcome {
        public Challenge {
            Objects.requireNonNull(form, "form");
            if (context == null || !context.matches("[A-Za-z0-9_-]{1,128}")) {
                throw new IllegalArgumentException("a login context is 1 to 128 base64url characters");
            }
        }
    }

    /**
     * Decided later, off the event loop (a dynamic password is checked against the token store, which writes to disk):
     * the gateway reads no further request on the connection until {@code result} completes, then acts on its outcome
     * as if it had come at once. {@code result} must complete (an exception is a refusal).
     */
    record Deferred(CompletionStage<AuthOutcome> result) implements AuthOutcome {
        public Deferred {
            Objects.requireNonNull(result, "result");
        }
    }

    /** Refused: 401 and the connection closes (as ocserv, §2.3); {@code reason} goes to the audit log only. */
    record Refused(String reason) implements AuthOutcome {
        public Refused {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
