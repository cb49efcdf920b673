package io.gmgw.cli.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.cli.GmgwRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class PkiHelpAndDocsTest {
    private static final Path DOC = Path.of("..", "docs", "pki.md");
    private static final List<String> COMMANDS = List.of("init", "issue", "csr", "revoke", "crl", "show");

    private static List<String> layout() {
        return List.of(PkiCommand.LAYOUT.split("%n"));
    }

    @Test
    void pkiHelpEndsWithTheFolderLayoutAndListsEveryCommand() {
        GmgwRun run = GmgwRun.run("pki", "--help");

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(0, run.modulesStarted());
        for (String line : layout()) {
            assertTrue(line.length() < 80, "fits a terminal without wrapping: " + line);
            assertTrue(run.out().contains(line + System.lineSeparator()), () -> "missing '" + line + "' in\n" + run);
        }
        for (String command : COMMANDS) {
            assertTrue(run.out().lines().anyMatch(l -> l.startsWith("  " + command + " ")), command);
        }
    }

    @Test
    void everyPkiCommandHasExamplesThatFitATerminalLine() {
        for (Class<?> command : List.of(PkiCommand.class, PkiInitCommand.class, PkiIssueCommand.class,
                PkiCsrCommand.class, PkiRevokeCommand.class, PkiCrlCommand.class, PkiShowCommand.class)) {
            String[] footer = command.getAnnotation(picocli.CommandLine.Command.class).footer();
            assertTrue(footer.length > 0, command::getSimpleName);
            for (String entry : footer) {
                for (String line : entry.split("%n")) {
                    assertTrue(line.length() < 80, () -> command.getSimpleName() + " footer wraps: " + line);
                }
            }
        }
        GmgwRun issue = GmgwRun.run("pki", "issue", "--help");
        assertTrue(issue.out().contains("Examples:" + System.lineSeparator()
                + "  gmgw pki issue --server vpn.example.com --dns vpn2.example.com \\" + System.lineSeparator()
                + "      --password-file keys.pw"), issue::toString);
    }

    @Test
    void docsShowTheSameLayoutAndEveryCommandWithAnExample() throws IOException {
        String doc = Files.readString(DOC);
        assertTrue(doc.contains(String.join("\n", layout())), "docs/pki.md must hold the layout of 'gmgw pki --help'");
        for (String command : COMMANDS) {
            assertTrue(doc.contains("### `gmgw pki " + command + "`"), command);
            assertTrue(doc.contains("gmgw pki " + command + " "), command);
        }
        assertTrue(doc.contains("openssl verify -vfyopt $D -partial_chain -CAfile"), "the OpenSSL recipe");
        assertTrue(doc.contains("does not apply the SM2 ID to CRL signatures"));
    }
}
