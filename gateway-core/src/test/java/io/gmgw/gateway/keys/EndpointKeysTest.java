package io.gmgw.gateway.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.crypto.ca.CaSetup;
import io.gmgw.crypto.ca.KeyFileProtection;
import io.gmgw.crypto.ca.PairIssuance;
import io.gmgw.crypto.ca.PkiFolder;
import io.gmgw.crypto.key.KeyLoadException;
import io.gmgw.crypto.pki.DistinguishedNames;
import io.gmgw.crypto.pki.Sm2Certificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A TLCP endpoint's keys by path, as the gateway's configuration and {@code tlcp serve} name them: certificates
 * beside the key or named, the CA chain without the root, and the errors that name the option or key.
 */
class EndpointKeysTest {
    private static final CryptoModule MODULE = TestModules.deterministic("endpoint-keys");

    @TempDir
    static Path tmp;

    private static PkiFolder.IssuedFolder server;
    private static PkiFolder pki;

    @BeforeAll
    static void pki() throws Exception {
        pki = new PkiFolder(tmp.resolve("pki"));
        CaSetup.create(MODULE, MODULE.audit(), pki, new CaSetup.Request(DistinguishedNames.parse("CN=Root"),
                DistinguishedNames.parse("CN=Issuing"), Duration.ofDays(30), Duration.ofDays(20),
                Duration.ofDays(7)), KeyFileProtection.none(), null);
        server = PairIssuance.issue(MODULE, MODULE.audit(), pki, new PairIssuance.Request(PairIssuance.Kind.SERVER,
                "gw", null, null, List.of("gw.example"), Duration.ofDays(10), new PairIssuance.KeySource.Generate(),
                new PairIssuance.KeySource.Generate()), KeyFileProtection.none(), null, null).folder();
    }

    private static KeyReference key(boolean signing, Path cert) {
        return new KeyReference(signing ? "--sign-key" : "--enc-key", server.key(signing).toString(),
                signing ? "--sign-cert" : "--enc-cert", cert, null);
    }

    @Test
    void certificatesComeFromBesideTheKeysAndTheChainLosesItsRoot() throws Exception {
        try (EndpointKeys keys = EndpointKeys.open(MODULE, key(true, null), key(false, null), null, "--chain")) {
            assertEquals("CN=gw", keys.signingCertificate().subject().toString().replaceAll(",.*", ""));
            assertTrue(keys.hasEncryptionKey());
            assertEquals(keys.signingKey().publicKey(), keys.signingCertificate().publicKey());
            assertEquals(keys.encryptionKey().publicKey(), keys.encryptionCertificate().publicKey());
            assertEquals(List.of("CN=Issuing"), keys.chain().stream().map(c -> c.subject().toString()).toList(),
                    "the issuing CA is sent, the self-signed root is not");
        }
    }

    @Test
    void namedCertificateAndChainFilesWin() throws Exception {
        Path chain = pki.intermediate().certificate();
        try (EndpointKeys keys = EndpointKeys.open(MODULE, key(true, server.certificate(true)), null, chain,
                "--chain")) {
            assertEquals(Sm2Certificate.fromPem(Files.readString(server.certificate(true))).get(0),
                    keys.signingCertificate());
            assertEquals(null, keys.encryptionKey());
            assertEquals(1, keys.chain().size());
        }
    }

    @Test
    void aKeyWithoutCertificateSaysWhereToPutOne() throws Exception {
        Path alone = Files.copy(server.key(true), tmp.resolve("alone.key.pem"));
        KeyReference ref = new KeyReference("conf/gateway.yaml:7:13: tlcp.sign-key", alone.toString(),
                "tlcp.sign-cert: FILE", null, null);
        KeyWiringException e = assertThrows(KeyWiringException.class, () -> EndpointKeys.open(MODULE, ref, null,
                null, "tlcp.chain"));
        assertEquals(KeyWiringException.Problem.NO_CERTIFICATE, e.problem());
        assertTrue(e.getMessage().startsWith("no certificate for conf/gateway.yaml:7:13: tlcp.sign-key "),
                e.getMessage());
        assertTrue(e.getMessage().contains("give tlcp.sign-cert: FILE PEM, or keep the certificate with the key"),
                e.getMessage());
    }

    @Test
    void aKeyThatCannotBeOpenedNamesWhatNamedIt() {
        KeyReference missing = new KeyReference("--enc-key", tmp.resolve("none.pem").toString(), "--enc-cert", null,
                null);
        KeyLoadException e = assertThrows(KeyLoadException.class, () -> EndpointKeys.open(MODULE, key(true, null),
                missing, null, "--chain"));
        assertEquals(KeyLoadException.Reason.NOT_FOUND, e.reason());
        assertTrue(e.getMessage().startsWith("--enc-key "), e.getMessage());
    }
}
