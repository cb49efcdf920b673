package io.gmgw.gateway.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.acl.AclTestPki;
import io.gmgw.acl.format.AclDocument;
import io.gmgw.acl.sign.AclSigner;
import io.gmgw.audit.Actor;
import io.gmgw.audit.Audit;
import io.gmgw.audit.AuditEvent;
import io.gmgw.audit.Outcome;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.gateway.GatewayException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyLoaderTest {
    static final AclTestPki PKI = new AclTestPki("gateway-policy");
    static final CryptoModule NOW = AclTestPki.module("gateway-policy-now", AclTestPki.DURING);

    @TempDir
    Path dir;
    final List<AuditEvent> events = new CopyOnWriteArrayList<>();
    final Audit audit = new Audit(events::add, Clock.fixed(AclTestPki.DURING, ZoneOffset.UTC),
            new Actor("gmgw", 0, "gw1", 1, "gmgw sslvpn run"), Map.of("run", "r1"));
    final PolicyLoader loader = new PolicyLoader(PKI.guard(NOW).build(), audit);

    static void sign(Path file, AclTestPki.Signer signer, long version) throws IOException {
        byte[] content = Files.readAllBytes(file);
        new AclSigner(NOW, signer.key(), signer.chain()).sign(content, AclDocument.parse(content), "eng", version,
                new byte[0]).writeBeside(file);
    }

    Path write(String text) throws IOException {
        Path f = dir.resolve("eng.acl");
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return f;
    }

    @Test
    void aSignedAclLoadsAndIsAudited() throws IOException {
        Path f = write(GroupAclTest.ENG);
        sign(f, PKI.signer, 3);
        GroupAcl acl = loader.load("eng", f, null);
        assertEquals(3, acl.version());
        assertEquals(13, acl.entries().size());
        assertEquals("eng", acl.group());
        AuditEvent e = events.getLast();
        assertEquals("policy.load", e.event());
        assertEquals(Outcome.SUCCESS, e.outcome());
        assertEquals("group eng", e.subject());
        assertEquals(f.toString(), e.object());
        assertEquals("3", e.correlation().get("aclVersion"));
        assertEquals("13", e.details().get("entries"));
        assertTrue(e.details().get("signer").contains("CN=ACL signer"), e.details().toString());
        assertEquals(acl.sm3(), e.details().get("sm3"));
    }

    @Test
    void anUnsignedAclIsRefusedNamingTheFileAndWhatToDo() throws IOException {
        Path f = write(GroupAclTest.ENG);
        GatewayException e = assertThrows(GatewayException.class, () -> loader.load("eng", f, null));
        assertEquals(GatewayException.Kind.POLICY, e.kind());
        assertTrue(e.getMessage().startsWith("group 'eng': ACL refused: " + f + " is not signed"), e.getMessage());
        assertTrue(e.getMessage().contains("gmgw acl sign " + f), e.getMessage());
        assertTrue(e.getMessage().endsWith("The gateway does not start with it."), e.getMessage());
        assertRefusalAudited(f, "signature_invalid");
    }

    @Test
    void aTamperedAclIsRefused() throws IOException {
        Path f = write(GroupAclTest.ENG);
        sign(f, PKI.signer, 1);
        Files.writeString(f, GroupAclTest.ENG.replace("10.1.2.0 0.0.0.255 eq 22", "any eq 22"));
        GatewayException e = assertThrows(GatewayException.class, () -> loader.load("eng", f, null));
        assertEquals(GatewayException.Kind.POLICY, e.kind());
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        assertRefusalAudited(f, "signature_invalid");
    }

    @Test
    void aWronglySignedAclIsRefused() throws IOException {
        Path f = write(GroupAclTest.ENG);
        sign(f, PKI.stranger, 1); // chains to another root
        GatewayException stranger = assertThrows(GatewayException.class, () -> loader.load("eng", f, null));
        assertRefusalAudited(f, "certificate");
        sign(f, PKI.plain, 1); // a VPN user's signing certificate: not an ACL signer
        GatewayException plain = assertThrows(GatewayException.class, () -> loader.load("eng", f, null));
        assertEquals(GatewayException.Kind.POLICY, stranger.kind());
        assertEquals(GatewayException.Kind.POLICY, plain.kind());
        assertTrue(plain.getMessage().contains(f.toString()), plain.getMessage());
        assertEquals(Outcome.FAILURE, events.getLast().outcome());
    }

    @Test
    void aSignedAclThatIsNotValidSyntaxIsRefusedWithItsLine() throws IOException {
        Path f = write("ip access-list extended ENG\n permit tcp any any eq 22\n permit ip any any dscp ef\n");
        sign(f, PKI.signer, 1);
        GatewayException e = assertThrows(GatewayException.class, () -> loader.load("eng", f, null));
        assertTrue(e.getMessage().contains(f + ":3: 'dscp' is not supported"), e.getMessage());
        assertTrue(e.getMessage().contains("sign the file again"), e.getMessage());
        assertRefusalAudited(f, "syntax");
        assertEquals("3", events.getLast().details().get("line"));
    }

    @Test
    void aFailedReloadKeepsThePreviousVersionLive() throws IOException {
        Path f = write(GroupAclTest.ENG);
        sign(f, PKI.signer, 1);
        GroupPolicy policy = new GroupPolicy("eng", f, loader, new DropSampler(audit, () -> 1, java.time.Duration
                .ofSeconds(10)));
        GroupAcl first = policy.current();
        Files.writeString(f, GroupAclTest.ENG + " sequence 50 permit ipv6 any any\n"); // edited, not re-signed
        GatewayException e = assertThrows(GatewayException.class, policy::reload);
        assertTrue(e.getMessage().endsWith("The previous version (1, SM3 " + first.sm3() + ") stays in force."),
                e.getMessage());
        assertSame(first, policy.current());
        assertTrue(events.getLast().reason().contains("stays in force"));
        sign(f, PKI.signer, 2);
        GroupAcl second = policy.reload();
        assertSame(second, policy.current());
        assertEquals(2, second.version());
        assertEquals(14, second.entries().size());
        assertEquals("true", events.getLast().details().get("reload"));
    }

    @Test
    void anOlderValidlySignedAclIsRefusedOnReloadAndTheCurrentStaysLive() throws IOException {
        Path f = write(GroupAclTest.ENG);
        sign(f, PKI.signer, 1);
        byte[] oldContent = Files.readAllBytes(f);
        byte[] oldSignature = Files.readAllBytes(dir.resolve("eng.acl.p7s"));
        Files.writeString(f, GroupAclTest.ENG + " sequence 50 permit ipv6 any any\n");
        sign(f, PKI.signer, 2);
        GroupPolicy policy = new GroupPolicy("eng", f, loader, new DropSampler(audit, () -> 1, java.time.Duration
                .ofSeconds(10)));
        GroupAcl current = policy.current();
        assertEquals(2, current.version());
        // Someone puts back version 1, file and signature as they were signed: the signature is valid.
        Files.write(f, oldContent);
        Files.write(dir.resolve("eng.acl.p7s"), oldSignature);
        GatewayException e = assertThrows(GatewayException.class, policy::reload);
        assertEquals(GatewayException.Kind.POLICY, e.kind());
        assertTrue(e.getMessage().contains("version 1 is older than version 2 in force"), e.getMessage());
        assertTrue(e.getMessage().endsWith("The previous version (2, SM3 " + current.sm3() + ") stays in force."),
                e.getMessage());
        assertSame(current, policy.current());
        assertRefusalAudited(f, "rollback");
        assertEquals("1", events.getLast().details().get("version"));
        assertEquals("2", events.getLast().details().get("versionInForce"));
    }

    @Test
    void theSameVersionWithOtherContentIsRefusedOnReloadAndTheSameFileReloads() throws IOException {
        Path f = write(GroupAclTest.ENG);
        sign(f, PKI.signer, 4);
        GroupPolicy policy = new GroupPolicy("eng", f, loader, new DropSampler(audit, () -> 1, java.time.Duration
                .ofSeconds(10)));
        GroupAcl current = policy.current();
        assertEquals(4, policy.reload().version(), "the same signed file again is not a rollback");
        current = policy.current();
        Files.writeString(f, GroupAclTest.ENG + " sequence 50 permit ipv6 any any\n");
        sign(f, PKI.signer, 4);
        GatewayException e = assertThrows(GatewayException.class, policy::reload);
        assertTrue(e.getMessage().contains("version 4 is the version in force, but its SM3"), e.getMessage());
        assertSame(current, policy.current());
        assertRefusalAudited(f, "rollback");
        sign(f, PKI.signer, 5);
        assertEquals(5, policy.reload().version());
    }

    @Test
    void aGroupPolicyThatDoesNotVerifyKeepsTheGatewayFromStarting() throws IOException {
        Path f = write(GroupAclTest.ENG);
        GatewayException e = assertThrows(GatewayException.class, () -> new GroupPolicy("eng", f, loader,
                new DropSampler(audit, () -> 1, java.time.Duration.ofSeconds(10))));
        assertEquals(GatewayException.Kind.POLICY, e.kind());
    }

    private void assertRefusalAudited(Path f, String kind) {
        AuditEvent e = events.getLast();
        assertEquals("policy.load", e.event());
        assertEquals(Outcome.FAILURE, e.outcome());
        assertEquals("error", e.severity().id());
        assertEquals(f.toString(), e.object());
        assertEquals("group eng", e.subject());
        assertEquals(kind, e.details().get("kind"));
        assertTrue(e.reason().contains(f.toString()) || kind.equals("syntax"), e.reason());
    }
}
