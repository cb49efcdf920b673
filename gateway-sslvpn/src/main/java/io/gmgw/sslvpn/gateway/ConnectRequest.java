package io.gmgw.sslvpn.gateway;

import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * The X-CSTP request headers of {@code CONNECT /CSCOSSLC/tunnel} the gateway uses (cstp.md §3), parsed as ocserv
 * does: Address-Type is a substring test, the MTUs are integers (a value that is not one is ignored, not an error).
 * Unknown X-CSTP-* headers and every X-DTLS-* header are ignored (no DTLS, §1); so is X-CSTP-Accept-Encoding, since
 * compression is always refused (§6).
 *
 * @param baseMtu      X-CSTP-Base-MTU, the client's link MTU estimate
 * @param mtu          X-CSTP-MTU, the tunnel MTU it asks for
 * @param ipv4         Address-Type names IPv4 (or is absent)
 * @param ipv6         Address-Type names IPv6 and Full-IPv6-Capability is true: the client takes IPv6 settings
 * @param addresses    X-CSTP-Address values (the previous addresses, on a reconnect)
 * @param hostname     X-CSTP-Hostname, empty when absent
 */
public record ConnectRequest(OptionalInt baseMtu, OptionalInt mtu, boolean ipv4, boolean ipv6,
        List<String> addresses, String hostname) {
    public ConnectRequest {
        addresses = List.copyOf(addresses);
    }

    public static ConnectRequest of(HttpHeaders h) {
        String types = h.get("X-CSTP-Address-Type");
        boolean v4 = types == null || types.toLowerCase(Locale.ROOT).contains("ipv4");
        boolean v6Type = types == null || types.toLowerCase(Locale.ROOT).contains("ipv6");
        boolean full6 = "true".equalsIgnoreCase(trim(h.get("X-CSTP-Full-IPv6-Capability")));
        String host = trim(h.get("X-CSTP-Hostname"));
        return new ConnectRequest(integer(h.get("X-CSTP-Base-MTU")), integer(h.get("X-CSTP-MTU")), v4,
                v6Type && full6, h.getAll("X-CSTP-Address").stream().map(String::strip).toList(),
                host == null ? "" : host);
    }

    private static String trim(String s) {
        return s == null ? null : s.strip();
    }

    private static OptionalInt integer(String s) {
        if (s == null) {
            return OptionalInt.empty();
        }
        try {
            int v = Integer.parseInt(s.strip());
            return v > 0 ? OptionalInt.of(v) : OptionalInt.empty();
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }
}
