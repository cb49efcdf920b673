package io.gmgw.sslvpn.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.audit.Actor;
import io.gmgw.audit.Audit;
import io.gmgw.audit.AuditEvent;
import io.gmgw.audit.Outcome;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.crypto.otp.DynamicPasswords;
import io.gmgw.crypto.otp.OtpAlgorithm;
import io.gmgw.crypto.otp.OtpProfile;
import io.gmgw.gateway.otp.OtpLogins;
import io.gmgw.gateway.otp.OtpPolicy;
import io.gmgw.gateway.otp.OtpVerifier;
import io.gmgw.gateway.otp.store.Sm4SeedKey;
import io.gmgw.gateway.otp.store.TokenStore;
import io.gmgw.gateway.policy.LoginPolicy;
import io.gmgw.sslvpn.gateway.GatewayHarness.Conn;
import io.gmgw.sslvpn.gateway.GatewayHarness.Reply;
import io.gmgw.sslvpn.gateway.login.PolicyAuthenticator;
import io.gmgw.sslvpn.gateway.login.StoredTokenPasswords;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The group login policies over the XML auth exchange (issue 16), with the real token store, seed key and verifier
 * on a fixed clock: certificate alone (one round trip), certificate then the dynamic password by form, the user name
 * and dynamic password by form without a certificate; and each failure (wrong, replayed, locked, no token, an
 * expired or foreign form) answered like any failed login: 401, ban points, the sslvpn.login failure record (and
 * otp.verify where a token was tried).
 */
