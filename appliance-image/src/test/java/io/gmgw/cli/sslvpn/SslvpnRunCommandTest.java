package io.gmgw.cli.sslvpn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.cli.GmgwRun;
import io.gmgw.cli.Launcher;
import io.gmgw.crypto.TestModules;
import io.gmgw.gateway.control.ControlClient;
import io.gmgw.gateway.control.GatewayStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sun.misc.Signal;

/**
 * {@code gmgw sslvpn run}: conf/gateway.yaml beside a demo PKI ({@code gmgw demo}), on an ephemeral port with the
 * control socket in the test's folder. A configuration error exits 78 with the error at its place; unsigned group
 * ACLs exit 1 naming the file; signed ones start the gateway, which prints its listener, control socket, data plane
 * and "ready", answers {@code status} on its control socket, and stops with exit 0 on SIGTERM.
 */
class SslvpnRunCommandTest {
    @TempDir
    static Path ws;

    @BeforeAll
    static void demoAndExample() throws Exception {
        GmgwRun demo = GmgwRun.run("demo", "--dir", ws.resolve("demo").toString());
        assertEquals(0, demo.exitCode(), demo::toString);
        Path conf = Files.createDirectories(ws.resolve("conf/vpn-acls"));
        Files.writeString(ws.resolve("conf/gateway.yaml"), Files.readString(Path.of("..", "conf", "gateway.yaml"))
                .replace("  port: 4433", "  port: 0"));
        try (Stream<Path> acls = Files.list(Path.of("..", "conf", "vpn-acls"))) {
            for (Path acl : acls.filter(p -> p.toString().endsWith(".cfg")).toList()) {
                Files.copy(acl, conf.resolve(acl.getFileName()));
            }
        }
    }

    @Test
    void aConfigurationErrorExits78WithTheErrorAtItsPlaceAfterTheSelfTests() throws Exception {
        Path bad = ws.resolve("conf/bad.yaml");
        Files.writeString(bad, Files.readString(ws.resolve("conf/gateway.yaml")).replace("  dpd: 90s", "  dpd: 90"));
        int line = Files.readAllLines(bad).indexOf("  dpd: 90") + 1;
        GmgwRun r = GmgwRun.withAuditLog(ws.resolve("audit-78.log"), null, "sslvpn", "run", "--config",
                bad.toString());
        assertEquals(78, r.exitCode(), r::toString);
        assertTrue(r.err().contains(bad + ":" + line + ":"), r::toString);
        assertTrue(r.err().contains("Not started."), r::toString);
        assertEquals(1, r.modulesStarted(), "the self-tests run first");
    }

    @Test
    void unsignedGroupAclsExit1NamingTheFile() {
        GmgwRun r = GmgwRun.withAuditLog(ws.resolve("audit-1.log"), null, "sslvpn", "run", "--config",
                ws.resolve("conf/gateway.yaml").toString());
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.err().contains("vpn-acls/staff.cisco-ios.cfg"), r::toString);
        assertTrue(r.err().contains("not signed"), r::toString);
        assertTrue(!Files.exists(ws.resolve("demo/run/gateway.sock")), "no control socket left behind");
    }

    @Test
    void withSignedAclsItRunsUntilSigtermAndExits0() throws Exception {
        // Both group ACLs signed with the demo PKI's ACL signer (gmgw demo issued it), as an operator does before the
        // first start.
        Path signedConf = Files.createDirectories(ws.resolve("signed/conf"));
        Files.writeString(signedConf.resolve("gateway.yaml"), Files.readString(ws.resolve("conf/gateway.yaml"))
                .replace("../demo/run/gateway.sock", ws.resolve("gw.sock").toString()));
        Files.createDirectories(ws.resolve("signed/demo"));
        Files.createSymbolicLink(ws.resolve("signed/demo/pki"), ws.resolve("demo/pki"));
        assertTrue(Files.isRegularFile(ws.resolve("demo/pki/issued/acl-signer/sign.key.pem")), "the demo's ACL signer");
        Files.createDirectories(signedConf.resolve("vpn-acls"));
        for (String group : List.of("staff", "contractors")) {
            Path acl = Files.copy(ws.resolve("conf/vpn-acls/" + group + ".cisco-ios.cfg"),
                    signedConf.resolve("vpn-acls/" + group + ".cisco-ios.cfg"));
            GmgwRun sign = GmgwRun.withAuditLog(ws.resolve("audit-ok.log"), null, "acl", "sign", acl.toString(),
                    "--key", ws.resolve("demo/pki/issued/acl-signer/sign.key.pem").toString(), "--cert",
                    ws.resolve("demo/pki/issued/acl-signer/sign.chain.pem").toString());
            assertEquals(0, sign.exitCode(), sign::toString);
        }

        ReadyWriter out = new ReadyWriter();
        StringWriter err = new StringWriter();
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> new Launcher(audit ->
                TestModules.deterministic("sslvpn-run"), new PrintWriter(out, true), new PrintWriter(err, true),
                java.io.InputStream.nullInputStream(), java.io.OutputStream.nullOutputStream(),
                ws.resolve("audit-ok.log")).execute("sslvpn", "run", "--config",
                signedConf.resolve("gateway.yaml").toString()));
        try {
            assertTrue(out.ready.await(60, TimeUnit.SECONDS) || run.isDone(), () -> out + "\n" + err);
            assertTrue(!run.isDone(), () -> "exited: " + run.join() + "\n" + out + "\n" + err);
            Matcher listening = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+) \\(TLCP\\)").matcher(out.text());
            assertTrue(listening.find(), out::text);
            assertTrue(out.text().contains("control socket: " + ws.resolve("gw.sock")), out::text);
            assertTrue(out.text().contains("data plane: responder (answers ping and UDP echo on [192.168.99.1/24"),
                    out::text);
            try (ControlClient control = ControlClient.connect(ws.resolve("gw.sock"), Duration.ofSeconds(5), "t")) {
                GatewayStatus status = control.status();
                assertEquals(0, status.sessions());
                assertEquals("127.0.0.1:" + listening.group(1), status.listeners().getFirst().address());
                assertEquals(3, status.pools().size(), "users IPv4 and IPv6, contractors IPv4");
            }
        } finally {
            if (out.ready.getCount() == 0) {
                // the command's handler (installed before "ready") takes it: a stop request, not the JVM's end
                Signal.raise(new Signal("TERM"));
            }
        }
        assertEquals(0, run.get(30, TimeUnit.SECONDS), () -> out + "\n" + err);
        assertTrue(out.text().endsWith("stopped\n"), out::text);
        assertTrue(!Files.exists(ws.resolve("gw.sock")));
    }

    /** Standard output that says when "ready" was printed. */
    private static final class ReadyWriter extends Writer {
        final CountDownLatch ready = new CountDownLatch(1);
        private final StringBuilder text = new StringBuilder();

        @Override
        public synchronized void write(char[] c, int off, int len) {
            text.append(c, off, len);
            if (text.indexOf("ready\n") >= 0) {
                ready.countDown();
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

        synchronized String text() {
            return text.toString();
        }

        @Override
        public String toString() {
            return text();
        }
    }
}
