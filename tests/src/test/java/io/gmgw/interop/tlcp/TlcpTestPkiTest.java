package io.gmgw.interop.tlcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.crypto.key.KeyHandle;
import io.gmgw.crypto.key.KeyOptions;
import io.gmgw.crypto.key.KeyProviders;
import io.gmgw.crypto.pki.CertificatePurpose;
import io.gmgw.crypto.pki.CertificateVerifier;
import io.gmgw.crypto.pki.KeyUsage;
import io.gmgw.crypto.pki.RevocationPolicy;
import io.gmgw.crypto.pki.Sm2Certificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The live-interop test PKI: profiles, names, chains and key files as the peers need them. */
class TlcpTestPkiTest {
    private final CryptoModule module = TestModules.deterministic("tlcp test pki");

    @Test
    void doublePairsChainToTheRootAndTheStrangerDoesNot(@TempDir Path dir) throws Exception {
        TlcpTestPki pki = TlcpTestPki.create(module, dir);
        CertificateVerifier verifier = CertificateVerifier.builder(module).trustAnchor(pki.rootCertificate())
                .revocationPolicy(RevocationPolicy.IF_PRESENT).build();
        List<Sm2Certificate> chain = List.of(pki.caCertificate());
        for (TlcpParty p : List.of(pki.server(), pki.client())) {
            assertTrue(verifier.verify(p.sign(), chain, module.clock().instant(), CertificatePurpose.SIGNING)
                    .isValid(), p.name());
            assertTrue(verifier.verify(p.enc(), chain, module.clock().instant(), CertificatePurpose.ENCRYPTION)
                    .isValid(), p.name());
            assertEquals(Set.of(KeyUsage.DIGITAL_SIGNATURE, KeyUsage.NON_REPUDIATION), p.sign().keyUsage());
            assertEquals(Set.of(KeyUsage.KEY_ENCIPHERMENT, KeyUsage.DATA_ENCIPHERMENT, KeyUsage.KEY_AGREEMENT),
                    p.enc().keyUsage());
            assertFalse(p.sign().publicKey().equals(p.enc().publicKey()), "two keys per party");
        }
        assertEquals(List.of(TlcpTestPki.SERVER_NAME), pki.server().sign().dnsNames());
        assertEquals(List.of(TlcpTestPki.SERVER_NAME), pki.server().enc().dnsNames());
        assertFalse(verifier.verify(pki.stranger().sign(), List.of(Sm2Certificate.fromPem(
                Files.readString(pki.strangerRoot())).get(0)), module.clock().instant(), CertificatePurpose.SIGNING)
                .isValid());
    }

    @Test
    void filesHoldWhatTheRecordsSay(@TempDir Path dir) throws Exception {
        TlcpTestPki pki = TlcpTestPki.create(module, dir);
        assertEquals(pki.rootCertificate(), Sm2Certificate.fromPem(Files.readString(pki.root())).get(0));
        assertEquals(pki.caCertificate(), Sm2Certificate.fromPem(Files.readString(pki.chain())).get(0));
        TlcpParty server = pki.server();
        assertEquals(server.sign(), Sm2Certificate.fromPem(Files.readString(server.signCertificate())).get(0));
        assertEquals(server.enc(), Sm2Certificate.fromPem(Files.readString(server.encCertificate())).get(0));
        try (KeyHandle sign = KeyProviders.load(module).open(server.signKey().toString(), KeyOptions.none());
                KeyHandle enc = KeyProviders.load(module).open(server.encKey().toString(), KeyOptions.none())) {
            assertEquals(server.sign().publicKey(), sign.publicKey());
            assertEquals(server.enc().publicKey(), enc.publicKey());
        }
        TlcpParty single = pki.client().signingOnly();
        assertFalse(single.hasEncryptionPair());
        assertEquals(pki.client().signKey(), single.signKey());
    }
}