class OtpLoginTest {
    private static final CryptoModule MODULE = TestModules.deterministic("otp-login");
    private static final DynamicPasswords PASSWORDS = new DynamicPasswords(MODULE.sm3(), MODULE.sm4());
    private static final OtpProfile PROFILE = OtpProfile.timeBased(OtpAlgorithm.SM3);
    private static final byte[] ALICE_SEED = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");
    private static final byte[] BOB_SEED = HexFormat.of().parseHex("ffeeddccbbaa99887766554433221100");
    /** The gateway's clock: 5 s into time step {@value #STEP} of 60 s. */
    private static final long STEP = 29_000_000L;
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(STEP * 60 + 5), ZoneOffset.UTC);
    static final X509CertificateHolder CAROL = TestCertificates.issue("CN=carol,OU=staff,O=gmgw test", 0x1003);
    static final X509CertificateHolder DAVE = TestCertificates.issue("CN=dave,OU=staff,O=gmgw test", 0x1005);
    /** Dave's token computes its password from the time and a challenge (GB/T 38556 T and Q). */
    private static final OtpProfile CHALLENGE = new OtpProfile(OtpAlgorithm.SM3, java.util.EnumSet.of(
            io.gmgw.crypto.otp.OtpFactor.TIME, io.gmgw.crypto.otp.OtpFactor.CHALLENGE), 6, 60, 0,
            io.gmgw.crypto.otp.IdLayout.OMIT_ABSENT);
    private static final byte[] DAVE_SEED = HexFormat.of().parseHex("0f1e2d3c4b5a69788796a5b4c3d2e1f0");
    static final X509CertificateHolder OLIVER = TestCertificates.issue("CN=oliver,OU=ops,O=gmgw test", 0x1004);

    @TempDir
    Path tmp;

    private GatewayHarness h;
    /** Where password checks run: at once, unless a test holds them here. */
    private final java.util.ArrayDeque<Runnable> held = new java.util.ArrayDeque<>();
    private boolean hold;

    @BeforeEach
    void gateway() throws Exception {
        GatewaySettings settings = GatewaySettings.builder().userGroups(Map.of("bob", "kiosk")).build();
        RecordingAuditSink sink = new RecordingAuditSink();
        Audit audit = new Audit(sink, CLOCK, new Actor("gmgw", 0, "gw1", 1, "gmgw sslvpn"), Map.of());
        TokenStore store = TokenStore.open(tmp.resolve("tokens"), Sm4SeedKey.generate(MODULE,
                tmp.resolve("seed.key")), audit);
        store.add("GM0001", PROFILE, ALICE_SEED.clone(), Optional.of("alice"), 0, "test");
        store.add("GM0002", PROFILE, BOB_SEED.clone(), Optional.of("bob"), 0, "test");
        store.add("GM0003", CHALLENGE, DAVE_SEED.clone(), Optional.of("dave"), 0, "test");
        StoredTokenPasswords tokens = new StoredTokenPasswords(store, new OtpLogins(new OtpVerifier(PASSWORDS,
                OtpPolicy.DEFAULT), store, audit, CLOCK));
        Map<String, GroupPolicy> groups = Map.of("staff", new LoginGroup("staff",
                LoginPolicy.CERTIFICATE_AND_PASSWORD), "kiosk", new LoginGroup("kiosk", LoginPolicy.PASSWORD), "ops",
                new LoginGroup("ops", LoginPolicy.CERTIFICATE));
        h = new GatewayHarness(settings, new TestPool(8, true), groups, (policies, ticker) -> new PolicyAuthenticator(
                new CertificateAuthenticator(new IdentityMapper(settings), policies), policies, settings.userGroups(),
                Optional.empty(), true, new PolicyAuthenticator.Forms(new SecureRandom(), Duration.ofMinutes(4), 16),
                tokens, task -> {
                    if (hold) {
                        held.add(task);
                    } else {
                        task.run();
                    }
                }, ticker));
        // the token side's records (otp.verify, otp.lock) go to the harness's sink, beside the gateway's
        sink.events.clear();
        h.auditSink.events.clear();
        this.tokenAudit = sink;
    }

    private RecordingAuditSink tokenAudit;

    private static String password(byte[] seed, long step) {
        return PASSWORDS.password(PROFILE, seed, PROFILE.factors(step, 0, Optional.empty()));
    }

    /** openconnect's init from {@code cert} (null: none): the form and its context. */
    private Reply init(X509CertificateHolder cert, String path) {
        Conn c = h.connect("198.51.100.7", cert);
        c.send(GatewayHarness.init(path, null));
        Reply r = c.reply();
        c.finishAndReleaseAll();
        return r;
    }

    /** openconnect's auth-reply on a new connection (§2.5) with the form's answers. */
    private Reply answer(X509CertificateHolder cert, String context, String answers) {
        Conn c = h.connect("198.51.100.7", cert);
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><config-auth client=\"vpn\" type=\"auth-reply\">"
                + "<version who=\"vpn\">v9.01</version><device-id>linux-64</device-id><auth>" + answers
                + "</auth></config-auth>";
        c.send(GatewayHarness.post("/auth", xml).replace("Content-Type:", "Cookie: webvpncontext=" + context
                + "\r\nContent-Type:"));
        c.runPendingTasks(); // the password check's outcome comes back to the event loop as a task
        Reply r = c.reply();
        c.finishAndReleaseAll();
        return r;
    }

    private Reply loginWith(X509CertificateHolder cert, String pass) {
        Reply form = init(cert, "/");
        assertEquals(200, form.status(), form::toString);
        return answer(cert, form.cookie("webvpncontext"), "<password>" + pass + "</password>");
    }

    private int score() {
        return h.gateway.bans.score(TestPool.addr("198.51.100.7"), h.gateway.now());
    }

    private AuditEvent lastLogin() {
        List<AuditEvent> logins = h.auditSink.of("sslvpn.login");
        return logins.getLast();
    }

    @Test
    void certificateAndPasswordAskTheCodeByFormThenIssueACookieTheTunnelAccepts() {
        Reply form = init(GatewayExchangeTest.ALICE, "/");
        assertEquals(200, form.status());
        assertTrue(form.body().contains("type=\"auth-request\""), form.body());
        assertTrue(form.body().contains("<auth id=\"main\">"), form.body());
        assertTrue(form.body().contains("<form method=\"post\" action=\"/auth\">"), form.body());
        assertTrue(form.body().contains("<input type=\"password\" name=\"password\" label=\"Dynamic password:\""),
                form.body());
        assertFalse(form.body().contains("name=\"username\""), form.body());
        assertNull(form.cookie("webvpn"));
        assertTrue(h.auditSink.of("sslvpn.login").isEmpty(), "no login yet");

        Reply done = answer(GatewayExchangeTest.ALICE, form.cookie("webvpncontext"), "<password>"
                + password(ALICE_SEED, STEP) + "</password>");
        assertEquals(200, done.status(), done::toString);
        assertTrue(done.body().contains("<auth id=\"success\">"), done.body());
        String cookie = done.cookie("webvpn");
        assertNotNull(cookie);
        AuditEvent ok = lastLogin();
        assertEquals(Outcome.SUCCESS, ok.outcome());
        assertEquals("certificate+password", ok.details().get("login"));
        assertEquals("GM0001", ok.details().get("token"));
        assertEquals(Outcome.SUCCESS, tokenAudit.of("otp.verify").getLast().outcome());

        Conn tunnel = GatewayExchangeTest.tunnel(h, GatewayExchangeTest.ALICE, cookie);
        assertEquals("HTTP/1.1 200 CONNECTED", tunnel.reply().statusLine());
        tunnel.finishAndReleaseAll();
    }

    /** The challenge a form shows in its message. */
    private static String challengeOf(Reply form) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("key in (\\d{8})\\.").matcher(form.body());
        assertTrue(m.find(), form.body());
        return m.group(1);
    }

    private static String challengePassword(String challenge) {
        return PASSWORDS.password(CHALLENGE, DAVE_SEED, CHALLENGE.factors(STEP, 0, Optional.of(challenge)));
    }

    @Test
    void aChallengeTokenAnswersTheFreshChallengeItsFormShowedOnce() {
        Reply form = init(DAVE, "/");
        assertEquals(200, form.status(), form::toString);
        String q = challengeOf(form);
        Reply done = answer(DAVE, form.cookie("webvpncontext"), "<password>" + challengePassword(q) + "</password>");
        assertEquals(200, done.status(), done::toString);
        assertEquals("GM0003", lastLogin().details().get("token"));
        assertEquals(Outcome.SUCCESS, tokenAudit.of("otp.verify").getLast().outcome());

        // the next login shows another challenge; the password for the spent one does not answer it
        Reply next = init(DAVE, "/");
        String q2 = challengeOf(next);
        assertFalse(q.equals(q2), "a fresh challenge per login");
        Reply refused = answer(DAVE, next.cookie("webvpncontext"), "<password>" + challengePassword(q)
                + "</password>");
        assertEquals(401, refused.status(), refused::toString);
        assertEquals("user 'dave': dynamic password of token GM0003 refused: wrong", lastLogin().reason());
        // nor does a form's challenge answered on another login's form
        Reply third = init(DAVE, "/");
        assertEquals(401, answer(DAVE, third.cookie("webvpncontext"), "<password>" + challengePassword(q2)
                + "</password>").status());
    }

    @Test
    void aCertificateOnlyGroupStillLogsInInOneRoundTrip() {
        Reply r = init(OLIVER, "/");
        assertEquals(200, r.status());
        assertNotNull(r.cookie("webvpn"));
        assertEquals("certificate", lastLogin().details().get("login"));
        assertNull(lastLogin().details().get("token"));
        assertTrue(tokenAudit.of("otp.verify").isEmpty());
    }

    @Test
    void aWrongPasswordIsAFailedLoginWithBanPointsAndAuditRecords() {
        int before = score();
        Reply r = loginWith(GatewayExchangeTest.ALICE, "000000".equals(password(ALICE_SEED, STEP)) ? "111111"
                : "000000");
        assertEquals(401, r.status());
        assertNull(r.cookie("webvpn"));
        AuditEvent failed = lastLogin();
        assertEquals(Outcome.FAILURE, failed.outcome());
        assertEquals("user 'alice': dynamic password of token GM0001 refused: wrong", failed.reason());
        assertEquals(Outcome.FAILURE, tokenAudit.of("otp.verify").getLast().outcome());
        // two connections (1 point each) and the failed login (10)
        assertEquals(before + 2 + h.settings.banPointsFailedLogin(), score());
    }

    @Test
    void aReplayedPasswordIsRefusedEvenInsideTheWindow() {
        String pass = password(ALICE_SEED, STEP);
        assertEquals(200, loginWith(GatewayExchangeTest.ALICE, pass).status());
        Reply again = loginWith(GatewayExchangeTest.ALICE, pass);
        assertEquals(401, again.status());
        assertEquals("user 'alice': dynamic password of token GM0001 refused: replayed", lastLogin().reason());
    }

    @Test
    void theTokenLocksAfterMaxFailuresAndThenRefusesEvenTheRightPassword() {
        String right = password(ALICE_SEED, STEP);
        String wrong = right.equals("000000") ? "111111" : "000000";
        for (int i = 0; i < OtpPolicy.DEFAULT.maxFailures(); i++) {
            assertEquals(401, loginWith(GatewayExchangeTest.ALICE, wrong).status());
        }
        assertEquals("user 'alice': dynamic password of token GM0001 refused: locked out", lastLogin().reason());
        assertEquals(1, tokenAudit.of("otp.lock").size());
        assertEquals(401, loginWith(GatewayExchangeTest.ALICE, right).status());
        assertEquals("user 'alice': dynamic password of token GM0001 refused: locked", lastLogin().reason());
    }

    @Test
    void aUserWithoutATokenIsRefusedLikeAWrongPassword() {
        Reply r = loginWith(CAROL, "123456");
        assertEquals(401, r.status());
        assertEquals("user 'carol': user 'carol' has no dynamic token (gmgw otp assign)", lastLogin().reason());
        assertTrue(tokenAudit.of("otp.verify").isEmpty());
    }

    @Test
    void withoutACertificateTheFormAsksUserAndPasswordAndTheTunnelNeedsNoCertificate() {
        Reply form = init(null, "/");
        assertEquals(200, form.status());
        assertTrue(form.body().contains("<input type=\"text\" name=\"username\" label=\"Username:\""), form.body());
        assertTrue(form.body().contains("name=\"password\""), form.body());
        Reply done = answer(null, form.cookie("webvpncontext"), "<username>bob</username><password>"
                + password(BOB_SEED, STEP) + "</password>");
        assertEquals(200, done.status(), done::toString);
        AuditEvent ok = lastLogin();
        assertEquals("bob", ok.details().get("user"));
        assertEquals("kiosk", ok.details().get("group"));
        assertEquals("password", ok.details().get("login"));
        assertEquals("GM0002", ok.details().get("token"));
        assertNull(ok.subject(), "no certificate, no subject");
        Conn tunnel = GatewayExchangeTest.tunnel(h, null, done.cookie("webvpn"));
        assertEquals("HTTP/1.1 200 CONNECTED", tunnel.reply().statusLine());
        tunnel.finishAndReleaseAll();
    }

    @Test
    void aPasswordAloneDoesNotOpenAGroupThatAlsoNeedsTheCertificate() {
        Reply form = init(null, "/staff");
        Reply r = answer(null, form.cookie("webvpncontext"), "<username>alice</username><password>"
                + password(ALICE_SEED, STEP) + "</password>");
        assertEquals(401, r.status());
        assertEquals("user 'alice' belongs to group 'staff', whose login is certificate+password, not a password "
                + "alone", lastLogin().reason());
        assertTrue(tokenAudit.of("otp.verify").isEmpty(), "no password was tried");
    }

    @Test
    void aFormAnsweredWithAnotherCertificateLateOrTwiceIsRefused() {
        Reply form = init(GatewayExchangeTest.ALICE, "/");
        assertEquals(401, answer(CAROL, form.cookie("webvpncontext"), "<password>123456</password>").status());
        assertEquals("the login form was answered with another certificate than the one that asked for it",
                lastLogin().reason());
        // taken once: the same handle is now unknown
        assertEquals(401, answer(GatewayExchangeTest.ALICE, form.cookie("webvpncontext"), "<password>"
                + password(ALICE_SEED, STEP) + "</password>").status());
        assertEquals("the login form expired or is unknown (answer it within otp.form-timeout)", lastLogin().reason());

        Reply late = init(GatewayExchangeTest.ALICE, "/");
        h.advance(Duration.ofMinutes(4));
        assertEquals(401, answer(GatewayExchangeTest.ALICE, late.cookie("webvpncontext"), "<password>"
                + password(ALICE_SEED, STEP) + "</password>").status());
        assertEquals("the login form expired or is unknown (answer it within otp.form-timeout)", lastLogin().reason());
        assertTrue(tokenAudit.of("otp.verify").isEmpty(), "no password was tried");
    }

    @Test
    void anAnswerWithoutAFormInProgressIsRefused() {
        Conn c = h.connect("198.51.100.7", GatewayExchangeTest.ALICE);
        c.send(GatewayHarness.post("/auth", "<config-auth type=\"auth-reply\"><auth><password>123456</password>"
                + "</auth></config-auth>"));
        assertEquals(401, c.reply().status());
        assertEquals("a login form answer without a login in progress (no webvpncontext cookie)",
                lastLogin().reason());
        c.finishAndReleaseAll();
    }

    @Test
    void whileThePasswordIsCheckedTheConnectionTakesNoOtherRequest() {
        Reply form = init(GatewayExchangeTest.ALICE, "/");
        hold = true;
        Conn c = h.connect("198.51.100.7", GatewayExchangeTest.ALICE);
        String xml = "<config-auth client=\"vpn\" type=\"auth-reply\"><auth><password>" + password(ALICE_SEED, STEP)
                + "</password></auth></config-auth>";
        c.send(GatewayHarness.post("/auth", xml).replace("Content-Type:", "Cookie: webvpncontext="
                + form.cookie("webvpncontext") + "\r\nContent-Type:"));
        c.runPendingTasks();
        assertEquals(1, held.size(), "the check waits on its thread");
        assertFalse(c.config().isAutoRead(), "nothing more is read meanwhile");
        c.send(GatewayHarness.init("/", null)); // a pipelined request (openconnect never sends one)
        assertEquals(400, c.reply().status());
        held.poll().run();
        c.runPendingTasks();
        // the check still ends as it would have: the password is spent and the login recorded
        assertEquals(Outcome.SUCCESS, tokenAudit.of("otp.verify").getLast().outcome());
        assertEquals(Outcome.SUCCESS, lastLogin().outcome());
        c.finishAndReleaseAll();
    }
}
