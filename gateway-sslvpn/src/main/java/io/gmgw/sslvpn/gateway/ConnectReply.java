package io.gmgw.sslvpn.gateway;

import io.gmgw.gateway.ip.IpPrefix;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code HTTP/1.1 200 CONNECTED} reply that opens the tunnel (cstp.md §4): status line exactly as ocserv sends it
 * (openconnect compares its first 13 bytes), then the X-CSTP headers, each once except the list-valued ones, no body
 * and no Content-Length. No X-DTLS-* header (the gateway has no DTLS, so openconnect never tries it, §3) and no
 * X-CSTP-Content-Encoding (compression refused, §6).
 */
public final class ConnectReply {
    /** ocserv's status line: "HTTP/1.1 200 CONNECTED". */
    public static final HttpResponseStatus CONNECTED = new HttpResponseStatus(200, "CONNECTED");

    private ConnectReply() {
    }

    /**
     * What the reply carries besides the settings.
     *
     * @param sessionRemaining what is left of the login's session timeout (it runs from the first CONNECT through
     *                         every reconnect); empty when there is no session timeout
     */
    public record Tunnel(Lease lease, boolean offerIpv6, TunnelMtu mtu, GroupPolicy policy,
            Optional<java.time.Duration> sessionRemaining) {
        /** A first CONNECT's reply: the whole session timeout remains. */
        public Tunnel(Lease lease, boolean offerIpv6, TunnelMtu mtu, GroupPolicy policy) {
            this(lease, offerIpv6, mtu, policy, Optional.empty());
        }
    }

    /** The reply headers in the order they are sent. */
    public static List<Map.Entry<String, String>> headers(Tunnel t, GatewaySettings s) {
        List<Map.Entry<String, String>> h = new ArrayList<>();
        h.add(Map.entry("X-CSTP-Version", "1"));
        t.lease().ipv4().ifPresent(a -> {
            h.add(Map.entry("X-CSTP-Address", a.address().getHostAddress()));
            h.add(Map.entry("X-CSTP-Netmask", a.ipv4Netmask()));
        });
        Optional<IpPrefix> v6 = t.offerIpv6() ? t.lease().ipv6() : Optional.empty();
        v6.ifPresent(a -> h.add(Map.entry("X-CSTP-Address-IP6", a.toString())));
        for (InetAddress dns : t.policy().dns()) {
            if (dns instanceof java.net.Inet4Address || t.offerIpv6()) {
                h.add(Map.entry("X-CSTP-DNS", dns.getHostAddress()));
            }
        }
        if (!t.policy().defaultDomains().isEmpty()) {
            h.add(Map.entry("X-CSTP-Default-Domain", String.join(" ", t.policy().defaultDomains())));
        }
        for (IpPrefix route : t.policy().routes()) {
            if (route.isIpv4()) {
                h.add(Map.entry("X-CSTP-Split-Include", route.address().getHostAddress() + "/" + route.ipv4Netmask()));
            } else if (t.offerIpv6()) {
                h.add(Map.entry("X-CSTP-Split-Include-IP6", route.toString()));
            }
        }
        for (IpPrefix route : t.policy().excludeRoutes()) {
            if (route.isIpv4()) {
                h.add(Map.entry("X-CSTP-Split-Exclude", route.address().getHostAddress() + "/" + route.ipv4Netmask()));
            } else if (t.offerIpv6()) {
                h.add(Map.entry("X-CSTP-Split-Exclude-IP6", route.toString()));
            }
        }
        for (String domain : t.policy().splitDns()) {
            h.add(Map.entry("X-CSTP-Split-DNS", domain));
        }
        // ocserv forces all DNS through a full tunnel (no split routes), §4.
        h.add(Map.entry("X-CSTP-Tunnel-All-DNS",
                Boolean.toString(t.policy().tunnelAllDns() || t.policy().routes().isEmpty())));
        h.add(Map.entry("X-CSTP-Base-MTU", Integer.toString(t.mtu().link())));
        h.add(Map.entry("X-CSTP-MTU", Integer.toString(t.mtu().tunnel())));
        h.add(Map.entry("X-CSTP-Keepalive", Long.toString(s.keepalive().toSeconds())));
        h.add(Map.entry("X-CSTP-DPD", Long.toString(s.dpd().toSeconds())));
        h.add(Map.entry("X-CSTP-Idle-Timeout", secondsOrNone(s.idleTimeout())));
        h.add(Map.entry("X-CSTP-Session-Timeout", secondsOrNone(s.sessionTimeout())));
        // §4: what a reconnect has left; openconnect shows it as the session's expiry.
        h.add(Map.entry("X-CSTP-Session-Timeout-Remaining",
                secondsOrNone(t.sessionRemaining().map(r -> Duration.ofSeconds((r.toNanos() + 999_999_999L)
                        / 1_000_000_000L)).orElse(s.sessionTimeout()))));
        h.add(Map.entry("X-CSTP-Disconnected-Timeout", Long.toString(s.cookieTimeout().toSeconds())));
        // No TLS renegotiation (unverified among TLCP stacks, §8) and no forced reconnect.
        h.add(Map.entry("X-CSTP-Rekey-Method", "none"));
        h.add(Map.entry("X-CSTP-Smartcard-Removal-Disconnect", Boolean.toString(s.smartcardRemovalDisconnect())));
        String banner = t.policy().banner().orElse(s.banner()); // the group's, as ocserv's per-group config
        if (!banner.isEmpty()) {
            h.add(Map.entry("X-CSTP-Banner", percentEncode(banner)));
        }
        return h;
    }

    /** The full response; the caller writes it and then switches the channel to CSTP framing. */
    public static FullHttpResponse response(Tunnel t, GatewaySettings s) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, CONNECTED);
        for (Map.Entry<String, String> e : headers(t, s)) {
            r.headers().add(e.getKey(), e.getValue());
        }
        return r;
    }

    private static String secondsOrNone(Duration d) {
        return d.isZero() ? "none" : Long.toString(d.toSeconds());
    }

    /** openconnect %XX-decodes the banner (§4): '%' and anything outside printable ASCII travel encoded. */
    static String percentEncode(String text) {
        StringBuilder b = new StringBuilder();
        for (byte x : text.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if (c >= 0x20 && c < 0x7f && c != '%') {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return b.toString();
    }
}
