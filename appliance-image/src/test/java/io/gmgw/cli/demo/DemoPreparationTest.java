package io.gmgw.cli.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.acl.sign.AclSignerPolicy;
import io.gmgw.acl.sign.AclVerification;
import io.gmgw.acl.sign.AclVerifier;
import io.gmgw.acl.sign.SignedAcl;
import io.gmgw.acl.sign.SignedAclGuard;
import io.gmgw.audit.Audit;
import io.gmgw.cli.GmgwRun;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.crypto.key.KeyHandle;
import io.gmgw.crypto.key.KeyOptions;
import io.gmgw.crypto.key.KeyProviders;
import io.gmgw.crypto.key.SecretSources;
import io.gmgw.crypto.pki.DistinguishedNames;
import io.gmgw.crypto.pki.ExtendedKeyUsages;
import io.gmgw.crypto.pki.PemFiles;
import io.gmgw.crypto.pki.Sm2Certificate;
import io.gmgw.crypto.sm2.Sm2;
import io.gmgw.gateway.config.GatewayConfig;
import io.gmgw.gateway.config.GatewayConfigLoader;
import io.gmgw.gateway.config.GroupSettings;
import io.gmgw.gateway.policy.GroupAcl;
import io.gmgw.gateway.policy.PolicyLoader;
import io.gmgw.testing.SystemPeers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code gmgw demo} prepares for the gateway and the client, checked with the code that will use it: the group
 * ACLs through acl-integrity's verifier and the gateway's {@link PolicyLoader}, gateway.yaml and the documented
 * example through {@link GatewayConfigLoader}, the smart key through the pkcs11: key provider (a signature made in the
 * token verifies against the user's certificate). And that a second run keeps all of it.
 */
class DemoPreparationTest {
    @TempDir
    Path ws;

    private Path dir;
    private final CryptoModule module = TestModules.production();

    @BeforeEach
    void library() {
        SystemPeers.requireFile("gmgw.softkey.library", "the gmgw soft smart key", "it is built by pkcs11-bridge "
                + "('./mvnw -pl pkcs11-bridge compile') when gcc and OpenSSL 3 headers are installed (apt-get install "
                + "gcc libssl-dev)");
        dir = ws.resolve("demo");
    }

    @Test
    void theGroupAclIsSignedByTheAclSignerAndTheGatewayLoadsIt() throws IOException {
        demo();
        DemoLayout layout = new DemoLayout(dir);
        Path acl = layout.groupAcl();
        Sm2Certificate signer = PemFiles.certificate(layout.pki().issued(DemoLayout.ACL_SIGNER).certificate(true));
        assertEquals(List.of(ExtendedKeyUsages.ACL_SIGNING), signer.extendedKeyUsages());

        AclVerification report = verifier(layout).verify(acl.toString(), Files.readAllBytes(acl),
                SignedAcl.cmsFile(acl).toString(), Files.readAllBytes(SignedAcl.cmsFile(acl)));
        assertTrue(report.valid(), report::toString);
        assertEquals(signer.serialHex(), report.signer().serial());

        GroupAcl loaded = new PolicyLoader(guard(layout), Audit.toLogger(Clock.systemUTC())).load(DemoLayout.GROUP,
                acl, null);
        assertEquals(3, loaded.entries().size(), loaded::toString);
    }

    @Test
    void gatewayYamlPassesTheGatewaysValidation() throws IOException {
        demo();
        DemoLayout layout = new DemoLayout(dir);
        GatewayConfig config = GatewayConfigLoader.load(layout.gatewayConfig());

        assertEquals("127.0.0.1", config.listen().addresses().get(0).getHostAddress());
        int port = config.listen().port();
        assertTrue(port >= GatewayConfigDemoStep.FIRST_PORT && port < GatewayConfigDemoStep.FIRST_PORT
                + GatewayConfigDemoStep.PORTS_TRIED, "port " + port);
        assertTrue(config.tlcp().enabled());
        assertFalse(config.tls().enabled());
        GroupSettings group = config.groups().get(DemoLayout.GROUP);
        assertEquals(layout.groupAcl(), group.acl());
        assertEquals(DemoLayout.POOL, config.pools().get(group.ipv4Pool().orElseThrow()).ipv4().orElseThrow()
                .toString());
        assertEquals(layout.controlSocket(), config.control().socket());
        assertEquals("responder", config.dataPlane().mode().toString().toLowerCase(java.util.Locale.ROOT));
        GmgwRun check = GmgwRun.run("config", "check", layout.gatewayConfig().toString());
        assertEquals(0, check.exitCode(), check::toString);
    }

    @Test
    void theSmartKeyHoldsTheUsersKeysAndCertificates() throws IOException {
        demo();
        DemoLayout layout = new DemoLayout(dir);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(layout.userPinFile())));
        Path library = SoftKeyLibrary.locate().library().orElseThrow();
        Sm2Certificate signCert = PemFiles.certificate(layout.pki().issued(DemoLayout.USER_SMART_KEY_PAIR)
                .certificate(true));
        Sm2Certificate encCert = PemFiles.certificate(layout.pki().issued(DemoLayout.USER_SMART_KEY_PAIR)
                .certificate(false));
        assertEquals(DistinguishedNames.parse("CN=" + DemoLayout.USER + ", OU=" + DemoLayout.GROUP),
                signCert.subject());
        assertFalse(Files.exists(layout.pki().issued(DemoLayout.USER_SMART_KEY_PAIR).key(true)),
                "the keys stay in the token");
        KeyOptions pin = KeyOptions.withPassword(SecretSources.parse("file:" + layout.userPinFile()));
        byte[] message = "through the tunnel".getBytes(StandardCharsets.UTF_8);
        try (SoftKeyStore store = SoftKeyStore.use(layout.softKeyStore());
                KeyHandle sign = KeyProviders.load(module).open(layout.smartKeyUri(DemoLayout.SIGN_LABEL, library),
                        pin);
                KeyHandle enc = KeyProviders.load(module).open(layout.smartKeyUri(DemoLayout.ENC_LABEL, library),
                        pin)) {
            assertEquals(signCert, sign.certificateChain().get(0), "the certificate stored with the key");
            assertEquals(encCert, enc.certificateChain().get(0));
            byte[] signature = sign.sign(message, Sm2.defaultUserId());
            assertTrue(module.sm2().verify(signCert.publicKey(), message, signature), "a token signature verifies");
            assertEquals(encCert.publicKey(), enc.publicKey());
        }
    }

    @Test
    void aSecondRunKeepsEverythingAndResignsAnEditedAcl() throws IOException {
        demo();
        DemoLayout layout = new DemoLayout(dir);
        byte[] yaml = Files.readAllBytes(layout.gatewayConfig());
        byte[] cms = Files.readAllBytes(SignedAcl.cmsFile(layout.groupAcl()));

        GmgwRun second = demo();
        for (String kept : new String[] {"crl: CRLs of the root and issuing CA current", "group ACL: "
                + layout.groupAcl() + " and its signature already there, kept", "gateway config: "
                + layout.gatewayConfig() + " already there, kept (valid; listens on 127.0.0.1:",
                "smart key: keys and certificates of demo-user already there, kept"}) {
            assertTrue(second.out().contains(kept), kept + " in " + second);
        }
        for (String verb : new String[] {"created", "wrote", "made", "signed", "issued"}) {
            assertFalse(second.out().contains(": " + verb + " "), verb + " in " + second);
        }
        assertArrayEquals(yaml, Files.readAllBytes(layout.gatewayConfig()));
        assertArrayEquals(cms, Files.readAllBytes(SignedAcl.cmsFile(layout.groupAcl())));

        Files.writeString(layout.groupAcl(), Files.readString(layout.groupAcl()).replace(" 30 deny ip any any",
                " 25 permit udp any host 10.88.0.1 eq 9\n 30 deny ip any any"));
        GmgwRun third = demo();
        assertTrue(third.out().contains("kept, signed again (its signature did not verify"), third::toString);
        assertTrue(Files.exists(Path.of(SignedAcl.cmsFile(layout.groupAcl()) + ".1")), "the old signature is kept");
        assertEquals(4, new PolicyLoader(guard(layout), Audit.toLogger(Clock.systemUTC())).load(DemoLayout.GROUP,
                layout.groupAcl(), null).entries().size());
    }

    @Test
    void theDocumentedExampleIsValidWithSignedAclsAfterTheDemo() throws IOException {
        Path conf = Files.createDirectories(ws.resolve("conf/vpn-acls"));
        Files.copy(Path.of("..", "conf", "gateway.yaml"), ws.resolve("conf/gateway.yaml"));
        try (Stream<Path> acls = Files.list(Path.of("..", "conf", "vpn-acls"))) {
            for (Path acl : acls.filter(p -> p.toString().endsWith(".cfg")).toList()) {
                Files.copy(acl, conf.resolve(acl.getFileName()));
            }
        }

        GmgwRun first = demo();
        assertTrue(first.out().contains("example ACLs: signed contractors.cisco-ios.cfg, staff.cisco-ios.cfg in "
                + conf), first::toString);
        GatewayConfig example = GatewayConfigLoader.load(ws.resolve("conf/gateway.yaml"));
        DemoLayout layout = new DemoLayout(dir);
        PolicyLoader loader = new PolicyLoader(guard(layout), Audit.toLogger(Clock.systemUTC()));
        for (GroupSettings g : example.groups().values()) {
            assertFalse(loader.load(g.name(), g.acl(), null).entries().isEmpty(), g.name());
        }
        assertTrue(demo().out().contains("example ACLs: signatures of contractors.cisco-ios.cfg, "
                + "staff.cisco-ios.cfg in " + conf + " already there, kept"));
    }

    private GmgwRun demo() {
        GmgwRun run = GmgwRun.run("demo", "--dir", dir.toString());
        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("", run.err());
        return run;
    }

    private SignedAclGuard guard(DemoLayout layout) throws IOException {
        return SignedAclGuard.builder(module)
                .trustAnchors(List.of(PemFiles.certificate(layout.pki().root().certificate())))
                .crls(List.of(PemFiles.crl(layout.pki().root().crl()), PemFiles.crl(layout.pki().intermediate()
                        .crl())))
                .signerPolicy(AclSignerPolicy.aclSigningExtendedKeyUsage()).build();
    }

    private AclVerifier verifier(DemoLayout layout) throws IOException {
        return AclVerifier.builder(module)
                .trustAnchors(List.of(PemFiles.certificate(layout.pki().root().certificate())))
                .crls(List.of(PemFiles.crl(layout.pki().root().crl()), PemFiles.crl(layout.pki().intermediate()
                        .crl())))
                .signerPolicy(AclSignerPolicy.aclSigningExtendedKeyUsage()).build();
    }
}
