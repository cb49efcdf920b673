package io.gmgw.sslvpn.tlcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.sslvpn.tlcp.protocol.AlertDescription;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The client's check of the server's name (RFC 6125, RFC 5280): IP addresses against iPAddress subjectAltNames only,
 * DNS names against dNSNames; the failure names what was expected and what the certificate carries; SNI carries DNS
 * names only (RFC 6066 §3).
 */
class TlcpServerNameTest {
    static CryptoModule module;
    static TestPki pki;

    @BeforeAll
    static void pki() {
        module = TestModules.deterministic("tlcp-server-name");
        pki = new TestPki(module);
    }

    private static EnginePair connect(String certifiedHost, String expected) {
        TlcpConfig server = TlcpConfig.server(module, pki.server(certifiedHost)).build();
        TlcpConfig client = TlcpConfig.client(module, pki.verifier()).serverName(expected, true).build();
        return new EnginePair(client, server).handshake();
    }

    @Test
    void anIpAddressMatchesTheIpAddressTheCertificateNames() {
        assertTrue(connect("127.0.0.1", "127.0.0.1").established());
        assertTrue(connect("::1", "[::1]").established());
        assertTrue(connect("::1", "0:0:0:0:0:0:0:1").established());
    }

    @Test
    void anIpAddressTheCertificateDoesNotNameIsABadCertificateSayingWhatItNames() {
        EnginePair pair = connect("localhost", "127.0.0.1");
        assertFalse(pair.established());
        assertNotNull(pair.client.failure);
        assertEquals(AlertDescription.BAD_CERTIFICATE, pair.client.failure.alert());
        String m = pair.client.failure.getMessage();
        assertTrue(m.contains("IP address 127.0.0.1"), m);
        assertTrue(m.contains("DNS [localhost], IP []"), m);
        assertTrue(m.contains("iPAddress subjectAltName"), m);

        EnginePair other = connect("127.0.0.2", "127.0.0.1");
        assertEquals(AlertDescription.BAD_CERTIFICATE, other.client.failure.alert());
        assertTrue(other.client.failure.getMessage().contains("IP [127.0.0.2]"), other.client.failure::getMessage);
    }

    @Test
    void aDnsNameNeverMatchesAnIpAddressAndViceVersa() {
        assertEquals(AlertDescription.BAD_CERTIFICATE, connect("127.0.0.1", "localhost").client.failure.alert());
        EnginePair pair = connect("vpn.example.test", "vpn.example.org");
        String m = pair.client.failure.getMessage();
        assertTrue(m.contains("DNS name vpn.example.org") && m.contains("DNS [vpn.example.test]"), m);
        assertTrue(connect("vpn.example.test", "VPN.example.test.").established());
    }

    @Test
    void serverNameIndicationCarriesDnsNamesOnly() {
        assertTrue(TlcpConfig.client(module, pki.verifier()).serverName("vpn.example.test", true).build()
                .sendServerName());
        assertFalse(TlcpConfig.client(module, pki.verifier()).serverName("192.0.2.1", true).build().sendServerName(),
                "RFC 6066 §3: literal IP addresses are not permitted in HostName");
        assertFalse(TlcpConfig.client(module, pki.verifier()).serverName("vpn.example.test", false).build()
                .sendServerName());
    }
}
