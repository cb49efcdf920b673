package io.gmgw.sslvpn.cstp.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/**
 * The login XML (cstp.md §2): openconnect 9.01's init and auth-reply as it sends them, the replies read back by a
 * plain parser, and every hostile document class refused (DTD, external and internal entities, size, element count).
 */
class ConfigAuthXmlTest {
    private final ConfigAuthParser parser = new ConfigAuthParser(16384);

    private ConfigAuthRequest parse(String xml) throws AuthXmlException {
        return parser.parse(xml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsOpenconnectsInit() throws Exception {
        ConfigAuthRequest r = parse("""
                <?xml version="1.0" encoding="UTF-8"?>
                <config-auth client="vpn" type="init" aggregate-auth-version="2">
                <version who="vpn">v9.01</version><device-id>linux-64</device-id>
                <capabilities><auth-method>single-sign-on</auth-method><auth-method>single-sign-on-v2</auth-method>
                <auth-method>single-sign-on-external-browser</auth-method></capabilities>
                <group-select>staff</group-select>
                <group-access>https://vpn.example:4443/staff</group-access></config-auth>
                """);
        assertEquals(ConfigAuthRequest.Type.INIT, r.type());
        assertEquals("v9.01", r.clientVersion());
        assertEquals("linux-64", r.deviceId());
        assertEquals("staff", r.groupSelect());
        assertEquals("https://vpn.example:4443/staff", r.groupAccess());
        assertFalse(r.certFailed());
        assertEquals(Map.of(), r.answers());
    }

    @Test
    void readsAnAuthReplyAndHidesItsAnswersFromToString() throws Exception {
        ConfigAuthRequest r = parse("<config-auth client=\"vpn\" type=\"auth-reply\"><version who=\"vpn\">v9.01"
                + "</version><device-id>linux-64</device-id><auth><username>alice</username>"
                + "<secondary_password>123456</secondary_password></auth><client-cert-fail/></config-auth>");
        assertEquals(ConfigAuthRequest.Type.AUTH_REPLY, r.type());
        assertEquals(Map.of("username", "alice", "secondary_password", "123456"), r.answers());
        assertTrue(r.certFailed());
        assertFalse(r.toString().contains("123456"), r.toString());
    }

    @Test
    void refusesADoctypeSoNoEntityIsEverExpanded(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET");
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE config-auth [<!ENTITY x SYSTEM \"" + secret.toUri()
                + "\">]><config-auth type=\"init\"><group-select>&x;</group-select></config-auth>";
        AuthXmlException e = assertThrows(AuthXmlException.class, () -> parse(xxe));
        assertTrue(e.getMessage().contains("DOCTYPE"), e.getMessage());
        assertFalse(e.getMessage().contains("TOP-SECRET"));
        String laughs = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;"
                + "&lol;&lol;\">]><config-auth type=\"init\"><device-id>&lol2;</device-id></config-auth>";
        assertThrows(AuthXmlException.class, () -> parse(laughs));
        String external = "<?xml version=\"1.0\"?><!DOCTYPE config-auth SYSTEM \"http://127.0.0.1:1/x.dtd\">"
                + "<config-auth type=\"init\"/>";
        assertThrows(AuthXmlException.class, () -> parse(external));
    }

    @Test
    void refusesMalformedOversizedAndForeignDocuments() {
        assertThrows(AuthXmlException.class, () -> parse(""));
        assertThrows(AuthXmlException.class, () -> parse("<config-auth type=\"init\">"));
        assertThrows(AuthXmlException.class, () -> parse("not xml at all"));
        AuthXmlException root = assertThrows(AuthXmlException.class, () -> parse("<html type=\"init\"/>"));
        assertTrue(root.getMessage().contains("<html>"), root.getMessage());
        AuthXmlException type = assertThrows(AuthXmlException.class,
                () -> parse("<config-auth type=\"logout\"/>"));
        assertTrue(type.getMessage().contains("logout"), type.getMessage());
        assertThrows(AuthXmlException.class, () -> parse("<config-auth type=\"init\"><device-id>"
                + "x".repeat(20000) + "</device-id></config-auth>"));
        assertThrows(AuthXmlException.class, () -> parse("<config-auth type=\"init\"><capabilities>"
                + "<auth-method/>".repeat(300) + "</capabilities></config-auth>"));
        assertThrows(AuthXmlException.class, () -> parse("<config-auth type=\"auth-reply\"><auth><password>"
                + "p".repeat(2000) + "</password></auth></config-auth>"));
    }

    @Test
    void completeCarriesSuccessAndTheSessionToken() throws Exception {
        Document d = plain(ConfigAuthWriter.complete("abc_-DEF", "Welcome, <alice>"));
        assertEquals("config-auth", d.getDocumentElement().getTagName());
        assertEquals("complete", d.getDocumentElement().getAttribute("type"));
        assertEquals("success", ((org.w3c.dom.Element) d.getElementsByTagName("auth").item(0)).getAttribute("id"));
        assertEquals("abc_-DEF", d.getElementsByTagName("session-token").item(0).getTextContent());
        assertEquals("Welcome, <alice>", d.getElementsByTagName("message").item(0).getTextContent());
    }

    @Test
    void anAuthRequestFormIsWhatOpenconnectParses() throws Exception {
        AuthForm form = new AuthForm("otp-verification", "Enter the code on your token", "", "/auth",
                List.of(new AuthForm.Input("password", "secondary_password", "Code:", "")), List.of("staff", "a\"b"));
        Document d = plain(ConfigAuthWriter.authRequest(form));
        assertEquals("auth-request", d.getDocumentElement().getAttribute("type"));
        org.w3c.dom.Element auth = (org.w3c.dom.Element) d.getElementsByTagName("auth").item(0);
        assertEquals("otp-verification", auth.getAttribute("id"));
        org.w3c.dom.Element f = (org.w3c.dom.Element) d.getElementsByTagName("form").item(0);
        assertEquals("post", f.getAttribute("method"));
        assertEquals("/auth", f.getAttribute("action"));
        org.w3c.dom.Element input = (org.w3c.dom.Element) d.getElementsByTagName("input").item(0);
        assertEquals("secondary_password", input.getAttribute("name"));
        assertEquals("a\"b", ((org.w3c.dom.Element) d.getElementsByTagName("option").item(1)).getAttribute("value"));
        assertThrows(IllegalArgumentException.class, () -> new AuthForm("x", "", "", "", List.of(), List.of()));
        assertThrows(IllegalArgumentException.class, () -> new AuthForm.Input("submit", "go", "", ""));
    }

    private static Document plain(byte[] xml) throws Exception {
        return javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new java.io.ByteArrayInputStream(xml));
    }
}
