package io.gmgw.gateway.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.audit.Audit;
import io.gmgw.gateway.GatewayException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The control socket for real: a server on a Unix-domain socket in a temporary folder, clients connecting to it. */
@Timeout(60)
class ControlServerTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path tmp;

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final SampleGateway gateway = new SampleGateway().add(SampleGateway.session("s1", "alice", "10.10.0.2"));

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private Path socket() {
        return tmp.resolve("run/control.sock");
    }

    private ControlDispatcher dispatcher() {
        return GatewayRequests.register(ControlDispatcher.builder("0.1.0-test"), gateway,
                Audit.toLogger(Clock.systemUTC())).build();
    }

    private ControlServer start(ControlServer.Options options) {
        ControlServer server = ControlServer.start(socket(), dispatcher(), options);
        toClose.add(server);
        return server;
    }

    private ControlClient client() throws ControlClientException {
        ControlClient client = ControlClient.connect(socket(), WAIT, "test");
        toClose.add(client);
        return client;
    }

    /** A raw connection for what no well-behaved client sends. */
    private SocketChannel raw() throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket()));
        toClose.add(channel);
        return channel;
    }

    /** Everything the server sends until it closes the connection. */
    private static String untilClosed(SocketChannel channel) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        Channels.newInputStream(channel).transferTo(all);
        return all.toString(StandardCharsets.UTF_8);
    }

    private static String errorCode(String replyLine) {
        JsonNode reply = ControlProtocol.mapper().readTree(replyLine.strip());
        return reply.at("/error/code").asString();
    }

    @Test
    void requestsRoundTripOverTheSocketWithTheKernelsPeer() throws Exception {
        start(ControlServer.Options.defaults());
        ControlClient client = client();
        assertEquals(List.of("hello", "sessions.disconnect", "sessions.list", "sessions.show", "status"),
                client.hello().requests());
        GatewayStatus status = client.status();
        assertEquals(gateway.status(), status);
        assertEquals(gateway.sessions(), client.sessions());
        assertEquals(gateway.session("s1").orElseThrow(), client.session("s1"));
        ControlException none = assertThrows(ControlException.class, () -> client.session("s9"));
        assertEquals(ControlErrorCode.NO_SUCH_SESSION, none.knownCode());
        List<SessionView> ended = client.disconnect(new SessionSelector.ById("s1"), "maintenance");
        assertEquals("s1", ended.getFirst().id());
        ControlPeer operator = gateway.disconnects.getFirst().operator();
        assertEquals(ControlSocketPaths.processUid(), operator.uid(), "the peer's uid from SO_PEERCRED");
        assertEquals(System.getProperty("user.name"), operator.user());
        assertEquals(List.of(), client.sessions());
    }

    @Test
    void theSocketIsOwnerOnlyInAFolderOnlyTheOwnerEnters() throws Exception {
        ControlServer server = start(ControlServer.Options.defaults());
        assertEquals(socket(), server.socket());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket(),
                LinkOption.NOFOLLOW_LINKS)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket().getParent())));
        server.close();
        assertFalse(Files.exists(socket(), LinkOption.NOFOLLOW_LINKS), "closing removes the socket");
        ControlClientException e = assertThrows(ControlClientException.class, this::client);
        assertEquals(ControlClientException.Kind.NOT_RUNNING, e.kind());
        assertTrue(e.getMessage().contains("is the gateway running?"), e.getMessage());
    }

    @Test
    void aFolderOthersMayEnterOrAnotherUserOwnsIsRefused() throws Exception {
        Files.createDirectories(socket().getParent());
        Files.setPosixFilePermissions(socket().getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
        GatewayException e = assertThrows(GatewayException.class, () -> start(ControlServer.Options.defaults()));
        assertEquals(GatewayException.Kind.CONFIG, e.kind());
        assertTrue(e.getMessage().contains("chmod 700"), e.getMessage());
        if (ControlSocketPaths.processUid() == 0) {
            // root can hand the folder to another user (nobody): a folder it does not own is refused even to root
            Files.setPosixFilePermissions(socket().getParent(), PosixFilePermissions.fromString("rwx------"));
            Files.setAttribute(socket().getParent(), "unix:uid", 65534);
            e = assertThrows(GatewayException.class, () -> start(ControlServer.Options.defaults()));
            assertTrue(e.getMessage().contains("belongs to uid 65534"), e.getMessage());
        }
        Files.delete(socket().getParent());
        Files.createSymbolicLink(socket().getParent(), Files.createDirectory(tmp.resolve("elsewhere")));
        e = assertThrows(GatewayException.class, () -> start(ControlServer.Options.defaults()));
        assertTrue(e.getMessage().contains("not a folder"), e.getMessage());
    }

    @Test
    void aStaleSocketIsRemovedAndALiveOneRefused() throws Exception {
        Files.createDirectory(socket().getParent(), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        // a socket left behind: bound, then closed without removing its file, as a killed gateway leaves it
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(socket()));
        }
        assertTrue(Files.exists(socket(), LinkOption.NOFOLLOW_LINKS));
        assertEquals(ControlClientException.Kind.NOT_RUNNING,
                assertThrows(ControlClientException.class, this::client).kind());
        start(ControlServer.Options.defaults());
        assertEquals(1, client().sessions().size(), "the new gateway answers on the path");

        GatewayException second = assertThrows(GatewayException.class,
                () -> ControlServer.start(socket(), dispatcher(), ControlServer.Options.defaults()));
        assertEquals(GatewayException.Kind.RESOURCE, second.kind());
        assertTrue(second.getMessage().contains("another gateway"), second.getMessage());
        assertEquals(1, client().sessions().size(), "the first gateway still answers");
    }

    @Test
    void somethingThatIsNotASocketIsNeverRemoved() throws Exception {
        Files.createDirectory(socket().getParent(), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        Files.writeString(socket(), "precious");
        GatewayException e = assertThrows(GatewayException.class, () -> start(ControlServer.Options.defaults()));
        assertTrue(e.getMessage().contains("not a socket"), e.getMessage());
        assertEquals("precious", Files.readString(socket()));
    }

    @Test
    void aPathTooLongForASocketAddressIsAConfigurationError() {
        Path deep = tmp.resolve("x".repeat(120)).resolve("control.sock");
        GatewayException e = assertThrows(GatewayException.class,
                () -> ControlServer.start(deep, dispatcher(), ControlServer.Options.defaults()));
        assertEquals(GatewayException.Kind.CONFIG, e.kind());
        assertTrue(e.getMessage().contains("at most 107"), e.getMessage());
    }

    @Test
    void clientsAreServedAtTheSameTime() throws Exception {
        int clients = 8;
        CountDownLatch allInside = new CountDownLatch(clients);
        ControlDispatcher waiting = ControlDispatcher.builder("x").register("wait", (request, peer) -> {
            allInside.countDown();
            // every handler waits for all the others: this returns true only if the server runs them at once
            try {
                return allInside.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }).build();
        toClose.add(ControlServer.start(socket(), waiting, ControlServer.Options.defaults()));
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<JsonNode>> results = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                results.add(pool.submit(() -> {
                    try (ControlClient c = ControlClient.connect(socket(), Duration.ofSeconds(30), "test")) {
                        return c.call("wait", Map.of());
                    }
                }));
            }
            for (Future<JsonNode> r : results) {
                assertTrue(r.get(30, TimeUnit.SECONDS).booleanValue());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anOversizedRequestGetsItsErrorAndClosesWhileTheServerGoesOn() throws Exception {
        start(ControlServer.Options.defaults());
        SocketChannel channel = raw();
        ByteBuffer big = ByteBuffer.wrap(("{\"version\":1,\"request\":\"" + "x".repeat(ControlProtocol.MAX_REQUEST_BYTES)
                + "\"}\n").getBytes(StandardCharsets.UTF_8));
        while (big.hasRemaining()) {
            try {
                channel.write(big);
            } catch (IOException e) {
                break; // the server closed before taking it all: that is the point
            }
        }
        String reply = untilClosed(channel);
        assertEquals(ControlErrorCode.REQUEST_TOO_LARGE.name(), errorCode(reply));
        assertEquals(1, client().sessions().size());
    }

    @Test
    void aGarbledRequestGetsItsErrorAndClosesWhileTheServerGoesOn() throws Exception {
        start(ControlServer.Options.defaults());
        SocketChannel channel = raw();
        channel.write(ByteBuffer.wrap(new byte[] {(byte) 0xff, 0x00, '{', '\n', '{'}));
        String reply = untilClosed(channel);
        assertEquals(1, reply.lines().count(), "one reply, then the connection closed: " + reply);
        assertEquals(ControlErrorCode.BAD_REQUEST.name(), errorCode(reply));
        assertEquals(1, client().sessions().size());
    }

    @Test
    void severalRequestsOnOneConnectionAreAnsweredInOrderAndCrLfIsAccepted() throws Exception {
        start(ControlServer.Options.defaults());
        SocketChannel channel = raw();
        channel.write(ByteBuffer.wrap(("{\"version\":1,\"id\":1,\"request\":\"status\"}\r\n"
                + "{\"version\":9,\"id\":2,\"request\":\"status\"}\n"
                + "{\"version\":1,\"id\":3,\"request\":\"no.such\"}\n").getBytes(StandardCharsets.UTF_8)));
        channel.shutdownOutput();
        List<JsonNode> replies = untilClosed(channel).lines().map(ControlProtocol.mapper()::readTree).toList();
        assertEquals(3, replies.size());
        assertTrue(replies.get(0).get("ok").booleanValue());
        assertEquals(1, replies.get(0).get("id").intValue());
        assertEquals("VERSION_UNSUPPORTED", replies.get(1).at("/error/code").asString());
        assertEquals("UNKNOWN_REQUEST", replies.get(2).at("/error/code").asString());
        assertEquals(3, replies.get(2).get("id").intValue());
    }

    @Test
    void aSilentClientIsClosedAfterTheIdleTimeout() throws Exception {
        start(ControlServer.Options.defaults().withIdleTimeout(Duration.ofMillis(200)));
        SocketChannel channel = raw();
        assertEquals("", untilClosed(channel), "closed without a word");
        assertEquals(1, client().sessions().size());
    }

    @Test
    void clientsBeyondTheLimitAreToldBusy() throws Exception {
        start(ControlServer.Options.defaults().withMaxClients(1));
        ControlClient first = client();
        assertEquals(1, first.sessions().size());
        SocketChannel second = raw();
        assertEquals(ControlErrorCode.BUSY.name(), errorCode(untilClosed(second)));
        first.close();
        // the slot comes back when the first connection's thread ends; a bounded number of tries, no sleeping
        ControlException busy = null;
        for (int i = 0; i < 1000; i++) {
            try (ControlClient again = ControlClient.connect(socket(), WAIT, "test")) {
                assertEquals(1, again.sessions().size());
                busy = null;
                break;
            } catch (ControlException e) {
                busy = e;
                Thread.onSpinWait();
            }
        }
        assertNull(busy, "the slot was never released");
    }

    @Test
    void aPeerTheServerDoesNotAdmitIsRefused() throws Exception {
        start(ControlServer.Options.defaults().withAdmit(peer -> false));
        ControlException e = assertThrows(ControlException.class, () -> client().status());
        assertEquals(ControlErrorCode.NOT_PERMITTED, e.knownCode());
    }

    @Test
    void theClientTellsAServerThatDoesNotAnswerInTime() throws Exception {
        Files.createDirectory(socket().getParent(), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        try (ServerSocketChannel mute = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            mute.bind(UnixDomainSocketAddress.of(socket()));
            try (ControlClient c = ControlClient.connect(socket(), Duration.ofMillis(200), "test");
                    SocketChannel accepted = mute.accept()) {
                ControlClientException e = assertThrows(ControlClientException.class, c::status);
                assertEquals(ControlClientException.Kind.TIMEOUT, e.kind());
            }
            try (ControlClient c = ControlClient.connect(socket(), WAIT, "test");
                    SocketChannel accepted = mute.accept()) {
                accepted.write(ByteBuffer.wrap("HTTP/1.1 400 Bad Request\n".getBytes(StandardCharsets.US_ASCII)));
                ControlClientException e = assertThrows(ControlClientException.class, c::status);
                assertEquals(ControlClientException.Kind.PROTOCOL, e.kind());
            }
        }
    }

    @Test
    void theDefaultPathIsRunGmgwForRootAndTheRuntimeFolderOtherwise() {
        assertEquals(Path.of("/run/gmgw/control.sock"), ControlSocketPaths.defaultPath(0,
                Map.of("XDG_RUNTIME_DIR", "/run/user/0")));
        assertEquals(Path.of("/run/user/1000/gmgw/control.sock"), ControlSocketPaths.defaultPath(1000,
                Map.of("XDG_RUNTIME_DIR", "/run/user/1000")));
        assertEquals(Path.of("/tmp/gmgw-1000/control.sock"), ControlSocketPaths.defaultPath(1000, Map.of()));
        assertEquals(Path.of("/tmp/gmgw-1000/control.sock"), ControlSocketPaths.defaultPath(1000,
                Map.of("XDG_RUNTIME_DIR", "relative")));
    }
}
