package io.gmgw.sslvpn.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.sslvpn.cstp.auth.ConfigAuthParser;
import io.gmgw.sslvpn.cstp.auth.ConfigAuthRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuthXmlTest {
    private static final ClientProfile PROFILE = ClientProfile.defaults("1.0", "laptop", 1500);

    @Test
    void initCarriesTheUrlVersionAndDevice() {
        String xml = AuthXml.init(PROFILE, VpnUrl.parse("https://gw.example:4443/staff"), "staff");
        assertTrue(xml.contains("<config-auth client=\"vpn\" type=\"init\" aggregate-auth-version=\"2\">"), xml);
        assertTrue(xml.contains("<version who=\"vpn\">v9.01-gmgw-1.0</version>"), xml);
        assertTrue(xml.contains("<device-id>linux-64</device-id>"), xml);
        assertTrue(xml.contains("<group-access>https://gw.example:4443/staff</group-access>"), xml);
        assertTrue(xml.contains("<group-select>staff</group-select>"), xml);
    }

    @Test
    void completeWithSessionToken() {
        AuthXml.Reply r = AuthXml.parse("""
                <?xml version="1.0" encoding="UTF-8"?>
                <config-auth client="vpn" type="complete" aggregate-auth-version="2">
                <session-id>42</session-id><session-token>abc@def</session-token>
                <auth id="success"><message id="0" param1="" param2="">Welcome</message></auth>
                </config-auth>""");
        AuthXml.Complete c = assertInstanceOf(AuthXml.Complete.class, r);
        assertEquals(Optional.of("abc@def"), c.sessionToken());
        assertEquals("Welcome", c.message());
    }

    @Test
    void ocservCompleteHasNoTokenTheCookieComesInSetCookie() {
        AuthXml.Complete c = assertInstanceOf(AuthXml.Complete.class, AuthXml.parse("""
                <?xml version="1.0" encoding="UTF-8"?>
                <config-auth client="vpn" type="complete">
                <version who="sg">0.1(1)</version>
                <auth id="success"><title>SSL VPN Service</title></auth></config-auth>"""));
        assertEquals(Optional.empty(), c.sessionToken());
    }

    @Test
    void ocservPasswordFormAndGroupList() {
        AuthXml.FormRequest f = assertInstanceOf(AuthXml.FormRequest.class, AuthXml.parse("""
                <?xml version="1.0" encoding="UTF-8"?>
                <config-auth client="vpn" type="auth-request">
                <version who="sg">0.1(1)</version>
                <auth id="main">
                <message>Please enter your username.</message>
                <form method="post" action="/auth">
                <input type="text" name="username" label="Username:" />
                <input type="password" name="password" label="Password:" />
                <input type="hidden" name="state" value="xyz" />
                <input type="submit" name="go" value="Login" />
                <select name="group_list" label="GROUP:">
                <option>staff</option><option value="ops">Operations</option>
                </select>
                </form></auth>
                <opaque is-for="sg"><tunnel-group>staff</tunnel-group></opaque>
                </config-auth>"""));
        AuthForm form = f.form();
        assertEquals("main", form.id());
        assertEquals("/auth", form.action());
        assertEquals(3, form.inputs().size(), "submit dropped");
        assertEquals(2, form.visibleInputs().size());
        AuthForm.Select groups = form.groupList().orElseThrow();
        assertEquals("staff", groups.options().get(0).value());
        assertEquals("ops", groups.options().get(1).value());
        String reply = AuthXml.authReply(PROFILE, form, Map.of("username", "alice", "password", "p<&>"), "ops");
        assertTrue(reply.contains("type=\"auth-reply\""), reply);
        assertTrue(reply.contains("<auth><username>alice</username><password>p&lt;&amp;&gt;</password>"
                + "<state>xyz</state></auth>"), reply);
        assertTrue(reply.contains("<group-select>ops</group-select>"), reply);
        assertTrue(reply.contains("<opaque is-for=\"sg\"><tunnel-group>staff</tunnel-group></opaque>"), reply);
    }

    @Test
    void answerInputsAreSentAsPasswordAndVerifyFieldsDropped() {
        AuthForm form = new AuthForm("challenge", "", "", "", "", "/", java.util.List.of(
                new AuthForm.Input("password", "answer", "Code", ""),
                new AuthForm.Input("password", "verify_pin", "Again", "")), java.util.List.of(), null);
        String reply = AuthXml.authReply(PROFILE, form, Map.of("answer", "123456", "verify_pin", "123456"), null);
        assertTrue(reply.contains("<auth><password>123456</password></auth>"), reply);
        assertFalse(reply.contains("verify_pin"), reply);
    }

    @Test
    void anAnswerWithMarkupAndControlCharactersReachesTheGatewayAsWellFormedXml() throws Exception {
        AuthForm form = new AuthForm("challenge", "", "", "", "", "/", java.util.List.of(
                new AuthForm.Input("password", "answer", "Code", "")), java.util.List.of(), null);
        // One escaping rule for both ends (cstp.auth.XmlText): markup is escaped, a control XML cannot carry dropped.
        String reply = AuthXml.authReply(PROFILE, form, Map.of("answer", "12<3>&\u0001\"'4"), "a&b");
        ConfigAuthRequest parsed = new ConfigAuthParser(16384).parse(reply.getBytes(StandardCharsets.UTF_8));
        assertEquals("12<3>&\"'4", parsed.answers().get("password"));
        assertEquals("a&b", parsed.groupSelect());
    }

    @Test
    void requestWithoutAuthNodeIsRefused() {
        VpnClientException e = assertThrows(VpnClientException.class, () -> AuthXml.parse(
                "<config-auth client=\"vpn\" type=\"auth-request\"></config-auth>"));
        assertTrue(e.getMessage().startsWith("XML response has no auth node"), e.getMessage());
    }

    @Test
    void doctypeAndEntitiesAreRefused() {
        VpnClientException e = assertThrows(VpnClientException.class, () -> AuthXml.parse("""
                <?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>
                <config-auth type="complete"><auth id="success">&e;</auth></config-auth>"""));
        assertEquals(VpnClientException.Kind.PROTOCOL, e.kind());
    }

    @Test
    void htmlInsteadOfXmlIsAProtocolError() {
        assertEquals(VpnClientException.Kind.PROTOCOL, assertThrows(VpnClientException.class,
                () -> AuthXml.parse("<html><body>hello</body></html>")).kind());
        assertEquals(VpnClientException.Kind.PROTOCOL, assertThrows(VpnClientException.class,
                () -> AuthXml.parse("not xml")).kind());
    }

    @Test
    void getFormsAreNotSupported() {
        assertThrows(VpnClientException.class, () -> AuthXml.parse("""
                <config-auth type="auth-request"><auth id="main"><form method="get" action="/x"/></auth>
                </config-auth>"""));
    }
}
