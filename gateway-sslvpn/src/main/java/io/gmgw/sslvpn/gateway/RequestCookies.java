package io.gmgw.sslvpn.gateway;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import java.util.Optional;

/** The cookies of the login phase in a request: {@code webvpn} (the login) and {@code webvpncontext} (a form's). */
final class RequestCookies {
    private RequestCookies() {
    }

    /** The first non-empty value of cookie {@code name} in any Cookie header of {@code request}. */
    static Optional<String> find(FullHttpRequest request, String name) {
        for (String header : request.headers().getAll(HttpHeaderNames.COOKIE)) {
            for (Cookie c : ServerCookieDecoder.LAX.decodeAll(header)) {
                if (name.equals(c.name()) && !c.value().isEmpty()) {
                    return Optional.of(c.value());
                }
            }
        }
        return Optional.empty();
    }
}
