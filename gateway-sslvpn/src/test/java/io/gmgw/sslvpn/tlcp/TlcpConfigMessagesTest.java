package io.gmgw.sslvpn.tlcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.crypto.pki.Sm2Certificate;
import io.gmgw.sslvpn.tlcp.message.CertificateMessage;
import io.gmgw.sslvpn.tlcp.message.CertificateRequest;
import io.gmgw.sslvpn.tlcp.message.HandshakeType;
import io.gmgw.sslvpn.tlcp.message.RawHandshake;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.junit.jupiter.api.Test;

/**
 * The server's Certificate and CertificateRequest messages are the same for every handshake of a configuration, so
 * the configuration encodes them once: they must say exactly what the credentials and trust anchors say.
 */
class TlcpConfigMessagesTest {
    static final CryptoModule MODULE = TestModules.deterministic("tlcp-config-messages");
    static final TestPki PKI = new TestPki(MODULE);

    @Test
    void certificateMessageCarriesTheDoubleChainInOrder() {
        TlcpCredentials credentials = PKI.server("localhost");
        TlcpConfig config = TlcpConfig.server(MODULE, credentials).build();
        RawHandshake m = config.serverCertificateMessage();
        assertEquals(HandshakeType.CERTIFICATE, m.type());
        List<byte[]> sent = CertificateMessage.decode(m.body()).certificates();
        List<byte[]> expected = credentials.doubleChain();
        assertEquals(expected.size(), sent.size());
        assertArrayEquals(credentials.signingCertificate().encoded(), sent.get(0), "signing certificate first");
        assertArrayEquals(credentials.encryptionCertificate().encoded(), sent.get(1), "encryption certificate second");
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), sent.get(i), "certificate " + i);
        }
        assertSame(m, config.serverCertificateMessage(), "encoded once per configuration");
        assertNull(config.certificateRequestMessage(), "no trust anchors for clients: nothing to request");
    }

    @Test
    void certificateRequestAsksForSm2SigningCertificatesFromEveryTrustAnchor() {
        TlcpConfig config = TlcpConfig.server(MODULE, PKI.server("localhost")).clientVerifier(PKI.verifier())
                .clientAuth(ClientAuth.WANT).build();
        RawHandshake m = config.certificateRequestMessage();
        assertEquals(HandshakeType.CERTIFICATE_REQUEST, m.type());
        CertificateRequest request = CertificateRequest.decode(m.body());
        assertArrayEquals(new byte[] {(byte) CertificateRequest.ECDSA_SIGN}, request.certificateTypes());
        List<Sm2Certificate> anchors = PKI.verifier().trustAnchors();
        assertEquals(anchors.size(), request.authorities().size());
        for (int i = 0; i < anchors.size(); i++) {
            assertEquals(anchors.get(i).subject(), X500Name.getInstance(request.authorities().get(i)), "CA name " + i);
        }
        assertSame(m, config.certificateRequestMessage());
    }

    @Test
    void aClientConfigurationHasNeither() {
        TlcpConfig config = TlcpConfig.client(MODULE, PKI.verifier()).credentials(PKI.client("alice")).build();
        assertNull(config.serverCertificateMessage());
        assertNull(config.certificateRequestMessage());
    }
}
