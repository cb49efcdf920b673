package io.gmgw.sslvpn.client;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Promise;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The XML login (cstp.md §2), one exchange per secure connection: {@code init} to the URL's path, then the answer to
 * each form to the form's action, every cookie so far sent back, until {@code complete} brings the session cookie
 * ({@code Set-Cookie: webvpn} or {@code <session-token>}, §2.4). Runs on the client's event loop.
 */
final class Login {
    /** Login forms answered in one login, at most (ocserv asks two or three; a loop is a gateway fault). */
    static final int MAX_AUTH_ROUNDS = 8;

    /** Opens a secure connection for an application handler; returns its channel, or null. */
    @FunctionalInterface
    interface Opener {
        Channel open(ChannelHandler application, Consumer<Throwable> onConnectFailure);
    }

    private final VpnClient.Settings settings;
    private final Opener opener;
    private final EventLoop loop;
    private final VpnClient.Progress progress;
    private final CookieJar cookies = new CookieJar();
    private final CompletableFuture<String> result = new CompletableFuture<>();
    private Channel pending;
    private int authRounds;

    Login(VpnClient.Settings settings, Opener opener, EventLoop loop, VpnClient.Progress progress) {
        this.settings = settings;
        this.opener = opener;
        this.loop = loop;
        this.progress = progress;
    }

    /** Starts the login; completes with the session cookie, or fails with a {@link VpnClientException}. */
    CompletableFuture<String> start() {
        post(settings.url().path(), AuthXml.init(settings.profile(), settings.url(),
                settings.groupSelect().orElse(null)));
        return result;
    }

    /** Stops the login: the connection in use is closed, the result fails. */
    void cancel() {
        if (pending != null) {
            pending.close();
        }
        result.completeExceptionally(new VpnClientException(VpnClientException.Kind.NETWORK, "login cancelled"));
    }

    private void fail(VpnClientException e) {
        result.completeExceptionally(e);
    }

    private void post(String path, String xml) {
        Promise<HttpExchange.Response> reply = loop.newPromise();
        ChannelHandler app = HttpExchange.pipeline(HttpMessages.authPost(settings.profile(), settings.url(), path, xml,
                cookies), reply, settings.replyTimeout());
        pending = opener.open(app, reply::tryFailure);
        reply.addListener(f -> {
            pending = null;
            if (result.isDone()) {
                return;
            }
            if (f.isSuccess()) {
                authReply(reply.getNow());
            } else {
                fail(VpnClient.asClientException(f.cause()));
            }
        });
    }

    private void authReply(HttpExchange.Response r) {
        cookies.update(r.headers());
        switch (r.status()) {
            case 200 -> { }
            case 401, 403 -> {
                fail(new VpnClientException(VpnClientException.Kind.AUTH_REFUSED, "the gateway refused the login "
                        + "(HTTP " + r.status() + " " + Failures.printable(r.reason()) + "): check that your "
                        + "certificate is issued by a CA the gateway trusts, is not revoked, and names a known user"
                        + (authRounds > 0 ? ", and that the password given was the one your token shows now (each "
                        + "is accepted once; too many wrong ones lock the token)" : "")));
                return;
            }
            case 503 -> {
                String why = r.headers().get("X-Reason");
                fail(new VpnClientException(VpnClientException.Kind.SERVER_UNAVAILABLE, "the gateway cannot take "
                        + "logins now (HTTP 503" + (why == null ? "" : ": " + Failures.printable(why)) + ")"));
                return;
            }
            default -> {
                fail(new VpnClientException(VpnClientException.Kind.PROTOCOL, "the gateway answered the login with "
                        + "HTTP " + r.status() + " " + Failures.printable(r.reason()) + " (redirects are not "
                        + "followed); is " + settings.url() + " an OpenConnect/AnyConnect gateway?"));
                return;
            }
        }
        AuthXml.Reply reply;
        try {
            reply = AuthXml.parse(r.body());
        } catch (VpnClientException e) {
            fail(e);
            return;
        }
        switch (reply) {
            case AuthXml.Complete c -> {
                c.sessionToken().ifPresent(cookies::setSession); // §2.4: the token is the webvpn cookie
                Optional<String> session = cookies.session();
                if (session.isEmpty()) {
                    fail(new VpnClientException(VpnClientException.Kind.PROTOCOL, "the gateway said the login is "
                            + "complete but sent no session cookie (Set-Cookie: webvpn=... or <session-token>)"));
                    return;
                }
                progress.line("logged in to " + settings.url() + (c.message().isEmpty() ? ""
                        : ": " + Failures.printable(c.message())));
                result.complete(session.get());
            }
            case AuthXml.FormRequest fr -> form(fr.form());
        }
    }

    private void form(AuthForm form) {
        if (++authRounds > MAX_AUTH_ROUNDS) {
            fail(new VpnClientException(VpnClientException.Kind.AUTH_REFUSED, "the gateway kept asking for forms ("
                    + MAX_AUTH_ROUNDS + " answered); giving up"));
            return;
        }
        Optional<Map<String, String>> answers;
        try {
            answers = settings.answerer().answer(form);
        } catch (RuntimeException e) {
            fail(new VpnClientException(VpnClientException.Kind.AUTH_REFUSED, "cannot answer the login form '"
                    + form.id() + "': " + e.getMessage(), e));
            return;
        }
        if (answers.isEmpty()) {
            String fields = String.join(", ", form.visibleInputs().stream().map(i -> i.name()
                    + (i.isPassword() ? " (secret)" : "")).toList());
            fail(new VpnClientException(VpnClientException.Kind.AUTH_REFUSED, "the gateway asks for the login form '"
                    + form.id() + "'" + (form.error().isEmpty() ? "" : " (error: " + Failures.printable(
                    form.error()) + ")") + (form.message().isEmpty() ? "" : " (\"" + Failures.printable(
                    form.message()) + "\")") + " with fields [" + fields + "] and nothing here answers it: "
                    + "certificate login needs no form, so check that the certificate is accepted and its group "
                    + "is known"));
            return;
        }
        String group = answers.get().getOrDefault("group_list", settings.groupSelect().orElse(null));
        post(form.action(), AuthXml.authReply(settings.profile(), form, answers.get(), group));
    }
}
