package io.gmgw.sslvpn.cstp.auth;

/**
 * Text for the {@code config-auth} XML both ends write (cstp.md §2): the gateway's replies and forms, the client's
 * init and auth-reply. One escaping rule for both, so that nothing a user or a peer typed can change a message's
 * structure or make it a document the other end's parser refuses.
 */
public final class XmlText {
    private XmlText() {
    }

    /**
     * Escapes XML's five special characters (for text and attribute values alike) and drops characters XML 1.0
     * cannot carry (controls other than tab, LF and CR).
     */
    public static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> {
                    if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
