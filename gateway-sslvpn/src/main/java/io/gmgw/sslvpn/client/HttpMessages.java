package io.gmgw.sslvpn.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** The HTTP requests of the client, header by header as openconnect 9.01 sends them (cstp.md §2.1, §3). */
public final class HttpMessages {
    /** The CONNECT target every AnyConnect server knows (§1, §3). */
    public static final String TUNNEL_PATH = "/CSCOSSLC/tunnel";

    private HttpMessages() {
    }

    /**
     * An auth POST of {@code xml} to {@code path}: the common headers, every cookie so far, the XML content type
     * openconnect uses and an {@code X-Pad} that brings the body plus pad to a multiple of 64 bytes, so that the
     * length of the record does not tell a password's length (§2.1).
     */
    public static FullHttpRequest authPost(ClientProfile profile, VpnUrl url, String path, String xml,
            CookieJar cookies) {
        byte[] body = xml.getBytes(StandardCharsets.UTF_8);
        ByteBuf content = Unpooled.wrappedBuffer(body);
        FullHttpRequest r = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, path, content);
        HttpHeaders h = r.headers();
        common(h, profile, url);
        String cookie = cookies.header();
        if (!cookie.isEmpty()) {
            h.set("Cookie", cookie);
        }
        h.set("X-Transcend-Version", "1");
        h.set("X-Aggregate-Auth", "1");
        h.set("Content-Type", "application/xml; charset=utf-8");
        h.set("Content-Length", body.length);
        int pad = (64 - body.length % 64) % 64;
        if (pad > 0) {
            h.set("X-Pad", "0".repeat(pad));
        }
        return r;
    }

    /**
     * {@code CONNECT /CSCOSSLC/tunnel} with the session cookie alone, the X-CSTP request headers in openconnect's
     * order, no compression offered ({@code X-CSTP-Accept-Encoding} absent, §6) and no DTLS headers (§3); on a
     * reconnect, the addresses the first connection got ({@code X-CSTP-Address}, one header each).
     */
    public static FullHttpRequest connect(ClientProfile profile, VpnUrl url, String cookie,
            Optional<TunnelParameters> previous) {
        FullHttpRequest r = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.CONNECT, TUNNEL_PATH,
                Unpooled.EMPTY_BUFFER);
        HttpHeaders h = r.headers();
        h.set("Host", url.hostHeader());
        h.set("User-Agent", profile.userAgent());
        h.set("Cookie", CookieJar.SESSION + "=" + cookie);
        h.set("X-CSTP-Version", "1");
        h.set("X-CSTP-Hostname", profile.hostname());
        mtu(h, profile);
        h.set("X-CSTP-Address-Type", profile.ipv6() ? "IPv6,IPv4" : "IPv4");
        previous.ifPresent(p -> {
            p.address4().map(Inet4Address::getHostAddress).ifPresent(a -> h.add("X-CSTP-Address", a));
            p.address6().ifPresent(a -> h.add("X-CSTP-Address", a.address().getHostAddress()));
        });
        if (profile.ipv6()) {
            h.set("X-CSTP-Full-IPv6-Capability", "true");
        }
        return r;
    }

    /**
     * Sets the CONNECT request's {@code X-CSTP-Base-MTU} and {@code X-CSTP-MTU} to the profile's, in place (the
     * tunnel connection does so again once the path is known, {@link ClientProfile#onPath}).
     */
    public static void mtu(HttpHeaders h, ClientProfile profile) {
        h.set("X-CSTP-Base-MTU", profile.baseMtu());
        h.set("X-CSTP-MTU", profile.mtu());
    }

    private static void common(HttpHeaders h, ClientProfile profile, VpnUrl url) {
        h.set("Host", url.hostHeader());
        h.set("User-Agent", profile.userAgent());
        h.set("Accept", "*/*");
        h.set("Accept-Encoding", "identity");
    }
}
