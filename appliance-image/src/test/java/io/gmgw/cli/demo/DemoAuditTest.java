package io.gmgw.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.cli.GmgwRun;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.testing.SystemPeers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every security change the demo makes is in the audit log, as the commands it stands for record it (pki issue, pki
 * crl, acl sign, token init, token keygen, token import-cert); a second run that keeps everything records none.
 */
class DemoAuditTest {
    private static final CryptoModule MODULE = TestModules.deterministic("demo-audit");

    @TempDir
    Path tmp;

    @Test
    void theDemosChangesAreAuditedAndASecondRunChangesNothing() throws IOException {
        SystemPeers.requireFile("gmgw.softkey.library", "the gmgw soft smart key", "it is built by pkcs11-bridge "
                + "when gcc and OpenSSL 3 headers are installed (apt-get install gcc libssl-dev)");
        Path log = tmp.resolve("audit.log");
        Path dir = tmp.resolve("demo");

        GmgwRun first = GmgwRun.withAuditLog(log, MODULE, "demo", "--dir", dir.toString());
        assertEquals(0, first.exitCode(), first::toString);
        List<String> events = Files.readAllLines(log);
        for (String event : new String[] {"ca.init", "ca.issue", "acl.sign", "token.init", "key.generate",
                "token.import-cert"}) {
            assertTrue(events.stream().anyMatch(l -> l.contains("\"event\":\"" + event + "\"")
                    && l.contains("\"outcome\":\"success\"")), event + " in " + events);
        }
        // the ACL signer, and the user's smart-key pair with its serials
        assertTrue(events.stream().anyMatch(l -> l.contains("\"event\":\"ca.issue\"") && l.contains("ACL Signer")),
                "the ACL signer's issuance");
        assertEquals(2, events.stream().filter(l -> l.contains("\"event\":\"key.generate\"")
                && l.contains("pkcs11:token=gmgw-demo")).count(), "sign and enc generated in the token");

        long before = Files.readAllLines(log).size();
        GmgwRun second = GmgwRun.withAuditLog(log, MODULE, "demo", "--dir", dir.toString());
        assertEquals(0, second.exitCode(), second::toString);
        List<String> added = Files.readAllLines(log).subList((int) before, Files.readAllLines(log).size());
        for (String changing : new String[] {"ca.issue", "ca.crl", "acl.sign", "token.init", "key.generate",
                "token.import-cert"}) {
            assertFalse(added.stream().anyMatch(l -> l.contains("\"event\":\"" + changing + "\"")),
                    changing + " on a run that keeps everything: " + added);
        }
    }
}
