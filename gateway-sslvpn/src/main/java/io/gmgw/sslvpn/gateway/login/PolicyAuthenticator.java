package io.gmgw.sslvpn.gateway.login;

import io.gmgw.gateway.policy.LoginPolicy;
import io.gmgw.sslvpn.gateway.AuthAttempt;
import io.gmgw.sslvpn.gateway.AuthOutcome;
import io.gmgw.sslvpn.gateway.Authenticator;
import io.gmgw.sslvpn.gateway.GroupPolicies;
import io.gmgw.sslvpn.gateway.GroupPolicy;
import io.gmgw.sslvpn.gateway.Identity;
import io.gmgw.sslvpn.gateway.PeerText;
import io.gmgw.sslvpn.cstp.auth.ConfigAuthRequest;
import io.netty.util.concurrent.Ticker;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * The login policy of each group ({@code groups.NAME.login}, issue 16) over the XML auth exchange:
 * <ul>
 * <li>{@code certificate}: the certificate login as before ({@link io.gmgw.sslvpn.gateway.CertificateAuthenticator}),
 * one round trip.</li>
 * <li>{@code certificate+password}: the certificate first, then a form asks for the dynamic password of the user the
 * certificate names.</li>
 * <li>{@code password}: a form asks for the user name and the dynamic password; the group is the user's entry in
 * {@code clients.users}, else the group asked for (URL path or {@code --authgroup}), else the default group, and it
 * must log in with a password alone.</li>
 * </ul>
 * A form's login waits in {@link PendingLogins} under the {@code webvpncontext} handle, bound to the certificate the
 * connection showed (none for a password login without one) and to the fresh random challenge its form shows (for
 * challenge tokens; taken with the login, so each challenge is answered once); the answer must come with the same
 * certificate. The
 * password is checked by {@link TokenPasswords} on {@code executor} (it writes the token's state to disk), so the
 * answer is {@link AuthOutcome.Deferred}. A wrong, replayed or locked password, a user without a token, an unknown
 * or expired form and a form answered with another certificate are all {@link AuthOutcome.Refused}: the same 401 as
 * any failed login, with ban points, and the reason in the audit record only.
 */
public final class PolicyAuthenticator implements Authenticator {
    /** Most characters of a user name typed in the form (a certificate's user attribute has no such bound). */
    static final int MAX_USER = 64;

    /**
     * A login waiting for its form. {@code identity} is null for a password login (the user comes with it);
     * {@code challenge} is the one its form showed.
     */
    record Waiting(Identity identity, String certificateKey, String askedGroup, Identity shown, String challenge) {
    }

    /** Decimal digits of a form's challenge: what a token's keypad takes (GB/T 38556 Q: 4 to 64 characters). */
    static final int CHALLENGE_DIGITS = 8;

    /** How logins wait for their form: {@link PendingLogins}' random handles, timeout and capacity. */
    public record Forms(SecureRandom random, Duration timeout, int capacity) {
    }

    private final Authenticator certificate;
    private final GroupPolicies policies;
    private final Map<String, String> userGroups;
    private final Optional<String> defaultGroup;
    private final boolean passwordGroups;
    private final PendingLogins<Waiting> pending;
    private final SecureRandom random;
    private final TokenPasswords passwords;
    private final Executor executor;
    private final Ticker ticker;

    /**
     * @param certificate    the certificate login, which also maps a certificate to its user and group
     * @param userGroups     {@code clients.users}: user → group, for users who log in by password
     * @param defaultGroup   {@code clients.default-group}
     * @param passwordGroups whether some group logs in with a password alone (else a client without a certificate is
     *                       refused at once, as before)
     * @param forms          how logins wait for their form: the random handles, the timeout, the most at once
     * @param passwords      the token check; null when no group uses a password (the configuration demands a token
     *                       store otherwise)
     * @param executor       where passwords are checked: bounded; a rejected check is a refused (busy) login
     * @param ticker         the time of the form timeouts (the gateway's)
     */
    public PolicyAuthenticator(Authenticator certificate, GroupPolicies policies, Map<String, String> userGroups,
            Optional<String> defaultGroup, boolean passwordGroups, Forms forms, TokenPasswords passwords,
            Executor executor, Ticker ticker) {
        this.certificate = Objects.requireNonNull(certificate, "certificate");
        this.policies = Objects.requireNonNull(policies, "policies");
        this.userGroups = Map.copyOf(userGroups);
        this.defaultGroup = Objects.requireNonNull(defaultGroup, "defaultGroup");
        this.passwordGroups = passwordGroups;
        this.pending = new PendingLogins<>(forms.random(), forms.timeout().toNanos(), forms.capacity());
        this.random = forms.random();
        this.passwords = passwords;
        this.executor = Objects.requireNonNull(executor, "executor");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
    }

    @Override
    public AuthOutcome authenticate(AuthAttempt a) {
        if (a.message().type() == ConfigAuthRequest.Type.INIT) {
            return first(a);
        }
        if (a.context().isEmpty()) {
            return new AuthOutcome.Refused("a login form answer without a login in progress (no webvpncontext "
                    + "cookie)");
        }
        return answer(a);
    }

    /** The first request: the certificate, and the form its group's policy asks for. */
    private AuthOutcome first(AuthAttempt a) {
        Optional<X509CertificateHolder> cert = a.channel().peerIdentity();
        String certKey = cert.map(Identity::keyOf).orElse("");
        String asked = asked(a, "");
        if (cert.isEmpty()) {
            if (!passwordGroups) {
                return certificate.authenticate(a); // refused: no certificate, as a certificate-only gateway says
            }
            String q = challenge();
            return form(new Waiting(null, "", asked, null, q), LoginForms.userAndPassword(q));
        }
        AuthOutcome byCertificate = certificate.authenticate(a);
        if (!(byCertificate instanceof AuthOutcome.Authenticated ok)) {
            return byCertificate;
        }
        Identity id = ok.identity();
        LoginPolicy policy = policyOf(id.group());
        if (policy == LoginPolicy.CERTIFICATE) {
            return ok;
        }
        String q = challenge();
        return policy == LoginPolicy.CERTIFICATE_AND_PASSWORD
                ? form(new Waiting(id, certKey, asked, id, q), LoginForms.passwordOf(id.user(), q))
                // The certificate's group logs in by password: the user types the name, the certificate only shown.
                : form(new Waiting(null, certKey, asked, id, q), LoginForms.userAndPassword(q));
    }

    /** A fresh challenge for one login's form, {@value #CHALLENGE_DIGITS} random decimal digits. */
    private String challenge() {
        StringBuilder q = new StringBuilder(CHALLENGE_DIGITS);
        for (int i = 0; i < CHALLENGE_DIGITS; i++) {
            q.append((char) ('0' + random.nextInt(10)));
        }
        return q.toString();
    }

    private AuthOutcome form(Waiting w, io.gmgw.sslvpn.cstp.auth.AuthForm form) {
        if (passwords == null) {
            return new AuthOutcome.Refused("group logins need a dynamic password but the gateway has no token store "
                    + "(otp.token-store)");
        }
        return new AuthOutcome.Challenge(form, pending.put(w, ticker.nanoTime()));
    }

    /** The form's answer: the login it continues, then the password, checked off the event loop. */
    private AuthOutcome answer(AuthAttempt a) {
        Optional<Waiting> found = pending.take(a.context().get(), ticker.nanoTime());
        if (found.isEmpty()) {
            return new AuthOutcome.Refused("the login form expired or is unknown (answer it within otp.form-timeout)");
        }
        Waiting w = found.get();
        String certKey = a.channel().peerIdentity().map(Identity::keyOf).orElse("");
        if (!certKey.equals(w.certificateKey())) {
            return new AuthOutcome.Refused("the login form was answered with another certificate than the one that "
                    + "asked for it");
        }
        String password = a.message().answers().get(LoginForms.PASSWORD);
        if (password == null || password.isEmpty()) {
            return new AuthOutcome.Refused("the login form came back without a dynamic password");
        }
        Identity who;
        LoginPolicy how;
        if (w.identity() != null) {
            who = w.identity();
            how = LoginPolicy.CERTIFICATE_AND_PASSWORD;
        } else {
            String user = a.message().answers().getOrDefault(LoginForms.USERNAME, "").strip();
            if (user.isEmpty() || user.length() > MAX_USER || user.chars().anyMatch(Character::isISOControl)) {
                return new AuthOutcome.Refused("the login form's user name '" + PeerText.printable(user, MAX_USER)
                        + "' is empty, too long or not printable");
            }
            Optional<String> group = groupOfPasswordUser(user, asked(a, w.askedGroup()));
            if (group.isEmpty()) {
                return new AuthOutcome.Refused(refusalOfGroup(user, asked(a, w.askedGroup())));
            }
            Identity shown = w.shown();
            who = shown == null ? new Identity(user, group.get(), "", "", "")
                    : new Identity(user, group.get(), shown.subject(), shown.serialHex(), shown.issuer());
            how = LoginPolicy.PASSWORD;
        }
        Identity identity = who;
        CompletableFuture<AuthOutcome> decided;
        try {
            decided = CompletableFuture.supplyAsync(() -> {
                TokenPasswords.Check c = passwords.check(identity.user(), password, Optional.of(w.challenge()));
                return c.accepted() ? new AuthOutcome.Authenticated(identity.withPassword(how, c.serial()))
                        : new AuthOutcome.Refused("user '" + identity.user() + "': " + c.reason());
            }, executor);
        } catch (RejectedExecutionException e) {
            return new AuthOutcome.Refused("too many dynamic passwords are being checked at once; the login was not "
                    + "tried");
        }
        return new AuthOutcome.Deferred(decided);
    }

    /** The group the client asked for: {@code --authgroup} (group-select), else the URL path, else {@code before}. */
    private static String asked(AuthAttempt a, String before) {
        if (!a.message().groupSelect().isEmpty()) {
            return a.message().groupSelect();
        }
        return a.pathGroup().orElse(before);
    }

    private Optional<String> groupOfPasswordUser(String user, String asked) {
        String group = userGroups.get(user);
        if (group == null) {
            group = asked.isEmpty() ? defaultGroup.orElse(null) : asked;
        }
        if (group == null || (!asked.isEmpty() && !asked.equals(group)) || policyOf(group) != LoginPolicy.PASSWORD
                || policies.find(group).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(group);
    }

    private String refusalOfGroup(String user, String asked) {
        String group = userGroups.getOrDefault(user, asked.isEmpty() ? defaultGroup.orElse("") : asked);
        if (group.isEmpty()) {
            return "user '" + user + "' has no group: no clients.users entry, no group asked for, no default group";
        }
        if (!asked.isEmpty() && !asked.equals(group)) {
            return "user '" + user + "' asked for group '" + PeerText.printable(asked) + "' but belongs to '" + group
                    + "'";
        }
        if (policies.find(group).isEmpty()) {
            return "user '" + user + "' maps to group '" + PeerText.printable(group) + "', which is not configured";
        }
        return "user '" + user + "' belongs to group '" + group + "', whose login is " + policyOf(group).configName()
                + ", not a password alone";
    }

    private LoginPolicy policyOf(String group) {
        return policies.find(group).map(GroupPolicy::login).orElse(LoginPolicy.CERTIFICATE);
    }
}
