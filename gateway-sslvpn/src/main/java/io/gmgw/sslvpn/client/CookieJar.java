package io.gmgw.sslvpn.client;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.cookie.ClientCookieDecoder;
import io.netty.handler.codec.http.cookie.Cookie;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The cookies of one login: every cookie the gateway set is sent back on the next auth request (cstp.md §2.1; ocserv
 * keeps its multi-step state in {@code webvpncontext}); the session cookie is {@code webvpn}, which the tunnel's
 * CONNECT carries alone (§3). Bounded; cookie values are secrets and never appear in {@link #toString()}.
 */
public final class CookieJar {
    /** The session cookie's name (§2.4). */
    public static final String SESSION = "webvpn";
    static final int MAX_COOKIES = 32;
    static final int MAX_VALUE = 4096;

    private final Map<String, String> cookies = new LinkedHashMap<>();

    /** Takes the {@code Set-Cookie} headers of a reply; an empty value removes the cookie. */
    public void update(HttpHeaders headers) {
        List<String> set = headers.getAll("Set-Cookie");
        for (String header : set) {
            Cookie c = ClientCookieDecoder.LAX.decode(header);
            if (c == null) {
                continue;
            }
            if (c.value().isEmpty() || c.maxAge() == 0) {
                cookies.remove(c.name());
            } else if (c.value().length() <= MAX_VALUE && (cookies.containsKey(c.name())
                    || cookies.size() < MAX_COOKIES)) {
                cookies.put(c.name(), c.value());
            }
        }
    }

    /** Stores the session cookie taken from a {@code <session-token>} (openconnect does the same, §2.4). */
    public void setSession(String value) {
        cookies.put(SESSION, value);
    }

    public Optional<String> session() {
        return Optional.ofNullable(cookies.get(SESSION));
    }

    /** The {@code Cookie} header for an auth request: every cookie; empty when there is none. */
    public String header() {
        return cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("; "));
    }

    @Override
    public String toString() {
        return "CookieJar" + cookies.keySet();
    }
}
