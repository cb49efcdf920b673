package io.gmgw.sslvpn.cstp.auth;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Reads a client's {@code config-auth} message with the JDK's parser, hardened for input from unauthenticated peers:
 * a document with a DOCTYPE is refused outright (so no entity of any kind, internal or external, is ever expanded),
 * external DTDs and schemas are never fetched, XInclude is off, and the body and its element count are bounded before
 * and after parsing. One parser per call (DocumentBuilder is not thread-safe), made under the factory's lock; safe to
 * share between event loops.
 */
public final class ConfigAuthParser {
    /** The most elements a login message may hold; openconnect's init has about ten, an auth-reply a few more. */
    public static final int MAX_ELEMENTS = 256;
    /** The longest text a single answer may carry (a username, a password, a token code). */
    public static final int MAX_ANSWER = 1024;

    private final int maxBytes;
    private final DocumentBuilderFactory factory;

    /** @param maxBytes the largest body accepted (the HTTP layer bounds it too) */
    public ConfigAuthParser(int maxBytes) {
        if (maxBytes < 64) {
            throw new IllegalArgumentException("maxBytes must be at least 64, not " + maxBytes);
        }
        this.maxBytes = maxBytes;
        this.factory = hardenedFactory();
    }

    private static DocumentBuilderFactory hardenedFactory() {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        try {
            // OWASP XXE prevention: refusing any DOCTYPE closes entity expansion and DTD fetches in one step.
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser lacks a hardening feature: " + e.getMessage(), e);
        }
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        f.setNamespaceAware(false);
        f.setValidating(false);
        return f;
    }

    /** Parses {@code body} (UTF-8 unless the XML declaration says otherwise). */
    public ConfigAuthRequest parse(byte[] body) throws AuthXmlException {
        if (body.length == 0) {
            throw new AuthXmlException("empty login request: expected a <config-auth> XML body");
        }
        if (body.length > maxBytes) {
            throw new AuthXmlException("login request of " + body.length + " bytes exceeds the limit of " + maxBytes);
        }
        Document doc;
        try {
            DocumentBuilder builder;
            synchronized (factory) {
                // The factory's thread safety is not specified; parsers on several event loops share it.
                builder = factory.newDocumentBuilder();
            }
            builder.setErrorHandler(THROWING);
            builder.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entity " + systemId + " refused");
            });
            doc = builder.parse(new InputSource(new ByteArrayInputStream(body)));
        } catch (SAXParseException e) {
            throw new AuthXmlException("login request is not well-formed XML (line " + e.getLineNumber() + ", column "
                    + e.getColumnNumber() + "): " + e.getMessage(), e);
        } catch (SAXException | IOException | ParserConfigurationException e) {
            throw new AuthXmlException("login request could not be read as XML: " + e.getMessage(), e);
        }
        Element root = doc.getDocumentElement();
        int elements = doc.getElementsByTagName("*").getLength();
        if (elements > MAX_ELEMENTS) {
            throw new AuthXmlException("login request has " + elements + " elements, more than " + MAX_ELEMENTS);
        }
        if (!"config-auth".equals(root.getTagName())) {
            throw new AuthXmlException("login request's root is <" + root.getTagName() + ">, expected <config-auth>");
        }
        String typeName = root.getAttribute("type");
        ConfigAuthRequest.Type type = switch (typeName) {
            case "init" -> ConfigAuthRequest.Type.INIT;
            case "auth-reply" -> ConfigAuthRequest.Type.AUTH_REPLY;
            default -> throw new AuthXmlException("<config-auth type=\"" + typeName
                    + "\"> is not a login request (expected init or auth-reply)");
        };
        String version = "";
        String deviceId = "";
        String groupSelect = "";
        String groupAccess = "";
        boolean certFailed = false;
        Map<String, String> answers = new LinkedHashMap<>();
        for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (!(n instanceof Element e)) {
                continue;
            }
            switch (e.getTagName()) {
                case "version" -> version = text(e);
                case "device-id" -> deviceId = text(e);
                case "group-select" -> groupSelect = text(e);
                case "group-access" -> groupAccess = text(e);
                case "client-cert-fail" -> certFailed = true;
                case "auth" -> readAnswers(e, answers);
                default -> {
                    // capabilities, opaque, host-scan-token, mac-address-list: nothing the gateway needs (§2.2).
                }
            }
        }
        return new ConfigAuthRequest(type, version, deviceId, groupSelect, groupAccess, certFailed, answers);
    }

    private static void readAnswers(Element auth, Map<String, String> answers) throws AuthXmlException {
        for (Node n = auth.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                String value = e.getTextContent();
                if (value.length() > MAX_ANSWER) {
                    throw new AuthXmlException("login answer <" + e.getTagName() + "> is longer than " + MAX_ANSWER
                            + " characters");
                }
                answers.putIfAbsent(e.getTagName(), value);
            }
        }
    }

    private static String text(Element e) throws AuthXmlException {
        String t = e.getTextContent().strip();
        if (t.length() > MAX_ANSWER) {
            throw new AuthXmlException("<" + e.getTagName() + "> is longer than " + MAX_ANSWER + " characters");
        }
        return t;
    }

    /** Errors end the parse instead of going to stderr (the JDK's default handler prints them). */
    private static final ErrorHandler THROWING = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };
}
