package io.gmgw.cli.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.acl.log.AuditChain;
import io.gmgw.acl.log.ChainRecord;
import io.gmgw.audit.AuditEvent;
import io.gmgw.audit.Outcome;
import io.gmgw.cli.GmgwRun;
import io.gmgw.crypto.ca.PkiFolder;
import io.gmgw.crypto.pki.Sm2Certificate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every CA operation leaves one structured record in the hash-chained audit log, successes and refusals alike, and
 * the chain verifies after each command; when the audit log cannot be written, a command that would change the CA
 * refuses to run (81) and changes nothing, while a command that only reads goes on with a warning.
 */
class PkiAuditTest {
    @TempDir
    Path tmp;

    private GmgwRun pki(Path log, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "pki";
        System.arraycopy(args, 0, all, 1, args.length);
        return GmgwRun.withAuditLog(log, PkiCli.MODULE, all);
    }

    private static List<AuditEvent> events(Path log) throws IOException {
        AuditChain chain = AuditChain.read(PkiCli.MODULE, log);
        assertTrue(chain.intact(), () -> chain.problem().toString());
        return chain.records().stream().map(r -> ((ChainRecord.Event) r).event()).toList();
    }

    @Test
    void everyCaOperationIsOneChainedRecordNamingWhatItDid() throws IOException {
        Path log = tmp.resolve("logs/audit.log");
        Path dir = tmp.resolve("pki");
        assertEquals(0, pki(log, "init", "--dir", dir.toString()).exitCode());
        GmgwRun issued = pki(log, "issue", "--dir", dir.toString(), "--client", "alice");
        assertEquals(0, issued.exitCode(), issued::toString);
        PkiFolder folder = new PkiFolder(dir);
        Sm2Certificate sign = PkiCli.certificate(folder.issued("alice").certificate(true));
        assertEquals(0, pki(log, "revoke", "--dir", dir.toString(), "--cert",
                folder.issued("alice").certificate(true).toString(), "--reason", "keyCompromise").exitCode());
        assertEquals(0, pki(log, "crl", "--dir", dir.toString(), "--ca", "root").exitCode());
        assertEquals(73, pki(log, "issue", "--dir", dir.toString(), "--client", "alice").exitCode());

        List<AuditEvent> events = events(log);
        assertEquals(List.of("ca.init", "ca.issue", "ca.revoke", "ca.crl", "ca.crl", "ca.issue"),
                events.stream().map(AuditEvent::event).toList());
        AuditEvent issue = events.get(1);
        assertEquals(Outcome.SUCCESS, issue.outcome());
        assertEquals(sign.subject().toString(), issue.subject());
        assertEquals(sign.serialHex(), issue.correlation().get("signSerial"));
        assertEquals("gmgw pki issue", issue.actor().program());
        assertEquals(System.getProperty("user.name"), issue.actor().user());
        AuditEvent revoke = events.get(2);
        assertEquals(sign.serialHex(), revoke.correlation().get("serial"));
        assertEquals("keyCompromise", revoke.details().get("reason"));
        assertEquals("2", events.get(3).correlation().get("crlNumber"), "the revocation's fresh CRL");
        AuditEvent refused = events.get(5);
        assertEquals(Outcome.FAILURE, refused.outcome());
        assertTrue(refused.reason().contains("already issued"), refused.reason());
        assertEquals("exists", refused.details().get("kind"));
        assertTrue(events.stream().allMatch(e -> e.correlation().containsKey("run")));
    }

    @Test
    void withoutAWritableAuditLogACaChangeRefusesToRunAndChangesNothing() throws IOException {
        Path good = tmp.resolve("good.log");
        Path dir = tmp.resolve("pki");
        assertEquals(0, pki(good, "init", "--dir", dir.toString()).exitCode());
        Map<String, String> before = PkiCli.snapshot(dir);
        Path blocked = Files.writeString(tmp.resolve("not-a-folder"), "x").resolve("audit.log");

        GmgwRun run = pki(blocked, "issue", "--dir", dir.toString(), "--client", "bob");

        assertEquals(81, run.exitCode(), run::toString);
        assertTrue(run.err().contains("cannot write the audit log " + blocked), run::toString);
        assertTrue(run.err().contains("nothing was changed"), run::toString);
        assertEquals(before, PkiCli.snapshot(dir), "no serial used, no file written");

        // A reading command starts the module as production does: its self-test record cannot be written either.
        GmgwRun show = GmgwRun.withAuditLog(blocked, null, "pki", "show", "--dir", dir.toString(),
                new PkiFolder(dir).root().certificate().toString());
        assertEquals(0, show.exitCode(), show::toString);
        assertTrue(show.err().contains("warning: cannot write the audit log"), show::toString);
    }

    @Test
    void aSecondPairForOneHostGoesToItsOwnFolderWithTheSanOrderGiven() throws IOException {
        Path log = tmp.resolve("audit.log");
        Path dir = tmp.resolve("pki");
        assertEquals(0, pki(log, "init", "--dir", dir.toString()).exitCode());
        assertEquals(0, pki(log, "issue", "--dir", dir.toString(), "--server", "vpn.example.com").exitCode());
        GmgwRun second = pki(log, "issue", "--dir", dir.toString(), "--server", "vpn.example.com", "--name",
                "vpn-2", "--dns", "vpn.example.net,vpn.example.com");
        assertEquals(0, second.exitCode(), second::toString);

        PkiFolder folder = new PkiFolder(dir);
        assertEquals(List.of("vpn.example.com"),
                PkiCli.certificate(folder.issued("vpn.example.com").certificate(true)).dnsNames());
        Sm2Certificate again = PkiCli.certificate(folder.issued("vpn-2").certificate(true));
        assertEquals(List.of("vpn.example.net", "vpn.example.com"), again.dnsNames(), "--dns listing NAME sets the order");
        assertEquals("CN=vpn.example.com", again.subject().toString());
        assertEquals(0, pki(log, "issue", "--dir", dir.toString(), "--server", "vpn.example.com", "--name",
                "vpn-3", "--dns", "vpn.example.net").exitCode());
        assertEquals(List.of("vpn.example.com", "vpn.example.net"),
                PkiCli.certificate(folder.issued("vpn-3").certificate(true)).dnsNames(), "NAME first by default");
    }
}
