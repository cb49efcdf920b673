package io.gmgw.cli.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.cli.GmgwRun;
import io.gmgw.cli.control.ExampleGateway;
import io.gmgw.gateway.control.ControlProtocol;
import io.gmgw.gateway.control.ControlServer;
import io.gmgw.gateway.control.ControlSocketPaths;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * gmgw status and gmgw sessions against a real control server on a real socket, backed by a test double of the
 * gateway's state ({@link ExampleGateway}).
 */
@Timeout(60)
class ControlCommandsTest {
    @TempDir
    Path tmp;

    private ExampleGateway gateway;
    private ControlServer server;
    private String socket;

    @BeforeEach
    void startGateway() {
        gateway = new ExampleGateway(Instant.now());
        server = gateway.serve(tmp.resolve("run/control.sock"));
        socket = server.socket().toString();
    }

    @AfterEach
    void stopGateway() {
        server.close();
    }

    private GmgwRun gmgw(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--socket";
        all[args.length + 1] = socket;
        return GmgwRun.run(all);
    }

    private static JsonNode json(GmgwRun run) {
        assertEquals(0, run.exitCode(), run::toString);
        return ControlProtocol.mapper().readTree(run.out());
    }

    @Test
    void statusShowsTheGatewayPoolsAndBans() {
        GmgwRun run = gmgw("status");
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().startsWith("gmgw 0.1.0-example gateway, up 1d02h (since "), run.out());
        assertTrue(run.out().contains("control socket: " + socket), run.out());
        assertTrue(run.out().contains("listening:      sslvpn 0.0.0.0:443"), run.out());
        assertTrue(run.out().contains("sessions:       3 (TLCP 2, TLSv1.3 1)"), run.out());
        assertTrue(run.out().contains("""
                  POOL   FAMILY  RANGE          USED  SIZE
                  staff  ipv4    10.10.0.0/24   3     253
                  staff  ipv6    fd00:10::/112  1     65534
                """), run.out());
        assertTrue(run.out().contains("203.0.113.66  40      "), run.out());
        assertEquals("", run.err());
    }

    @Test
    void statusJsonIsTheDocumentedObject() {
        JsonNode status = json(gmgw("status", "--json"));
        assertEquals(List.of("version", "startedAt", "uptimeSeconds", "listeners", "sessions", "protocols", "pools",
                "bans"), List.copyOf(status.propertyNames()));
        assertEquals(3, status.get("sessions").intValue());
        assertTrue(Instant.parse(status.get("startedAt").asString()).isBefore(Instant.now()), "ISO-8601 text");
        assertEquals(List.of("TLCP", "TLSv1.3"), List.copyOf(status.get("protocols").propertyNames()));
    }

    @Test
    void sessionsListIsATableWithAColumnPerField() {
        GmgwRun run = gmgw("sessions", "list");
        assertEquals(0, run.exitCode(), run::toString);
        List<String> lines = run.out().lines().toList();
        assertEquals(4, lines.size(), run.out());
        String heading = lines.getFirst();
        assertTrue(heading.startsWith("ID        USER   GROUP  VPN-IPV4   VPN-IPV6    SOURCE"), heading);
        int user = heading.indexOf("USER");
        int source = heading.indexOf("SOURCE");
        for (String line : lines.subList(1, 4)) {
            assertTrue(line.charAt(user - 1) == ' ' && line.charAt(user) != ' ', "aligned: " + line);
            assertTrue(line.charAt(source - 1) == ' ' && line.charAt(source) != ' ', "aligned: " + line);
            assertEquals(10, line.split(" +").length, "one awk field per column: " + line);
        }
        assertTrue(lines.get(1).contains("TLCP      1h05m  1.2MiB       2.2GiB"), "oldest first: " + lines.get(1));
        assertTrue(lines.get(3).startsWith("b9a04e66  bob    staff  10.10.0.4  -  "), lines.get(3));
    }

    @Test
    void sessionsListFiltersByUserAndPrintsJson() {
        JsonNode list = json(gmgw("sessions", "list", "--user", "alice", "--json"));
        List<String> ids = StreamSupport.stream(list.get("sessions").spliterator(), false)
                .map(s -> s.get("id").asString()).toList();
        assertEquals(List.of("4f1c9a2b", "7d3e0c51"), ids);
        assertEquals("fd00:10::2", list.at("/sessions/0/addressV4").asString().isEmpty() ? ""
                : list.at("/sessions/0/addressV6").asString());
        assertEquals(2, list.at("/sessions/0/fromClient/drops").intValue());
    }

    @Test
    void sessionsShowPrintsEveryFieldAndItsJson() {
        GmgwRun run = gmgw("sessions", "show", "4f1c9a2b");
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("""
                session:      4f1c9a2b
                user:         alice
                group:        staff
                certificate:  CN=alice,OU=staff,O=Example
                  serial:     4F1C9A2B01
                  issuer:     CN=Example Issuing CA,O=Example
                protocol:     TLCP, ECC_SM4_GCM_SM3
                VPN IPv4:     10.10.0.2
                VPN IPv6:     fd00:10::2
                source:       198.51.100.7:51234
                """), run.out());
        assertTrue(run.out().contains("from client:  1234567 bytes (1.2MiB), 1234 packets, 2 dropped"), run.out());
        JsonNode session = json(gmgw("sessions", "show", "7d3e0c51", "--json"));
        assertEquals("TLSv1.3", session.get("protocol").asString());
        assertTrue(session.get("addressV6").isNull());
    }

    @Test
    void anUnknownSessionIs67() {
        GmgwRun run = gmgw("sessions", "show", "00000000");
        assertEquals(67, run.exitCode(), run::toString);
        assertTrue(run.err().contains("no session has ID 00000000"), run.err());
        run = gmgw("sessions", "disconnect", "--user", "carol");
        assertEquals(67, run.exitCode(), run::toString);
        assertTrue(run.err().contains("user 'carol' has no session"), run.err());
    }

    @Test
    void disconnectEndsTheSessionAndTheGatewayGetsTheReasonAndTheOperator() {
        GmgwRun run = gmgw("sessions", "disconnect", "4f1c9a2b", "--reason", "lost laptop");
        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("disconnected session 4f1c9a2b of alice (10.10.0.2, from 198.51.100.7:51234)\n", run.out());
        assertEquals("lost laptop", gateway.disconnects.getFirst().reason());
        assertEquals(System.getProperty("user.name"), gateway.disconnects.getFirst().operator().user());
        assertEquals(67, gmgw("sessions", "disconnect", "4f1c9a2b").exitCode(), "gone now");

        JsonNode bob = json(gmgw("sessions", "disconnect", "--user", "bob", "--json"));
        assertEquals("b9a04e66", bob.at("/disconnected/0/id").asString());
        assertEquals("disconnected by an operator", gateway.disconnects.get(1).reason());
        assertEquals(1, json(gmgw("sessions", "list", "--json")).get("sessions").size());
    }

    @Test
    void disconnectNeedsEitherAnIdOrAUser() {
        assertEquals(64, gmgw("sessions", "disconnect").exitCode());
        assertEquals(64, gmgw("sessions", "disconnect", "4f1c9a2b", "--user", "bob").exitCode());
        GmgwRun badId = gmgw("sessions", "disconnect", "../etc");
        assertEquals(64, badId.exitCode(), badId::toString);
        assertTrue(badId.err().contains("is not a session ID"), badId.err());
        assertEquals(3, gateway.sessions().size());
    }

    @Test
    void noGatewayIs69AndSaysWhichSocket() throws IOException {
        server.close();
        GmgwRun run = gmgw("status");
        assertEquals(69, run.exitCode(), run::toString);
        assertTrue(run.err().contains("no control socket at " + socket + ": is the gateway running?"), run.err());
        // a socket left behind by a gateway that died
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(Path.of(socket)));
        }
        run = gmgw("sessions", "list");
        assertEquals(69, run.exitCode(), run::toString);
        assertTrue(run.err().contains("nobody answers on the control socket " + socket), run.err());
    }

    @Test
    void aSocketThisUserMayNotUseIs77() throws IOException {
        server.close();
        Path folder = Files.createDirectories(tmp.resolve("locked"));
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("---------"));
        socket = folder.resolve("control.sock").toString();
        GmgwRun run = gmgw("status");
        if (ControlSocketPaths.defaultPath().equals(Path.of(ControlSocketPaths.SYSTEM_PATH))) {
            // root passes any permission: the folder is merely empty for it
            assertEquals(69, run.exitCode(), run::toString);
        } else {
            assertEquals(77, run.exitCode(), run::toString);
            assertTrue(run.err().contains("permission denied on the control socket"), run.err());
        }
    }

    @Test
    void aGatewayOfAnotherProtocolVersionIs69WithWhatToDo() throws Exception {
        server.close();
        Path path = Path.of(socket);
        try (ServerSocketChannel other = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            other.bind(UnixDomainSocketAddress.of(path));
            CompletableFuture<Void> answered = CompletableFuture.runAsync(() -> {
                try (SocketChannel c = other.accept()) {
                    ByteBuffer in = ByteBuffer.allocate(4096);
                    while (in.position() == 0 || in.get(in.position() - 1) != '\n') {
                        c.read(in);
                    }
                    c.write(ByteBuffer.wrap(("{\"version\":2,\"ok\":false,\"error\":{\"code\":"
                            + "\"VERSION_UNSUPPORTED\",\"message\":\"protocol version 1 is not spoken here: this "
                            + "gateway speaks version 2\",\"details\":{\"oldest\":2,\"newest\":2}}}\n")
                            .getBytes(StandardCharsets.UTF_8)));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            GmgwRun run = gmgw("status");
            answered.get(30, TimeUnit.SECONDS);
            assertEquals(69, run.exitCode(), run::toString);
            assertTrue(run.err().contains("this gateway speaks version 2"), run.err());
        }
    }
}
