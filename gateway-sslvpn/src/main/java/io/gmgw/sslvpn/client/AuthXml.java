package io.gmgw.sslvpn.client;

import static io.gmgw.sslvpn.cstp.auth.XmlText.escape;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * The XML "aggregate auth" messages as openconnect 9.01 writes and reads them (cstp.md §2.2, §2.3, §2.6): the
 * {@code init} request, the {@code auth-reply} to a form, and the parsing of the gateway's {@code auth-request} and
 * {@code complete} replies. Parsing refuses DTDs and external entities (a gateway is a peer, not a trusted source).
 */
public final class AuthXml {
    /** What the gateway answered. */
    public sealed interface Reply permits Complete, FormRequest {
    }

    /** Login done; {@code sessionToken} is the {@code <session-token>} (Cisco/anylink), if sent (§2.4). */
    public record Complete(Optional<String> sessionToken, String message) implements Reply {
    }

    public record FormRequest(AuthForm form) implements Reply {
    }

    private AuthXml() {
    }

    /** The first message: {@code config-auth type="init"} with the URL the user gave (§2.2). */
    public static String init(ClientProfile profile, VpnUrl url, String groupSelect) {
        StringBuilder x = head("init", profile);
        x.append("<group-access>").append(escape(url.toString())).append("</group-access>\n");
        if (groupSelect != null) {
            x.append("<group-select>").append(escape(groupSelect)).append("</group-select>\n");
        }
        return x.append("</config-auth>\n").toString();
    }

    /**
     * The answer to {@code form} (§2.6): opaque copied back, then {@code <auth>} with one element per input by its
     * name (hidden inputs echo their value; {@code answer}, {@code whichpin} and {@code new_password} are sent as
     * {@code password}, {@code verify_pin} and {@code verify_password} are dropped, as openconnect does), then the
     * chosen group.
     */
    public static String authReply(ClientProfile profile, AuthForm form, Map<String, String> answers,
            String groupSelect) {
        StringBuilder x = head("auth-reply", profile);
        if (form.opaqueXml() != null) {
            x.append(form.opaqueXml()).append('\n');
        }
        x.append("<auth>");
        for (AuthForm.Input in : form.inputs()) {
            String name = switch (in.name()) {
                case "answer", "whichpin", "new_password" -> "password";
                case "verify_pin", "verify_password" -> null;
                default -> in.name();
            };
            if (name == null || !isXmlName(name)) {
                continue;
            }
            String value = in.isHidden() ? in.value() : answers.get(in.name());
            if (value == null) {
                continue;
            }
            x.append('<').append(name).append('>').append(escape(value)).append("</").append(name).append('>');
        }
        x.append("</auth>\n");
        if (groupSelect != null) {
            x.append("<group-select>").append(escape(groupSelect)).append("</group-select>\n");
        }
        return x.append("</config-auth>\n").toString();
    }

    private static StringBuilder head(String type, ClientProfile profile) {
        return new StringBuilder(512).append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<config-auth client=\"vpn\" type=\"").append(type)
                .append("\" aggregate-auth-version=\"2\">\n")
                .append("<version who=\"vpn\">").append(escape(profile.version())).append("</version>\n")
                .append("<device-id>").append(escape(profile.deviceId())).append("</device-id>\n");
    }

    /** Parses the gateway's reply to a POST; a body that is not a {@code config-auth} reply is a PROTOCOL error. */
    public static Reply parse(String body) {
        Element root = document(body).getDocumentElement();
        if (!"config-auth".equals(root.getTagName())) {
            throw protocol("the gateway's reply is <" + root.getTagName() + ">, not <config-auth>");
        }
        String type = root.getAttribute("type");
        Element auth = child(root, "auth");
        switch (type) {
            case "complete" -> {
                if (auth == null || !"success".equals(auth.getAttribute("id"))) {
                    throw protocol("a config-auth 'complete' reply without <auth id=\"success\">");
                }
                Element token = child(root, "session-token");
                return new Complete(Optional.ofNullable(token).map(e -> e.getTextContent().strip())
                        .filter(s -> !s.isEmpty()), text(auth, "message"));
            }
            case "auth-request" -> {
                if (auth == null) {
                    throw protocol("XML response has no auth node (cstp.md §2.3: <auth> is mandatory)");
                }
                return new FormRequest(form(root, auth));
            }
            default -> throw protocol("config-auth of type '" + type + "' (expected auth-request or complete)");
        }
    }

    private static AuthForm form(Element root, Element auth) {
        Element form = child(auth, "form");
        String action = "/";
        List<AuthForm.Input> inputs = new ArrayList<>();
        List<AuthForm.Select> selects = new ArrayList<>();
        if (form != null) {
            String method = form.getAttribute("method");
            if (!method.isEmpty() && !"post".equalsIgnoreCase(method)) {
                throw protocol("the login form's method is '" + method + "'; only POST forms are supported");
            }
            if (form.hasAttribute("action")) {
                action = form.getAttribute("action");
                if (action.isEmpty()) {
                    throw protocol("the login form has an empty action");
                }
            }
            for (Node n = form.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (!(n instanceof Element e)) {
                    continue;
                }
                if ("input".equals(e.getTagName())) {
                    String type = e.getAttribute("type");
                    if (type.equals("submit") || type.equals("reset") || e.getAttribute("name").isEmpty()) {
                        continue;
                    }
                    if (type.equals("text") || type.equals("password") || type.equals("hidden")) {
                        inputs.add(new AuthForm.Input(type, e.getAttribute("name"), e.getAttribute("label"),
                                e.getAttribute("value")));
                    }
                } else if ("select".equals(e.getTagName())) {
                    List<AuthForm.Option> options = new ArrayList<>();
                    NodeList os = e.getElementsByTagName("option");
                    for (int i = 0; i < os.getLength(); i++) {
                        Element o = (Element) os.item(i);
                        String label = o.getTextContent().strip();
                        options.add(new AuthForm.Option(o.hasAttribute("value") ? o.getAttribute("value") : label,
                                label));
                    }
                    selects.add(new AuthForm.Select(e.getAttribute("name"), e.getAttribute("label"), options));
                }
            }
        }
        Element opaque = child(root, "opaque");
        return new AuthForm(auth.getAttribute("id"), text(auth, "title"), text(auth, "banner"),
                text(auth, "message"), text(auth, "error"), action, inputs, selects,
                opaque == null ? null : serialize(opaque));
    }

    private static Document document(String body) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            f.setNamespaceAware(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            return b.parse(new InputSource(new StringReader(body)));
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser refuses the safe settings", e);
        } catch (SAXException | IOException e) {
            throw protocol("the gateway's reply is not well-formed XML: " + e.getMessage());
        }
    }

    private static String serialize(Element e) {
        try {
            Transformer t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            StringWriter w = new StringWriter();
            t.transform(new DOMSource(e), new StreamResult(w));
            return w.toString();
        } catch (TransformerException ex) {
            throw protocol("cannot copy the form's <opaque> element: " + ex.getMessage());
        }
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? "" : e.getTextContent().strip();
    }

    private static boolean isXmlName(String name) {
        return name.matches("[A-Za-z_][A-Za-z0-9_.-]*");
    }

    private static VpnClientException protocol(String message) {
        return new VpnClientException(VpnClientException.Kind.PROTOCOL, message);
    }
}
