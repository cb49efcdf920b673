package io.gmgw.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.TestModules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
    @TempDir
    Path tmp;

    @Test
    void runsTwiceAndSaysWhatItDidEachTime() {
        Path dir = tmp.resolve("demo");

        GmgwRun first = GmgwRun.run("demo", "--dir", dir.toString());
        assertEquals(0, first.exitCode(), first::toString);
        assertTrue(Files.isDirectory(dir));
        assertTrue(first.out().contains("self-tests: passed"), first::toString);
        assertTrue(first.out().contains("directory: created " + dir), first::toString);
        assertTrue(first.out().contains("pki: created root and issuing CA, server pair for localhost, client pair "
                + "for demo-user, ACL signer in " + dir.resolve("pki")), first::toString);
        assertTrue(first.out().contains("group ACL: wrote " + dir.resolve("vpn-acls/demo.cisco-ios.cfg")),
                first::toString);
        assertTrue(first.out().contains("gateway config: wrote " + dir.resolve("gateway.yaml")), first::toString);
        // the live part: the gateway in this process, the smart-key user over TLCP E053, pings through the tunnel
        assertTrue(first.out().contains("gateway: started from " + dir.resolve("gateway.yaml")), first::toString);
        assertTrue(first.out().contains("connect: connected to https://127.0.0.1:"), first::toString);
        // two factors: the smart key's certificate, then the soft token's dynamic password by form
        assertTrue(first.out().contains("soft token: created token DEMO-0001 for demo-user (event-based, SM3, 6 "
                + "digits)"), first::toString);
        assertTrue(first.out().contains("as demo-user with the smart key and the dynamic password of soft token "
                + "DEMO-0001 over TLCP ECC_SM4_GCM_SM3; tunnel address 10.88.0."), first::toString);
        assertTrue(first.out().contains("ping: 3 of 3 echo requests to 10.88.0.1 answered through the tunnel"),
                first::toString);
        assertTrue(first.out().contains("Summary:\n  gateway   ran on 127.0.0.1:"), first::toString);
        assertTrue(first.out().contains("  tunnel    TLCP ECC_SM4_GCM_SM3, address 10.88.0."), first::toString);
        assertTrue(first.out().contains("  logs      "), first::toString);
        assertTrue(first.out().contains("Demo ready in " + dir), first::toString);
        for (String name : new String[] {"localhost", "demo-user", "acl-signer"}) {
            for (String file : new String[] {"sign.key.pem", "sign.chain.pem", "enc.key.pem", "enc.chain.pem"}) {
                assertTrue(Files.isRegularFile(dir.resolve("pki/issued/" + name + "/" + file)), name + "/" + file);
            }
        }
        GmgwRun show = GmgwRun.run("pki", "show", dir.resolve("pki/issued/localhost/enc.chain.pem").toString());
        assertEquals(0, show.exitCode(), show::toString);
        assertTrue(show.out().contains("Chain: valid for ENCRYPTION use"), show::toString);
        assertTrue(show.out().contains("DNS names:        localhost"), show::toString);
        assertTrue(show.out().contains("127.0.0.1") && show.out().contains("::1"),
                "the demo server is named by its loopback addresses too: " + show);

        GmgwRun second = GmgwRun.run("demo", "--dir", dir.toString());
        assertEquals(0, second.exitCode(), second::toString);
        assertTrue(second.out().contains("directory: " + dir + " already there, kept"), second::toString);
        assertTrue(second.out().contains("pki: " + dir.resolve("pki") + " already there, kept (root and issuing CA, "
                + "server pair for localhost, client pair for demo-user, ACL signer)"), second::toString);
        assertFalse(second.out().contains("created"), second::toString);
        assertFalse(second.out().contains(": wrote "), second::toString);
        assertEquals("", second.err());
    }

    @Test
    void aPartlyMadeDemoPkiIsCompletedAndWhatExistsIsKept() throws IOException {
        Path dir = tmp.resolve("demo");
        assertEquals(0, GmgwRun.run("pki", "init", "--dir", dir.resolve("pki").toString()).exitCode());
        byte[] root = Files.readAllBytes(dir.resolve("pki/root/ca.cert.pem"));

        GmgwRun run = GmgwRun.run("demo", "--dir", dir.toString());

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("pki: created server pair for localhost, client pair for demo-user, ACL signer "
                + "in " + dir.resolve("pki") + "; kept root and issuing CA"), run::toString);
        assertArrayEquals(root, Files.readAllBytes(dir.resolve("pki/root/ca.cert.pem")));
    }

    @Test
    void failedSelfTestsStopTheDemoBeforeItCreatesAnything() {
        Path dir = tmp.resolve("never");

        GmgwRun run = GmgwRun.run(() -> TestModules.failedSelfTest("cli"), "demo", "--dir", dir.toString());

        assertEquals(ExitCode.SELF_TEST_FAILED.code(), run.exitCode(), run::toString);
        assertFalse(Files.exists(dir));
        assertTrue(run.err().startsWith("gmgw demo: the cryptographic module failed its power-on self-tests ("),
                run::toString);
        assertTrue(run.err().contains(TestModules.FAILING_TEST), run::toString);
        assertTrue(run.err().contains("run 'gmgw selftest'"), "says what to do: " + run);
        assertEquals(1, run.err().lines().count(), run::toString);
    }

    @Test
    void aFileInTheWayIsCannotCreate() throws IOException {
        Path file = Files.writeString(tmp.resolve("taken"), "x");

        GmgwRun run = GmgwRun.run("demo", "--dir", file.toString());

        assertEquals(ExitCode.CANT_CREATE.code(), run.exitCode(), run::toString);
        assertTrue(run.err().contains("cannot create the demo directory " + file), run::toString);
        assertTrue(run.err().contains("--dir"), run::toString);
    }
}
