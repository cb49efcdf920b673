package io.gmgw.sslvpn.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The gateway as the user names it: {@code https://HOST[:PORT][/GROUP]}. The path is what openconnect POSTs its
 * {@code init} to (cstp.md §2.1: {@code https://host/grp} → {@code POST /grp}); the whole URL goes into
 * {@code <group-access>} (§2.2).
 */
public record VpnUrl(String host, int port, String path) {
    public static final int DEFAULT_PORT = 443;

    public VpnUrl {
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("no host");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, not " + port);
        }
        if (path == null || path.isEmpty()) {
            path = "/";
        }
    }

    /** Parses {@code https://HOST[:PORT][/GROUP]} (also {@code HOST[:PORT]}, taken as https). */
    public static VpnUrl parse(String text) {
        String s = text.strip();
        if (!s.contains("://")) {
            s = "https://" + s;
        }
        URI uri;
        try {
            uri = new URI(s);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + text + "' is not a URL like https://vpn.example.com[:PORT][/GROUP]"
                    + ": " + e.getReason());
        }
        if (!"https".equals(uri.getScheme().toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("'" + text + "': the gateway is reached over https:// only");
        }
        String host = uri.getHost();
        if (host == null) {
            throw new IllegalArgumentException("'" + text + "' names no host (an IPv6 address goes in brackets: "
                    + "https://[2001:db8::1]:443/)");
        }
        if (host.startsWith("[")) {
            host = host.substring(1, host.length() - 1);
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("'" + text + "': only https://HOST[:PORT][/GROUP] is understood");
        }
        String path = uri.getRawPath();
        return new VpnUrl(host, uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort(), path);
    }

    /** The Host header: {@code host[:port]}, the port left out when it is 443 (cstp.md §2.1), IPv6 in brackets. */
    public String hostHeader() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return port == DEFAULT_PORT ? h : h + ":" + port;
    }

    /** {@code host:port}, the key of the TLCP session cache. */
    public String peerKey() {
        return host + ":" + port;
    }

    @Override
    public String toString() {
        return "https://" + hostHeader() + path;
    }
}
