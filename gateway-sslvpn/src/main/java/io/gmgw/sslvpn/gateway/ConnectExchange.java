package io.gmgw.sslvpn.gateway;

import io.gmgw.gateway.GatewayException;
import io.netty.handler.codec.http.FullHttpRequest;
import java.net.Inet6Address;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code CONNECT /CSCOSSLC/tunnel} on one connection (cstp.md §3, §4): claims the login the {@code webvpn} cookie
 * names for this client certificate, with an address lease; settles the tunnel's addresses, MTU and remaining session
 * time (a reconnect gets what the first CONNECT got, §9); opens the data path; answers with the X-CSTP headers and
 * hands the channel to the {@link CstpTunnelHandler}. Every refusal is a 401 or 503 that says why, and undoes what the
 * CONNECT took.
 */
final class ConnectExchange {
    private static final Logger LOG = LoggerFactory.getLogger("cstp");

    private final Gateway gateway;
    private final HttpConnection connection;

    ConnectExchange(Gateway gateway, HttpConnection connection) {
        this.gateway = gateway;
        this.connection = connection;
    }

    void handle(FullHttpRequest request) {
        String identityKey = connection.session().peerIdentity().map(Identity::keyOf).orElse("");
        Optional<String> cookie = RequestCookies.find(request, "webvpn");
        CstpTunnelHandler tunnel = new CstpTunnelHandler(gateway, gateway.newSessionId(), connection.session(),
                connection.remoteAddress());
        CookieStore.Claim claim;
        Identity[] leasing = new Identity[1];
        try {
            claim = gateway.cookies.claim(cookie.orElse(null), identityKey, tunnel, gateway.now(),
                    gateway::maxSessionsPerUser, id -> {
                        leasing[0] = id;
                        return gateway.leases.lease(id.key(), id.group(), tunnel.id());
                    });
        } catch (RuntimeException e) {
            // Only the pool throws inside claim; the store changed nothing.
            Identity who = leasing[0];
            String why;
            if (e instanceof GatewayException g && g.kind() == GatewayException.Kind.RESOURCE && who != null) {
                LOG.error("cstp: session {} of '{}': {}", tunnel.id(), who.user(), e.getMessage());
                gateway.audit.poolExhausted(who, e.getMessage());
                why = "no free address in the pool of group '" + who.group() + "'";
            } else {
                why = failure("taking an address", who, tunnel, e);
            }
            LOG.warn("cstp: {} session {} refused: {}", connection.peer(), tunnel.id(), why);
            if (who != null) {
                gateway.audit.sessionRefused(who, tunnel.id(), why);
            }
            connection.replyAndClose(HttpReplies.unavailable(PeerText.printable(why, 200)));
            return;
        }
        switch (claim) {
            case CookieStore.Claim.Refused no -> {
                LOG.warn("cstp: {} CONNECT refused: {} (cookie {})", connection.peer(), no.refusal().text(),
                        no.cookieId());
                gateway.audit.cookieRefused(connection.source(), connection.session(), no.refusal(), no.cookieId());
                if (no.refusal() == CookieStore.Refusal.OTHER_IDENTITY) {
                    // Someone else's cookie is a stolen one: it counts like a failed login.
                    gateway.penalize(connection.source(), gateway.settings.banPointsFailedLogin());
                }
                connection.replyAndClose(HttpReplies.closing(HttpReplies.COOKIE_NOT_ACCEPTABLE, ""));
            }
            case CookieStore.Claim.Busy busy -> {
                LOG.warn("cstp: {} CONNECT refused: another CONNECT with cookie {} is being opened",
                        connection.peer(), busy.cookieId());
                connection.replyAndClose(HttpReplies.unavailable(
                        "another tunnel request with this cookie is in progress"));
            }
            case CookieStore.Claim.TooMany many -> {
                LOG.warn("cstp: {} session {} refused: {}", connection.peer(), tunnel.id(), many.reason());
                gateway.audit.sessionRefused(many.identity(), tunnel.id(), many.reason());
                connection.replyAndClose(HttpReplies.unavailable(many.reason()));
            }
            case CookieStore.Claim.Accepted ok -> open(request, tunnel, ok);
        }
    }

