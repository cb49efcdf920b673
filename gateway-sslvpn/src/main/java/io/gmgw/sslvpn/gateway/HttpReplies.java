package io.gmgw.sslvpn.gateway;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/** The HTTP replies of the login phase, as ocserv sends them (cstp.md §2.3, §3). */
final class HttpReplies {
    /** ocserv's reply to a CONNECT without a live cookie; openconnect then stops retrying (§9, §14). */
    static final HttpResponseStatus COOKIE_NOT_ACCEPTABLE = new HttpResponseStatus(401, "Cookie is not acceptable");

    private HttpReplies() {
    }

    /** A login XML reply ({@code text/xml} as ocserv), keep-alive. */
    static FullHttpResponse xml(byte[] body) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                Unpooled.wrappedBuffer(body));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/xml")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        return r;
    }

    /** An error reply after which the connection closes; {@code text} is a short plain-text body (may be empty). */
    static FullHttpResponse closing(HttpResponseStatus status, String text) {
        byte[] body = text.isEmpty() ? new byte[0] : (text + "\n").getBytes(StandardCharsets.UTF_8);
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        if (body.length > 0) {
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        }
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return r;
    }

    /** ocserv's 503 with X-Reason, which openconnect shows (§4). */
    static FullHttpResponse unavailable(String reason) {
        FullHttpResponse r = closing(HttpResponseStatus.SERVICE_UNAVAILABLE, "");
        r.headers().set("X-Reason", reason);
        return r;
    }
}
