package io.gmgw.sslvpn.cstp.auth;

import static io.gmgw.sslvpn.cstp.auth.XmlText.escape;

import java.nio.charset.StandardCharsets;

/**
 * Writes the gateway's {@code config-auth} replies (cstp.md §2.3, §2.4). Every value is escaped for XML text or
 * attributes, so nothing a client sent (a group name) can change a reply's structure.
 */
public final class ConfigAuthWriter {
    private static final String HEAD = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

    private ConfigAuthWriter() {
    }

    /**
     * The {@code complete} reply of a successful login: {@code <auth id="success">} (all openconnect looks at) and the
     * cookie in {@code <session-token>}, where Cisco-style clients read it; the gateway sends the same value in the
     * {@code webvpn} Set-Cookie for ocserv-style ones (§2.4).
     */
    public static byte[] complete(String sessionToken, String message) {
        StringBuilder b = new StringBuilder(HEAD);
        b.append("<config-auth client=\"vpn\" type=\"complete\" aggregate-auth-version=\"2\">\n");
        b.append("<version who=\"sg\">gmgw</version>\n");
        b.append("<auth id=\"success\">\n<message>").append(escape(message)).append("</message>\n</auth>\n");
        b.append("<session-token>").append(escape(sessionToken)).append("</session-token>\n");
        b.append("</config-auth>\n");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** An {@code auth-request} carrying {@code form} (§2.3). */
    public static byte[] authRequest(AuthForm form) {
        StringBuilder b = new StringBuilder(HEAD);
        b.append("<config-auth client=\"vpn\" type=\"auth-request\" aggregate-auth-version=\"2\">\n");
        b.append("<version who=\"sg\">gmgw</version>\n");
        b.append("<auth id=\"").append(escape(form.id())).append("\">\n");
        if (!form.message().isEmpty()) {
            b.append("<message>").append(escape(form.message())).append("</message>\n");
        }
        if (!form.error().isEmpty()) {
            b.append("<error>").append(escape(form.error())).append("</error>\n");
        }
        b.append("<form method=\"post\" action=\"").append(escape(form.action())).append("\">\n");
        for (AuthForm.Input in : form.inputs()) {
            b.append("<input type=\"").append(in.type()).append("\" name=\"").append(escape(in.name()))
                    .append("\" label=\"").append(escape(in.label())).append('"');
            if (!in.value().isEmpty()) {
                b.append(" value=\"").append(escape(in.value())).append('"');
            }
            b.append(" />\n");
        }
        if (!form.groups().isEmpty()) {
            b.append("<select name=\"group_list\" label=\"GROUP:\">\n");
            for (String g : form.groups()) {
                b.append("<option value=\"").append(escape(g)).append("\">").append(escape(g)).append("</option>\n");
            }
            b.append("</select>\n");
        }
        b.append("</form>\n</auth>\n</config-auth>\n");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }
}
