package io.gmgw.interop.cstp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.cli.Launcher;
import io.gmgw.crypto.TestModules;
import io.gmgw.testing.SystemPeers;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gmgw connect --tls} against an independent server, ocserv 1.1.6 (Debian), with certificate login: ocserv runs
 * as root in a network namespace of its own (it makes a TUN device there), joined to this one by a veth pair; the
 * client pings ocserv's tunnel-side address through the tunnel and logs off. Configuration from the CSTP reference
 * (§12: TCP only, certificate auth, CN as the user). Needs root, ip, ocserv and openssl: skipped without them on a
 * laptop, failed under CI=true.
 */
class OcservClientInteropTest {
    private static final String NS = "gmgw-oc-" + ProcessHandle.current().pid();
    private static final String HOST_SIDE = "10.231.7.1";
    private static final String SERVER = "10.231.7.2";
    private static final String TUNNEL_SIDE = "192.168.99.1";

    @TempDir
    Path dir;

    @Test
    void certificateLoginTunnelAndPingThroughOcserv() throws Exception {
        SystemPeers.require("0".equals(run(List.of("id", "-u")).strip()), "ocserv interop needs root (network "
                + "namespaces, a TUN device for ocserv)");
        SystemPeers.requireProgram("ip", "apt-get install iproute2");
        Path ocserv = SystemPeers.requireProgram("ocserv", "apt-get install ocserv");
        SystemPeers.requireProgram("openssl", "apt-get install openssl");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x")); // ocserv's workers
        pki();
        Path conf = dir.resolve("ocserv.conf");
        Files.writeString(conf, """
                auth = "certificate"
                cert-user-oid = 2.5.4.3
                ca-cert = %1$s/ca.pem
                server-cert = %1$s/server.pem
                server-key = %1$s/server.key
                tcp-port = 4443
                socket-file = %1$s/ocserv.sock
                run-as-user = nobody
                run-as-group = nogroup
                isolate-workers = false
                device = vpns
                ipv4-network = 192.168.99.0
                ipv4-netmask = 255.255.255.0
                dns = 192.168.99.1
                route = 10.20.0.0/255.255.0.0
                predictable-ips = true
                cookie-timeout = 300
                keepalive = 32400
                dpd = 90
                try-mtu-discovery = false
                max-clients = 16
                cisco-client-compat = true
                pid-file = %1$s/ocserv.pid
                """.formatted(dir));
        try {
            run(List.of("ip", "netns", "add", NS));
            run(List.of("ip", "link", "add", "gmoc" + suffix(), "type", "veth", "peer", "name", "gmocp" + suffix()));
            run(List.of("ip", "link", "set", "gmocp" + suffix(), "netns", NS));
            run(List.of("ip", "addr", "add", HOST_SIDE + "/30", "dev", "gmoc" + suffix()));
            run(List.of("ip", "link", "set", "gmoc" + suffix(), "up"));
            run(List.of("ip", "netns", "exec", NS, "ip", "addr", "add", SERVER + "/30", "dev", "gmocp" + suffix()));
            run(List.of("ip", "netns", "exec", NS, "ip", "link", "set", "gmocp" + suffix(), "up"));
            run(List.of("ip", "netns", "exec", NS, "ip", "link", "set", "lo", "up"));
            Process server = new ProcessBuilder("ip", "netns", "exec", NS, ocserv.toString(), "-f", "-d", "1", "-c",
                    conf.toString()).redirectErrorStream(true).start();
            StringBuilder log = new StringBuilder();
            CompletableFuture<Void> listening = new CompletableFuture<>();
            Thread.ofPlatform().daemon().start(() -> readLog(server, log, listening));
            try {
                listening.get(30, TimeUnit.SECONDS);
                StringWriter out = new StringWriter();
                StringWriter err = new StringWriter();
                int code = new Launcher(() -> TestModules.deterministic("ocserv-interop"), new PrintWriter(out),
                        new PrintWriter(err)).execute("connect", "https://" + SERVER + ":4443/", "--tls",
                        "--trust", dir.resolve("ca.pem").toString(),
                        "--certificate", dir.resolve("alice.pem").toString(),
                        "--sslkey", dir.resolve("alice.key").toString(),
                        "--ping", TUNNEL_SIDE, "--count", "3", "--interval", "0.2", "--json");
                String report = "exit " + code + "\nstdout:\n" + out + "\nstderr:\n" + err + "\nocserv:\n" + log;
                assertEquals(0, code, report);
                assertTrue(out.toString().contains("\"received\" : 3"), report);
                assertTrue(out.toString().contains("\"protocol\" : \"TLSv1."), report);
                assertTrue(out.toString().contains("\"routes\" : [ \"10.20.0.0/16\" ]"), report);
                assertTrue(err.toString().contains("tunnel up over TLSv1."), report);
            } finally {
                server.destroy();
                if (!server.waitFor(10, TimeUnit.SECONDS)) {
                    server.destroyForcibly().waitFor();
                }
            }
        } finally {
            runQuietly(List.of("ip", "link", "del", "gmoc" + suffix()));
            runQuietly(List.of("ip", "netns", "del", NS));
        }
    }

    private static String suffix() {
        return Long.toString(ProcessHandle.current().pid() % 10000);
    }

    private static void readLog(Process p, StringBuilder log, CompletableFuture<Void> listening) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                synchronized (log) {
                    log.append(line).append('\n');
                }
                if (line.contains("listening (TCP) on")) {
                    listening.complete(null);
                }
            }
            listening.completeExceptionally(new IllegalStateException("ocserv ended before listening:\n" + log));
        } catch (IOException e) {
            listening.completeExceptionally(e);
        }
    }

    /** A CA, ocserv's certificate for its address, alice's client certificate (ECDSA P-256, openssl). */
    private void pki() throws Exception {
        String ec = "ec_paramgen_curve:P-256";
        run(List.of("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", ec, "-nodes", "-keyout", p("ca.key"),
                "-out", p("ca.pem"), "-days", "2", "-subj", "/CN=gmgw interop CA",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"));
        issue("server", "/CN=" + SERVER, "subjectAltName=IP:" + SERVER + "\nextendedKeyUsage=serverAuth\n"
                + "keyUsage=critical,digitalSignature\n");
        issue("alice", "/CN=alice", "extendedKeyUsage=clientAuth\nkeyUsage=critical,digitalSignature\n");
    }

    private void issue(String name, String subject, String extensions) throws Exception {
        Files.writeString(dir.resolve(name + ".ext"), extensions);
        run(List.of("openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", p(name + ".key"), "-out", p(name + ".csr"), "-subj", subject));
        run(List.of("openssl", "x509", "-req", "-in", p(name + ".csr"), "-CA", p("ca.pem"), "-CAkey", p("ca.key"),
                "-CAcreateserial", "-out", p(name + ".pem"), "-days", "2", "-extfile", p(name + ".ext")));
    }

    private String p(String name) {
        return dir.resolve(name).toString();
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed:\n" + output);
        }
        return output;
    }

    private static void runQuietly(List<String> command) {
        try {
            new ProcessBuilder(command).redirectErrorStream(true).start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            // cleanup: nothing more to do
        }
    }
}
