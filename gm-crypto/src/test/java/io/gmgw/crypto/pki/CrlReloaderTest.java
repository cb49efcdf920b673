package io.gmgw.crypto.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.core.MalformedEncodingException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * CRL files replaced under a running server: {@link CrlReloader#check()} is called right after each replacement (no
 * timer, no sleep), installs a newer authentic CRL atomically, keeps the old one for anything else, and writes one
 * audit line either way.
 */
class CrlReloaderTest {
    private static final TestPki PKI = new TestPki("crl-reloader");
    private static final Instant NOW = TestPki.during();

    @TempDir
    Path dir;
    private Path rootFile;
    private Path caFile;
    private final ListAppender<ILoggingEvent> audit = new ListAppender<>();

    @BeforeEach
    void files() throws IOException {
        rootFile = write("root.crl.pem", crl(PKI.root, 1, NOW));
        caFile = write("ca.crl.pem", crl(PKI.ca, 1, NOW));
        audit.start();
        Logger logger = (Logger) LoggerFactory.getLogger("audit");
        logger.addAppender(audit);
        logger.setLevel(ch.qos.logback.classic.Level.INFO);
    }

    @AfterEach
    void detach() {
        Logger logger = (Logger) LoggerFactory.getLogger("audit");
        logger.detachAppender(audit);
        logger.setLevel(null);
    }

    private static CertificateVerifier template() {
        return CertificateVerifier.builder(PKI.module).trustAnchor(PKI.root).intermediates(List.of(PKI.ca))
                .revocationPolicy(RevocationPolicy.REQUIRE).build();
    }

    /** A CRL of {@code ca} numbered {@code number}, issued at {@code at}, revoking {@code revoked}. */
    private static Sm2Crl crl(Sm2Certificate ca, long number, Instant at,
            Sm2Certificate... revoked) {
        CryptoModule m = TestPki.module("crl-at-" + at + "-" + number, at);
        var key = ca.equals(PKI.root) ? PKI.rootKey : PKI.caKey;
        List<RevokedCertificate> entries = java.util.Arrays.stream(revoked)
                .map(c -> RevokedCertificate.of(c, at, RevocationReason.KEY_COMPROMISE)).toList();
        return new CrlIssuer(m, ca, key).issue(BigInteger.valueOf(number), Duration.ofDays(30), entries);
    }

    private Path write(String name, Sm2Crl... crls) throws IOException {
        StringBuilder pem = new StringBuilder();
        for (Sm2Crl c : crls) {
            pem.append(c.toPem());
        }
        return write(name, pem.toString());
    }

