package io.gmgw.sslvpn.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HttpMessagesTest {
    private static final ClientProfile PROFILE = ClientProfile.defaults("1.0", "laptop", 1500);

    @Test
    void authPostHeadersAndPadding() {
        CookieJar jar = new CookieJar();
        jar.update(new DefaultHttpHeaders().add("Set-Cookie", "webvpncontext=abc; Secure")
                .add("Set-Cookie", "webvpnc=; expires=Thu, 01 Jan 1970 22:00:00 GMT"));
        VpnUrl url = VpnUrl.parse("https://gw.example/");
        FullHttpRequest r = HttpMessages.authPost(PROFILE, url, "/", "<x/>", jar);
        try {
            assertEquals("gw.example", r.headers().get("Host"), "no :443");
            assertEquals("webvpncontext=abc", r.headers().get("Cookie"));
            assertEquals("1", r.headers().get("X-Aggregate-Auth"));
            assertEquals("1", r.headers().get("X-Transcend-Version"));
            assertEquals("application/xml; charset=utf-8", r.headers().get("Content-Type"));
            assertEquals(0, (r.content().readableBytes() + r.headers().get("X-Pad").length()) % 64);
            assertEquals("Open AnyConnect VPN Agent v9.01 (gmgw 1.0)", r.headers().get("User-Agent"));
        } finally {
            r.release();
        }
    }

    @Test
    void connectOnReconnectAsksForTheSameAddresses() {
        TunnelParameters previous = TunnelParameters.fromHeaders(List.of(Map.entry("X-CSTP-Address", "10.1.1.7"),
                Map.entry("X-CSTP-Address-IP6", "fd00::7/64"), Map.entry("X-CSTP-MTU", "1400")));
        FullHttpRequest r = HttpMessages.connect(PROFILE, VpnUrl.parse("https://[::1]:4443"), "s3cret",
                Optional.of(previous));
        try {
            assertEquals("[::1]:4443", r.headers().get("Host"));
            assertEquals("webvpn=s3cret", r.headers().get("Cookie"));
            assertEquals(List.of("10.1.1.7", "fd00:0:0:0:0:0:0:7"), r.headers().getAll("X-CSTP-Address"));
            assertEquals("1500", r.headers().get("X-CSTP-Base-MTU"));
            assertEquals("1390", r.headers().get("X-CSTP-MTU"), "1500 - 82 - 8 - 20 as openconnect asks (§7)");
            assertEquals("IPv6,IPv4", r.headers().get("X-CSTP-Address-Type"));
            assertEquals("true", r.headers().get("X-CSTP-Full-IPv6-Capability"));
            assertEquals("laptop", r.headers().get("X-CSTP-Hostname"));
            assertNull(r.headers().get("X-CSTP-Accept-Encoding"));
        } finally {
            r.release();
        }
        FullHttpRequest first = HttpMessages.connect(PROFILE.withoutIpv6(), VpnUrl.parse("gw.example:443/g"), "c",
                Optional.empty());
        try {
            assertFalse(first.headers().contains("X-CSTP-Address"));
            assertFalse(first.headers().contains("X-CSTP-Full-IPv6-Capability"));
            assertEquals("IPv4", first.headers().get("X-CSTP-Address-Type"));
        } finally {
            first.release();
        }
    }

    @Test
    void urls() {
        VpnUrl u = VpnUrl.parse("https://gw.example:8443/staff");
        assertEquals("gw.example", u.host());
        assertEquals(8443, u.port());
        assertEquals("/staff", u.path());
        assertEquals("/", VpnUrl.parse("https://gw.example").path());
        assertEquals("::1", VpnUrl.parse("https://[::1]:4443/").host());
        assertThrows(IllegalArgumentException.class, () -> VpnUrl.parse("http://gw.example/"));
        assertThrows(IllegalArgumentException.class, () -> VpnUrl.parse("https://gw.example/?x=1"));
    }
}
