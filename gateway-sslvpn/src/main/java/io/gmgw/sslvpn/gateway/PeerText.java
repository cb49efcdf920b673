package io.gmgw.sslvpn.gateway;

/**
 * Text a peer sent (a URL path, a group name, a refusal quoting either), made safe for one log line or audit record:
 * printable ASCII only, so a CR/LF cannot forge log lines, and bounded in length.
 */
public final class PeerText {
    private PeerText() {
    }

    /** A path from the peer, safe to log: printable ASCII only, at most 64 characters. */
    public static String printable(String s) {
        return printable(s, 64);
    }

    /** Text that may hold what a peer sent, safe to log: printable ASCII only, at most {@code max} characters. */
    public static String printable(String s, int max) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < max; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return b.toString();
    }
}
