package io.gmgw.sslvpn.tlcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.crypto.pki.CertificateVerifier;
import io.gmgw.crypto.pki.RevocationPolicy;
import io.gmgw.sslvpn.tlcp.protocol.AlertDescription;
import io.gmgw.sslvpn.tlcp.protocol.CipherSuite;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fail closed: a server that asks for client certificates cannot be configured without revocation checking unless it
 * says so, and a verifier it is handed later (new CRLs) applies to the next handshake.
 */
class TlcpRevocationConfigTest {
    static CryptoModule module;
    static TestPki pki;
    static TlcpCredentials server;
    static TlcpCredentials client;

    @BeforeAll
    static void pki() {
        module = TestModules.deterministic("tlcp-revocation-config");
        pki = new TestPki(module);
        server = pki.server("localhost");
        client = pki.client("dave");
    }

    private static CertificateVerifier withoutCrls(RevocationPolicy policy) {
        return CertificateVerifier.builder(module).trustAnchor(pki.root).revocationPolicy(policy).build();
    }

    @Test
    void aServerAskingForClientCertificatesNeedsCrlsOrAnExplicitWaiver() {
        for (ClientAuth auth : List.of(ClientAuth.WANT, ClientAuth.NEED)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TlcpConfig
                    .server(module, server).clientAuth(auth).clientVerifier(withoutCrls(RevocationPolicy.IF_PRESENT))
                    .build());
            assertTrue(e.getMessage().contains("withoutClientRevocationCheck()"), e.getMessage());
        }
        // ECDHE suites always ask, so trust anchors alone are enough to need CRLs
        assertThrows(IllegalArgumentException.class, () -> TlcpConfig.server(module, server)
                .clientVerifier(withoutCrls(RevocationPolicy.IF_PRESENT)).build());
        IllegalArgumentException noRootCrl = assertThrows(IllegalArgumentException.class, () -> TlcpConfig
                .server(module, server).clientAuth(ClientAuth.NEED).clientVerifier(withoutCrls(RevocationPolicy.REQUIRE))
                .build());
        assertTrue(noRootCrl.getMessage().contains("CRL_MISSING") && noRootCrl.getMessage().contains(pki.root
                .toString()), noRootCrl.getMessage());
        Clock later = Clock.fixed(module.clock().instant().plus(Duration.ofDays(8 * 365)), ZoneOffset.UTC);
        IllegalArgumentException stale = assertThrows(IllegalArgumentException.class, () -> TlcpConfig
                .server(module, server).clientAuth(ClientAuth.NEED).clientVerifier(pki.verifier()).clock(later)
                .build());
        assertTrue(stale.getMessage().contains("CRL_EXPIRED"), stale.getMessage());

        TlcpConfig waived = TlcpConfig.server(module, server).clientAuth(ClientAuth.NEED)
                .clientVerifier(withoutCrls(RevocationPolicy.IF_PRESENT)).withoutClientRevocationCheck().build();
        assertTrue(waived.clientRevocationCheckWaived());
        assertTrue(TlcpConfig.server(module, server).clientAuth(ClientAuth.NEED).clientVerifier(pki.verifier()).build()
                .asksForClientCertificates());
        TlcpConfig eccOnlyNoAuth = TlcpConfig.server(module, server).suites(List.of(CipherSuite.ECC_SM4_CBC_SM3))
                .clientVerifier(withoutCrls(RevocationPolicy.IF_PRESENT)).build();
        assertFalse(eccOnlyNoAuth.asksForClientCertificates(), "a server that never asks needs no CRL");
    }

    /** Before: a revoked client was accepted in silence by a server without CRLs; now it cannot be set up so. */
    @Test
    void aRevokedClientIsRefusedAndANewVerifierAppliesToTheNextHandshake() {
        AtomicReference<CertificateVerifier> current = new AtomicReference<>(pki.verifier());
        TlcpConfig serverConfig = TlcpConfig.server(module, server).clientAuth(ClientAuth.NEED)
                .clientVerifierSource(current::get).build();
        TlcpConfig clientConfig = TlcpConfig.client(module, pki.verifier()).credentials(client).build();
        assertTrue(new EnginePair(clientConfig, serverConfig).handshake().established());

        current.set(pki.verifier(pki.crlRevoking(client.signingCertificate())));
        EnginePair after = new EnginePair(clientConfig, serverConfig).handshake();
        assertEquals(AlertDescription.CERTIFICATE_REVOKED, after.server.failure.alert(), () -> String.valueOf(
                after.server.failure));
    }
}
