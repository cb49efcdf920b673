package io.gmgw.cli.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.audit.AuditEventType;
import io.gmgw.cli.GmgwRun;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gmgw audit verify|show|checkpoint} on a log the CA commands wrote: an intact log verifies; an edited,
 * shortened or re-ordered one does not, with the record named; a checkpoint's signer is checked against --trust; and
 * docs/audit-events.md lists exactly the events gmgw records.
 */
class AuditCommandTest {
    private static final CryptoModule MODULE = TestModules.deterministic("audit-cli");

    @TempDir
    Path tmp;

    private GmgwRun gmgw(Path log, String... args) {
        return GmgwRun.withAuditLog(log, MODULE, args);
    }

    /** A log with a CA set up and a pair issued in it: ca.init, ca.issue. */
    private Path logWithCaEvents() {
        Path log = tmp.resolve("audit.log");
        assertEquals(0, gmgw(log, "pki", "init", "--dir", tmp.resolve("pki").toString()).exitCode());
        assertEquals(0, gmgw(log, "pki", "issue", "--dir", tmp.resolve("pki").toString(), "--client", "ops")
                .exitCode());
        return log;
    }

    private static String head(GmgwRun verify) {
        Matcher m = Pattern.compile("head \\(SM3\\): +([0-9a-f]{64})").matcher(verify.out());
        assertTrue(m.find(), verify::toString);
        return m.group(1);
    }

    @Test
    void anIntactLogVerifiesAndTheVerificationIsRecordedToo() throws IOException {
        Path log = logWithCaEvents();
        GmgwRun verify = gmgw(log, "audit", "verify", "--log", log.toString());
        assertEquals(0, verify.exitCode(), verify::toString);
        assertTrue(verify.out().contains("records:             2 (2 events, 0 ACL versions, 0 checkpoints)"),
                verify::toString);
        assertTrue(verify.out().contains("result:              VALID"), verify::toString);
        assertTrue(Files.readString(log).contains("\"event\":\"audit.verify\""), "verification is an event too");
        assertEquals(0, gmgw(log, "audit", "verify", "--log", log.toString()).exitCode(), "still intact after it");
    }

    @Test
    void editingRemovingOrCuttingRecordsIsFound() throws IOException {
        Path log = logWithCaEvents();
        String head = head(gmgw(log, "audit", "verify", "--log", log.toString()));
        List<String> lines = Files.readAllLines(log);

        Files.write(log, List.of(lines.get(0).replace("\"outcome\":\"success\"", "\"outcome\":\"failure\""),
                lines.get(1), lines.get(2)));
        GmgwRun edited = gmgw(log, "audit", "verify", "--log", log.toString());
        assertEquals(3, edited.exitCode(), edited::toString);
        assertTrue(edited.out().contains("BROKEN at record 2"), "the edited record's successor no longer links: "
                + edited);

        Files.write(log, List.of(lines.get(0), lines.get(2)));
        GmgwRun removed = gmgw(log, "audit", "verify", "--log", log.toString());
        assertEquals(3, removed.exitCode(), removed::toString);
        assertTrue(removed.out().contains("BROKEN at record 2"), removed::toString);

        Files.write(log, List.of(lines.get(0)));
        GmgwRun cut = gmgw(log, "audit", "verify", "--log", log.toString(), "--head", head);
        assertEquals(3, cut.exitCode(), cut::toString);
        assertTrue(cut.out().contains("records were cut from the end"), cut::toString);
    }

    @Test
    void checkpointsAreSignedAndTheirSignersCheckedAgainstTrust() throws IOException {
        Path log = logWithCaEvents();
        Path pki = tmp.resolve("pki");
        Path key = pki.resolve("issued/ops/sign.key.pem");
        GmgwRun checkpoint = gmgw(log, "audit", "checkpoint", "--log", log.toString(), "--key", key.toString());
        assertEquals(0, checkpoint.exitCode(), checkpoint::toString);
        assertTrue(checkpoint.out().contains("signed by 'CN=ops'"), checkpoint::toString);

        // A checkpoint names its signer's certificate alone: trust the CA that issued it.
        GmgwRun trusted = gmgw(log, "audit", "verify", "--log", log.toString(), "--trust",
                pki.resolve("intermediate/ca.cert.pem").toString());
        assertEquals(0, trusted.exitCode(), trusted::toString);
        assertTrue(trusted.out().contains("1 checkpoints"), trusted::toString);
        assertTrue(trusted.out().contains("every signer chains to --trust"), trusted::toString);

        Path other = tmp.resolve("other");
        assertEquals(0, gmgw(tmp.resolve("other.log"), "pki", "init", "--dir", other.toString()).exitCode());
        GmgwRun untrusted = gmgw(log, "audit", "verify", "--log", log.toString(), "--trust",
                other.resolve("intermediate/ca.cert.pem").toString());
        assertEquals(2, untrusted.exitCode(), untrusted::toString);
    }

    @Test
    void showFiltersByEventAndOutcomeAndEscapesHostileText() {
        Path log = logWithCaEvents();
        assertEquals(73, gmgw(log, "pki", "issue", "--dir", tmp.resolve("pki").toString(), "--client", "ops")
                .exitCode());
        GmgwRun all = gmgw(log, "audit", "show", "--log", log.toString());
        assertEquals(0, all.exitCode(), all::toString);
        assertEquals(3, all.out().lines().count(), all::toString);
        GmgwRun failures = gmgw(log, "audit", "show", "--log", log.toString(), "--event", "ca.", "--failures");
        assertEquals(1, failures.out().lines().count(), failures::toString);
        assertTrue(failures.out().contains("ca.issue") && failures.out().contains("failure"), failures::toString);
        GmgwRun json = gmgw(log, "audit", "show", "--log", log.toString(), "--last", "1", "--json");
        assertTrue(json.out().contains("\"event\" : \"ca.issue\""), json::toString);
        assertFalse(json.out().contains("ca.init"), json::toString);
    }

    @Test
    void theDocsListExactlyTheEventsGmgwRecords() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "audit-events.md"));
        String table = doc.substring(doc.indexOf("<!-- events:"), doc.indexOf("<!-- /events -->"));
        List<String> rows = new ArrayList<>();
        for (String line : table.lines().toList()) {
            if (line.startsWith("| `")) {
                rows.add(line);
            }
        }
        List<String> expected = new ArrayList<>();
        for (AuditEventType t : AuditEventType.values()) {
            expected.add("| `" + t.id() + "` | " + t.description() + " | "
                    + t.severity(io.gmgw.audit.Outcome.SUCCESS).id() + " | "
                    + t.severity(io.gmgw.audit.Outcome.FAILURE).id() + " |");
        }
        assertEquals(expected, rows);
    }
}
