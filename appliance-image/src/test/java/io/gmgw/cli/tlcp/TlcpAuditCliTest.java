package io.gmgw.cli.tlcp;

import static io.gmgw.cli.tlcp.TlcpCommandTest.concat;
import static io.gmgw.cli.tlcp.TlcpCommandTest.connect;
import static io.gmgw.cli.tlcp.TlcpCommandTest.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.acl.log.AuditChain;
import io.gmgw.acl.log.ChainRecord;
import io.gmgw.audit.AuditEvent;
import io.gmgw.audit.Outcome;
import io.gmgw.cli.GmgwRun;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tlcp serve} in the audit log: its start (with how clients are checked) and every handshake, accepted with the
 * client's certificate or refused with the alert, as chained records that verify; without a writable audit log it
 * does not start.
 */
class TlcpAuditCliTest {
    private static final CryptoModule MODULE = TestModules.deterministic("tlcp-audit-cli");

    @TempDir
    static Path dir;
    static Path pki;

    @BeforeAll
    static void pki() {
        pki = dir.resolve("pki");
        ok("pki", "init", "--dir", pki.toString());
        ok("pki", "issue", "--dir", pki.toString(), "--server", "localhost");
        ok("pki", "issue", "--dir", pki.toString(), "--client", "carol");
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String[] serve(int port) {
        return concat(new String[] {"tlcp", "serve", "--bind", "127.0.0.1", "--port", Integer.toString(port),
                        "--naccept", "2", "--client-auth", "need"},
                TlcpCommandTest.crls(pki), TlcpServeChecksTest.trust(pki), TlcpServeChecksTest.serverKeys(pki));
    }

    @Test
    void theStartAndEveryHandshakeAreChainedRecords() throws Exception {
        Path log = dir.resolve("serve-audit.log");
        int port = freePort();
        CompletableFuture<GmgwRun> served = CompletableFuture.supplyAsync(
                () -> GmgwRun.withAuditLog(log, MODULE, serve(port)));
        String target = "localhost:" + port;
        TlcpCommandTest.Run carol;
        do { // the server listens once its start is recorded; until then the connection is refused (exit 69)
            carol = connect(new byte[0], concat(new String[] {target}, TlcpServeChecksTest.trust(pki),
                    TlcpServeChecksTest.clientKeys(pki, "carol")));
        } while (carol.exitCode() == 69 && !served.isDone());
        assertEquals(0, carol.exitCode(), carol::toString);
        TlcpCommandTest.Run anonymous = connect(new byte[0], concat(new String[] {target},
                TlcpServeChecksTest.trust(pki)));
        assertTrue(anonymous.exitCode() != 0, anonymous::toString);
        GmgwRun run = served.get(60, TimeUnit.SECONDS);
        assertEquals(0, run.exitCode(), run::toString);

        AuditChain chain = AuditChain.read(MODULE, log);
        assertTrue(chain.intact(), () -> chain.problem().toString());
        List<AuditEvent> tlcp = chain.records().stream().map(r -> ((ChainRecord.Event) r).event())
                .filter(e -> e.event().startsWith("tlcp.")).toList();
        assertEquals(List.of("tlcp.server-start", "tlcp.handshake", "tlcp.handshake"),
                tlcp.stream().map(AuditEvent::event).toList());
        assertTrue(tlcp.get(0).details().get("revocation").startsWith("required: 2 CRL file(s)"), tlcp.get(0)::toString);
        assertEquals(Outcome.SUCCESS, tlcp.get(1).outcome());
        assertEquals("CN=carol", tlcp.get(1).subject());
        assertEquals(Outcome.FAILURE, tlcp.get(2).outcome());
        assertTrue(tlcp.get(2).details().containsKey("alert"), tlcp.get(2)::toString);
    }

    @Test
    void withoutAWritableAuditLogTheServerDoesNotStart() throws Exception {
        Path blocked = Files.writeString(dir.resolve("not-a-folder"), "x").resolve("audit.log");
        GmgwRun run = GmgwRun.withAuditLog(blocked, MODULE, serve(freePort()));
        assertEquals(81, run.exitCode(), run::toString);
        assertTrue(!run.out().contains("listening"), run::toString);
    }
}
