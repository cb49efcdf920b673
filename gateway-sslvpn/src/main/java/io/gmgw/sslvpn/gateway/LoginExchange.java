package io.gmgw.sslvpn.gateway;

import io.gmgw.gateway.GatewayException;
import io.gmgw.sslvpn.cstp.auth.AuthXmlException;
import io.gmgw.sslvpn.cstp.auth.ConfigAuthRequest;
import io.gmgw.sslvpn.cstp.auth.ConfigAuthWriter;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The XML auth exchange on one connection (cstp.md §2): a {@code config-auth} POST goes to the {@link Authenticator},
 * and the answer is a form to fill in (keep-alive, its context in the {@code webvpncontext} cookie), the complete reply
 * with a new {@code webvpn} login cookie, or 401 and close; a refused login costs the source ban points, as in ocserv.
 */
final class LoginExchange {
    private static final Logger LOG = LoggerFactory.getLogger("cstp");

    private final Gateway gateway;
    private final HttpConnection connection;

    LoginExchange(Gateway gateway, HttpConnection connection) {
        this.gateway = gateway;
        this.connection = connection;
    }

    /** A login POST to {@code path}; {@code pathGroup} is the configured group the path names, if it names one. */
    void handle(FullHttpRequest request, String path, Optional<String> pathGroup) {
        ConfigAuthRequest message;
        try {
            message = gateway.authParser.parse(ByteBufUtil.getBytes(request.content()));
        } catch (AuthXmlException e) {
            LOG.warn("cstp: {} closed: {}", connection.peer(), e.getMessage());
            connection.replyAndClose(HttpReplies.closing(HttpResponseStatus.BAD_REQUEST, "bad login request"));
            return;
        }
        Optional<String> context = RequestCookies.find(request, "webvpncontext");
        AuthOutcome outcome;
        try {
            outcome = gateway.authenticator.authenticate(new AuthAttempt(connection.source(), connection.session(),
                    path, pathGroup, message, context));
        } catch (RuntimeException e) {
            LOG.error("cstp: {} login failed inside the authenticator", connection.peer(), e);
            outcome = new AuthOutcome.Refused("authenticator failed: " + e.getMessage());
        }
        answer(outcome, context.isPresent());
    }

    private void answer(AuthOutcome outcome, boolean hadContext) {
        switch (outcome) {
            case AuthOutcome.Authenticated ok -> complete(ok.identity(), hadContext);
            case AuthOutcome.Challenge c -> {
                FullHttpResponse r = HttpReplies.xml(ConfigAuthWriter.authRequest(c.form()));
                r.headers().add(HttpHeaderNames.SET_COOKIE, "webvpncontext=" + c.context() + "; Secure; HttpOnly");
                connection.reply(r);
            }
            case AuthOutcome.Deferred later -> connection.resumeWhen(later.result(), (decided, failure) -> {
                if (failure != null) {
                    LOG.error("cstp: {} login failed inside the authenticator", connection.peer(), failure);
                }
                answer(decided != null ? decided : new AuthOutcome.Refused("authenticator failed: "
                        + (failure == null ? "no outcome" : failure.getMessage())), hadContext);
            });
            case AuthOutcome.Refused no -> {
                // The reason can quote what the client sent (a group name): filtered, or a CR/LF forges log lines.
                LOG.warn("cstp: {} login refused: {}", connection.peer(), PeerText.printable(no.reason(), 512));
                gateway.audit.loginFailed(connection.source(), connection.session(), no.reason());
                gateway.penalize(connection.source(), gateway.settings.banPointsFailedLogin());
                // ocserv answers 401 and closes the connection (§2.3).
                connection.replyAndClose(HttpReplies.closing(HttpResponseStatus.UNAUTHORIZED, "login failed"));
            }
        }
    }

    /** What proved the login, for its log line. */
    private static String proof(Identity id) {
        String certificate = "certificate serial " + id.serialHex();
        String token = "the dynamic password of token " + id.token();
        return switch (id.login()) {
            case CERTIFICATE -> certificate;
            case PASSWORD -> token;
            case CERTIFICATE_AND_PASSWORD -> certificate + " and " + token;
        };
    }

    /** The login succeeded: a new cookie, both as Set-Cookie and in the complete reply. */
    private void complete(Identity identity, boolean hadContext) {
        List<CookieStore.Login> expired = new ArrayList<>();
        CookieStore.Login login;
        try {
            login = gateway.cookies.issue(identity, gateway.now(), expired);
        } catch (GatewayException e) {
            LOG.error("cstp: {} login of '{}' refused: {}", connection.peer(), identity.user(), e.getMessage());
            gateway.audit.loginFailed(connection.source(), connection.session(), e.getMessage());
            connection.replyAndClose(HttpReplies.unavailable("the gateway is busy, try again later"));
            return;
        } finally {
            expired.forEach(l -> gateway.releaseLease(gateway.cookies.takeLease(l)));
        }
        String cookie = CookieStore.valueOf(login);
        LOG.info("cstp: {} user '{}' group '{}' logged in with {} (cookie {})", connection.peer(), identity.user(),
                identity.group(), proof(identity), login.id());
        gateway.audit.loginOk(connection.source(), connection.session(), identity, login.id());
        // Both carriers of the cookie, same value: Set-Cookie (ocserv style) and <session-token> (Cisco style), §2.4.
        FullHttpResponse r = HttpReplies.xml(ConfigAuthWriter.complete(cookie, "Welcome, " + identity.user()));
        r.headers().add(HttpHeaderNames.SET_COOKIE, "webvpn=" + cookie + "; Secure; HttpOnly");
        if (hadContext) {
            r.headers().add(HttpHeaderNames.SET_COOKIE, "webvpncontext=; Max-Age=0; Secure; HttpOnly");
        }
        connection.reply(r);
    }
}