    /** The cookie and a lease are claimed: settles the tunnel's parameters, answers and hands the channel over. */
    private void open(FullHttpRequest request, CstpTunnelHandler tunnel, CookieStore.Claim.Accepted ok) {
        CookieStore.Login login = ok.login();
        Identity identity = login.identity();
        Lease lease = ok.lease();
        if (gateway.policies.find(identity.group()).isEmpty()) {
            refuse(tunnel, ok, "group '" + identity.group() + "' is no longer configured");
            return;
        }
        GroupPolicy policy = gateway.policies.find(identity.group()).get();
        ConnectRequest req = ConnectRequest.of(request.headers());
        TunnelMtu mtu = TunnelMtu.of(gateway.settings.linkMtu(), req, connection.pathMtu(),
                connection.source() instanceof Inet6Address);
        boolean offerIpv6;
        if (ok.settled().isPresent()) {
            // A reconnect gets what the first CONNECT got: openconnect aborts when the addresses change (§9).
            offerIpv6 = ok.settled().get().ipv6();
            if (offerIpv6) {
                mtu = mtu.withIpv6Floor();
            }
        } else {
            offerIpv6 = req.ipv6() && mtu.carriesIpv6() && lease.ipv6().isPresent();
        }
        if (lease.ipv4().isEmpty() && !offerIpv6) {
            // openconnect aborts on a reply without any address (§4): say why instead.
            refuse(tunnel, ok, "group '" + identity.group() + "' has IPv6 addresses only"
                    + " and this client does not take IPv6 (or its tunnel MTU " + mtu.tunnel() + " is below 1280)");
            return;
        }
        long now = gateway.now();
        // The session timeout runs from the login's first CONNECT: a reconnect gets what is left (claim refused one
        // with nothing left as expired).
        long sessionStart = ok.settled().map(CookieStore.Settled::started).orElse(now);
        long sessionNanos = gateway.settings.sessionTimeout().toNanos();
        Optional<Duration> remaining = sessionNanos == 0 ? Optional.empty()
                : Optional.of(Duration.ofNanos(Math.max(0, sessionNanos - (now - sessionStart))));
        tunnel.bind(identity, login, lease, offerIpv6, sessionStart, policy, mtu);
        try {
            tunnel.openDataPath();
        } catch (RuntimeException e) {
            refuse(tunnel, ok, failure("routing the tunnel's addresses", identity, tunnel, e));
            return;
        }
        ConnectReply.Tunnel reply = new ConnectReply.Tunnel(lease, offerIpv6, mtu, policy, remaining);
        connection.reply(ConnectReply.response(reply, gateway.settings));
        // Only now, with this CONNECT accepted, does a tunnel still holding the cookie end (a refused reconnect
        // leaves it working).
        Object previous = gateway.cookies.commit(login, tunnel, new CookieStore.Settled(offerIpv6, sessionStart));
        connection.handOver(tunnel, mtu);
        if (previous instanceof CstpTunnelHandler old) {
            old.close(EndReason.REPLACED, "a reconnect with the same cookie took over");
        }
    }

    /** A failure inside the gateway while opening a tunnel: logged with its cause, answered with a short reason. */
    private static String failure(String step, Identity identity, CstpTunnelHandler tunnel, RuntimeException e) {
        LOG.error("cstp: session {} of '{}': {} failed", tunnel.id(), identity == null ? "-" : identity.user(), step,
                e);
        return step + " failed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }

    /**
     * Refuses the CONNECT with 503 and undoes all it took: the data path registration, the cookie claim, and an
     * address lease taken for this CONNECT (one the cookie had before stays with it, for reconnects).
     */
    private void refuse(CstpTunnelHandler tunnel, CookieStore.Claim.Accepted claim, String refusal) {
        Identity identity = claim.login().identity();
        LOG.warn("cstp: {} session {} of '{}' refused: {}", connection.peer(), tunnel.id(), identity.user(), refusal);
        gateway.audit.sessionRefused(identity, tunnel.id(), refusal);
        tunnel.abandon();
        gateway.releaseLease(gateway.cookies.abandon(claim.login(), tunnel, !claim.newLease(), gateway.now()));
        connection.replyAndClose(HttpReplies.unavailable(PeerText.printable(refusal, 200)));
    }
}