    /** Replaces {@code name} the way operators should: a new file renamed over the old one. */
    private Path write(String name, String content) throws IOException {
        Path tmp = Files.writeString(dir.resolve(name + ".new"), content);
        return Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * The crl.reload audit records so far (the module records through the {@code audit} logger here), each as
     * "OUTCOME FILE".
     */
    private List<String> crlAuditRecords() {
        tools.jackson.databind.json.JsonMapper json = tools.jackson.databind.json.JsonMapper.builder().build();
        return audit.list.stream().map(ILoggingEvent::getFormattedMessage).filter(m -> m.startsWith("{"))
                .map(json::readTree).filter(n -> n.get("event").asString().equals("crl.reload"))
                .map(n -> n.get("outcome").asString() + " " + n.get("object").asString()).toList();
    }

    private static boolean revoked(CertificateVerifier v, Sm2Certificate c) {
        VerificationResult r = v.verify(c, List.of(PKI.ca), NOW, CertificatePurpose.SIGNING);
        return r instanceof VerificationResult.Invalid i && i.reason() == FailureReason.REVOKED;
    }

    private static boolean valid(CertificateVerifier v, Sm2Certificate c) {
        return v.verify(c, List.of(PKI.ca), NOW, CertificatePurpose.SIGNING).isValid();
    }

    @Test
    void aNewerCrlIsUsedFromTheNextVerificationOnAndAudited() throws IOException {
        CrlReloader reloader = CrlReloader.load(template(), List.of(rootFile, caFile));
        CertificateVerifier before = reloader.get();
        assertTrue(valid(before, PKI.clientSign));
        assertTrue(reloader.check().isEmpty(), "nothing changed");

        write("ca.crl.pem", crl(PKI.ca, 2, NOW, PKI.clientSign));
        List<CrlReloader.Outcome> outcomes = reloader.check();
        assertEquals(1, outcomes.size());
        CrlReloader.Reloaded r = assertInstanceOf(CrlReloader.Reloaded.class, outcomes.get(0));
        assertEquals(caFile, r.file());
        assertTrue(revoked(reloader.get(), PKI.clientSign), "the new CRL is in use");
        assertTrue(valid(before, PKI.clientSign), "a verifier already handed out is not changed under its user");
        assertEquals(RevocationPolicy.REQUIRE, reloader.get().revocationPolicy());
        assertEquals(List.of("success " + caFile), crlAuditRecords());
        assertTrue(reloader.check().isEmpty(), "looked at once per change");
    }

    @Test
    void everyUnacceptableReplacementIsRefusedAuditedAndTheOldCrlKept() throws IOException {
        CrlReloader reloader = CrlReloader.load(template(), List.of(rootFile, caFile));
        Sm2Crl current = crl(PKI.ca, 5, NOW);
        write("ca.crl.pem", current);
        assertInstanceOf(CrlReloader.Reloaded.class, reloader.check().get(0));
        CertificateVerifier good = reloader.get();

        byte[] forged = crl(PKI.ca, 6, NOW, PKI.clientSign).encoded();
        forged[forged.length - 5] ^= 1;
        TestPki other = new TestPki("crl-reloader-other");
        List<String> bad = List.of(
                "not a CRL at all",
                crl(PKI.ca, 4, NOW.plusSeconds(60), PKI.clientSign).toPem(),
                crl(PKI.ca, 5, NOW.plusSeconds(60), PKI.clientSign).toPem(),
                crl(PKI.ca, 5, NOW.minusSeconds(60)).toPem(),
                Sm2Crl.fromDer(forged).toPem(),
                crl(PKI.root, 9, NOW).toPem(),
                new CrlIssuer(other.module, other.ca, other.caKey).issue(BigInteger.TEN, Duration.ofDays(30),
                        List.of()).toPem());
        List<String> expected = List.of("cannot use the new content", "older than the current", "other content",
                "an earlier thisUpdate", "does not verify", "no CRL of '" + PKI.ca.subject() + "'",
                "was not issued by any CA certificate");
        for (int i = 0; i < bad.size(); i++) {
            audit.list.clear();
            write("ca.crl.pem", bad.get(i));
            List<CrlReloader.Outcome> outcomes = reloader.check();
            assertEquals(1, outcomes.size(), expected.get(i));
            CrlReloader.Refused refused = assertInstanceOf(CrlReloader.Refused.class, outcomes.get(0), expected.get(i));
            assertTrue(refused.message().contains(expected.get(i)), refused::message);
            assertTrue(refused.message().contains("keeping " + current), refused::message);
            assertSame(good, reloader.get(), "the verifier in use is unchanged");
            assertTrue(valid(reloader.get(), PKI.clientSign));
            assertEquals(List.of("failure " + caFile), crlAuditRecords());
            assertTrue(reloader.check().isEmpty(), "a refused file is looked at again only when it changes again");
        }

        Files.delete(caFile);
        assertTrue(reloader.check().get(0).message().contains("gone or unreadable"));
        assertSame(good, reloader.get());
        write("ca.crl.pem", crl(PKI.ca, 7, NOW, PKI.clientSign));
        assertInstanceOf(CrlReloader.Reloaded.class, reloader.check().get(0), "back: a good file is taken again");
        assertTrue(revoked(reloader.get(), PKI.clientSign));
    }

    @Test
    void aCrlFromAClockAheadIsUsedOnceItIsValidAndTheOldOneUntilThen() throws IOException {
        CrlReloader reloader = CrlReloader.load(template(), List.of(rootFile, caFile));
        Instant later = NOW.plus(Duration.ofMinutes(5));
        write("ca.crl.pem", crl(PKI.ca, 2, later, PKI.clientSign));
        assertInstanceOf(CrlReloader.Reloaded.class, reloader.check().get(0));
        CertificateVerifier v = reloader.get();
        assertTrue(valid(v, PKI.clientSign), "now, the old CRL still decides");
        VerificationResult after = v.verify(PKI.clientSign, List.of(PKI.ca), later.plusSeconds(1),
                CertificatePurpose.SIGNING);
        assertEquals(FailureReason.REVOKED, ((VerificationResult.Invalid) after).reason(), "then the new one");
    }

    @Test
    void atStartEveryCrlMustBeReadableAndAuthentic() throws IOException {
        assertThrows(NoSuchFileException.class, () -> CrlReloader.load(template(), List.of(dir.resolve("nope.pem"))));
        Path junk = write("junk.pem", "hello");
        MalformedEncodingException m = assertThrows(MalformedEncodingException.class,
                () -> CrlReloader.load(template(), List.of(junk)));
        assertTrue(m.getMessage().contains(junk.toString()), m.getMessage());
        CertificateVerifier rootOnly = CertificateVerifier.builder(PKI.module).trustAnchor(PKI.root).build();
        CertificateVerificationException unknown = assertThrows(CertificateVerificationException.class,
                () -> CrlReloader.load(rootOnly, List.of(caFile)));
        assertEquals(FailureReason.UNKNOWN_CA, unknown.reason());
        assertTrue(unknown.getMessage().contains(caFile.toString()), unknown.getMessage());
        byte[] forged = crl(PKI.ca, 3, NOW).encoded();
        forged[forged.length - 5] ^= 1;
        Path forgedFile = write("forged.crl.pem", Sm2Crl.fromDer(forged).toPem());
        assertEquals(FailureReason.CRL_INVALID, assertThrows(CertificateVerificationException.class,
                () -> CrlReloader.load(template(), List.of(forgedFile))).reason());
        Path der = Files.write(dir.resolve("ca.crl.der"), crl(PKI.ca, 3, NOW).encoded());
        assertEquals(2, CrlReloader.load(template(), List.of(rootFile, der)).get().crls().size(), "DER is read too");
    }

    @Test
    void aVerifierSaysWhetherItHoldsACurrentCrlOfACa() throws IOException {
        CertificateVerifier v = CrlReloader.load(template(), List.of(rootFile, caFile)).get();
        assertTrue(v.crlProblem(PKI.root, NOW).isEmpty());
        assertTrue(v.crlProblem(PKI.ca, NOW).isEmpty());
        assertEquals(FailureReason.CRL_EXPIRED, v.crlProblem(PKI.ca, NOW.plus(Duration.ofDays(31))).orElseThrow()
                .reason());
        assertEquals(FailureReason.CRL_NOT_YET_VALID, v.crlProblem(PKI.ca, NOW.minus(Duration.ofDays(1)))
                .orElseThrow().reason());
        CertificateVerifier rootCrlOnly = CrlReloader.load(template(), List.of(rootFile)).get();
        VerificationResult.Invalid missing = rootCrlOnly.crlProblem(PKI.ca, NOW).orElseThrow();
        assertEquals(FailureReason.CRL_MISSING, missing.reason());
        assertTrue(missing.message().contains("the certificates it issues"), missing.message());
    }
}
