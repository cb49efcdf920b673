package io.gmgw.sslvpn.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.sslvpn.cstp.auth.AuthForm;
import io.gmgw.sslvpn.cstp.auth.ConfigAuthRequest;
import io.gmgw.sslvpn.gateway.GatewayHarness.Conn;
import io.gmgw.sslvpn.gateway.GatewayHarness.Reply;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The form path the dynamic-token step will use (cstp.md §2.3, §2.5, §2.6): an authenticator answers the init with an
 * auth-request form and a {@code webvpncontext} cookie; openconnect's auth-reply comes back on a new connection with
 * that cookie and completes the login.
 */
class FormLoginTest {
    /** Certificate first, then a code: the shape of a second factor, with a fixed code for the test. */
    private static final class CodeStep implements Authenticator {
        private final Authenticator certificate;
        private Identity pending;

        CodeStep(Authenticator certificate) {
            this.certificate = certificate;
        }

        @Override
        public AuthOutcome authenticate(AuthAttempt a) {
            if (a.message().type() == ConfigAuthRequest.Type.INIT) {
                AuthOutcome first = certificate.authenticate(a);
                if (!(first instanceof AuthOutcome.Authenticated ok)) {
                    return first;
                }
                pending = ok.identity();
                return new AuthOutcome.Challenge(new AuthForm("otp-verification", "Enter the code", "", "/auth",
                        List.of(new AuthForm.Input("password", "secondary_password", "Code:", "")), List.of()),
                        "ctx-1");
            }
            if (a.context().equals(Optional.of("ctx-1")) && "123456".equals(a.message().answers()
                    .get("secondary_password"))) {
                return new AuthOutcome.Authenticated(pending);
            }
            return new AuthOutcome.Refused("wrong code");
        }
    }

    @Test
    void aFormStepCarriesItsStateInACookieAcrossConnections() {
        GatewaySettings settings = GatewaySettings.builder().build();
        GatewayHarness base = new GatewayHarness(settings, new TestPool(8, true),
                policies -> new CodeStep(new CertificateAuthenticator(new IdentityMapper(settings), policies)));

        Conn first = base.connect("198.51.100.7", GatewayExchangeTest.ALICE);
        first.send(GatewayHarness.init("/", null));
        Reply form = first.reply();
        assertEquals(200, form.status());
        assertTrue(form.body().contains("type=\"auth-request\""), form.body());
        assertTrue(form.body().contains("<auth id=\"otp-verification\">"), form.body());
        assertTrue(form.body().contains("name=\"secondary_password\""), form.body());
        assertEquals("ctx-1", form.cookie("webvpncontext"));
        assertEquals(null, form.cookie("webvpn"));
        first.finishAndReleaseAll();

        Conn second = base.connect("198.51.100.7", GatewayExchangeTest.ALICE);
        String reply = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><config-auth client=\"vpn\" type=\"auth-reply\">"
                + "<version who=\"vpn\">v9.01</version><device-id>linux-64</device-id><auth>"
                + "<secondary_password>123456</secondary_password></auth></config-auth>";
        second.send(GatewayHarness.post("/auth", reply).replace("Content-Type:",
                "Cookie: webvpncontext=ctx-1\r\nContent-Type:"));
        Reply done = second.reply();
        assertEquals(200, done.status());
        assertNotNull(done.cookie("webvpn"));
        assertTrue(done.all("Set-Cookie").contains("webvpncontext=; Max-Age=0; Secure; HttpOnly"), done::toString);
        second.finishAndReleaseAll();

        Conn tunnel = GatewayExchangeTest.tunnel(base, GatewayExchangeTest.ALICE, done.cookie("webvpn"));
        assertEquals("HTTP/1.1 200 CONNECTED", tunnel.reply().statusLine());
        tunnel.finishAndReleaseAll();
    }

    @Test
    void aWrongAnswerIsAFailedLogin() {
        GatewaySettings settings = GatewaySettings.builder().build();
        GatewayHarness h = new GatewayHarness(settings, new TestPool(8, true),
                policies -> new CodeStep(new CertificateAuthenticator(new IdentityMapper(settings), policies)));
        Conn c = h.connect("198.51.100.7", GatewayExchangeTest.ALICE);
        c.send(GatewayHarness.post("/auth", "<config-auth type=\"auth-reply\"><auth><secondary_password>000000"
                + "</secondary_password></auth></config-auth>"));
        Reply r = c.reply();
        assertEquals(401, r.status());
        assertEquals("wrong code", h.auditSink.of("sslvpn.login").getFirst().reason());
        c.finishAndReleaseAll();
    }

    @Test
    void aContextThatCouldBreakTheCookieHeaderIsRefused() {
        AuthForm form = new AuthForm("x", "", "", "/auth", List.of(), List.of());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new AuthOutcome.Challenge(form, "a; Domain=evil"));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new AuthOutcome.Challenge(form, ""));
        assertEquals("Ab_-9", new AuthOutcome.Challenge(form, "Ab_-9").context());
    }
}
