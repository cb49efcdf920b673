package io.gmgw.gateway.control;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's end of the control socket: listens on a {@link ControlSocketBinding} (owner-only, stale sockets
 * removed, a second gateway refused), serves each client on a thread of its own (a virtual thread; at most
 * {@link Options#maxClients()} at once, more are told {@link ControlErrorCode#BUSY}), reads request lines of bounded
 * length within the idle timeout and answers each through the {@link ControlDispatcher}. A line that is too long or
 * not a request gets its error reply and the connection closes; the server and its other clients go on.
 */
public final class ControlServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("control");
    /** How long a connection closed after an error reply still takes (and drops) what the client sends. */
    private static final Duration LINGER = Duration.ofSeconds(1);
    private static final Duration ACCEPT_PAUSE = Duration.ofMillis(100);

    /**
     * @param maxClients      connections served at once
     * @param idleTimeout     how long a connection may stay silent before the next request (and to finish one)
     * @param writeTimeout    how long a reply may take to be taken up by a client that does not read
     * @param maxRequestBytes the longest request line
     * @param admit           which peers may use the socket; null admits the gateway's own user and root, the only
     *                        ones the socket's permissions let in anyway
     */
    public record Options(int maxClients, Duration idleTimeout, Duration writeTimeout, int maxRequestBytes,
            Predicate<ControlPeer> admit) {
        public Options {
            if (maxClients < 1 || maxRequestBytes < 64) {
                throw new IllegalArgumentException("maxClients >= 1 and maxRequestBytes >= 64");
            }
            Objects.requireNonNull(idleTimeout, "idleTimeout");
            Objects.requireNonNull(writeTimeout, "writeTimeout");
        }

        /** 16 clients, 30 s idle, 5 s to take a reply, 64 KiB requests, owner and root admitted. */
        public static Options defaults() {
            return new Options(16, Duration.ofSeconds(30), Duration.ofSeconds(5), ControlProtocol.MAX_REQUEST_BYTES,
                    null);
        }

        public Options withIdleTimeout(Duration idle) {
            return new Options(maxClients, idle, writeTimeout, maxRequestBytes, admit);
        }

        public Options withMaxClients(int max) {
            return new Options(max, idleTimeout, writeTimeout, maxRequestBytes, admit);
        }

        public Options withAdmit(Predicate<ControlPeer> which) {
            return new Options(maxClients, idleTimeout, writeTimeout, maxRequestBytes, which);
        }
    }

    private final ControlSocketBinding binding;
    private final ControlDispatcher dispatcher;
    private final Options options;
    private final Predicate<ControlPeer> admit;
    private final Semaphore slots;
    private final ExecutorService workers = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("control-", 0).factory());
    private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean closed;

    private ControlServer(ControlSocketBinding binding, ControlDispatcher dispatcher, Options options) {
        this.binding = binding;
        this.dispatcher = dispatcher;
        this.options = options;
        this.admit = options.admit() != null ? options.admit()
                : peer -> peer.uid() == 0 || peer.uid() == binding.ownerUid() && peer.uid() >= 0;
        this.slots = new Semaphore(options.maxClients());
        this.acceptor = Thread.ofPlatform().daemon().name("control-accept").unstarted(this::acceptLoop);
    }

    /**
     * Claims {@code socket} and starts serving.
     *
     * @throws io.gmgw.gateway.GatewayException when the path or its folder is unsafe or unusable (CONFIG) or another
     *                                          gateway holds it (RESOURCE); the message says what to do
     */
    public static ControlServer start(Path socket, ControlDispatcher dispatcher, Options options) {
        ControlServer server = new ControlServer(ControlSocketBinding.bind(socket, options.maxClients()),
                Objects.requireNonNull(dispatcher, "dispatcher"), options);
        server.acceptor.start();
        LOG.info("control socket listening on {} ({})", server.socket(), String.join(", ",
                dispatcher.requestTypes()));
        return server;
    }

    /** The socket's path, absolute. */
    public Path socket() {
        return binding.socket();
    }

    private void acceptLoop() {
        while (!closed) {
            SocketChannel client;
            try {
                client = binding.channel().accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("control socket {}: accept failed: {}", socket(), e.toString());
                    // out of file descriptors, say: pause rather than spin on the same failure
                    java.util.concurrent.locks.LockSupport.parkNanos(ACCEPT_PAUSE.toNanos());
                }
                continue;
            }
            if (!slots.tryAcquire()) {
                workers.execute(() -> refuseBusy(client));
                continue;
            }
            open.add(client);
            try {
                workers.execute(() -> {
                    try {
                        serve(client);
                    } finally {
                        open.remove(client);
                        slots.release();
                    }
                });
            } catch (RuntimeException e) {
                // closing: the executor takes no more work
                open.remove(client);
                slots.release();
                closeQuietly(client);
            }
        }
    }

    private void serve(SocketChannel client) {
        ControlPeer peer = null;
        try (LineChannel lines = new LineChannel(client, options.maxRequestBytes())) {
            peer = PeerCredentials.read(client, binding.owner(), binding.ownerUid());
            if (!admit.test(peer)) {
                LOG.warn("control socket {}: refused {}: not the gateway's user or root", socket(), peer);
                send(lines, dispatcher.refuse(ControlErrorCode.NOT_PERMITTED, "user " + peer + " may not use this "
                        + "control socket: run as root or as the gateway's user"));
                return;
            }
            LOG.debug("control connection from {}", peer);
            while (!closed) {
                byte[] line;
                try {
                    line = lines.readLine(deadline(options.idleTimeout()));
                } catch (LineChannel.LineTooLongException e) {
                    LOG.warn("control connection from {}: request longer than {} bytes; closing it", peer,
                            options.maxRequestBytes());
                    send(lines, dispatcher.refuse(ControlErrorCode.REQUEST_TOO_LARGE, "a request line may have at "
                            + "most " + options.maxRequestBytes() + " bytes"));
                    return;
                }
                if (line == null) {
                    return;
                }
                ControlDispatcher.Reply reply = dispatcher.dispatch(line, peer);
                send(lines, reply);
                if (reply.close()) {
                    LOG.warn("control connection from {}: not a request; closing it", peer);
                    return;
                }
            }
        } catch (SocketTimeoutException e) {
            LOG.debug("control connection from {}: idle for {}; closing it", peer, options.idleTimeout());
        } catch (IOException e) {
            if (!closed) {
                LOG.debug("control connection from {} ended: {}", peer, e.toString());
            }
        } catch (RuntimeException e) {
            LOG.error("control connection from {} failed", peer, e);
        }
    }

    private void send(LineChannel lines, ControlDispatcher.Reply reply) throws IOException {
        lines.writeLine(reply.line().getBytes(StandardCharsets.UTF_8), deadline(options.writeTimeout()));
        if (reply.close()) {
            lines.finish(deadline(LINGER), 2 * options.maxRequestBytes());
        }
    }

    private void refuseBusy(SocketChannel client) {
        try (LineChannel lines = new LineChannel(client, options.maxRequestBytes())) {
            LOG.warn("control socket {}: {} clients already; refusing one more", socket(), options.maxClients());
            send(lines, dispatcher.refuse(ControlErrorCode.BUSY, "the gateway serves " + options.maxClients()
                    + " control clients already; try again"));
        } catch (IOException e) {
            LOG.debug("control socket {}: refusing a client: {}", socket(), e.toString());
        }
    }

    private static long deadline(Duration timeout) {
        return System.nanoTime() + timeout.toNanos();
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    /** Stops accepting, ends every connection, removes the socket file and releases its lock. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            binding.close();
        } catch (IOException e) {
            LOG.warn("control socket {}: closing: {}", socket(), e.toString());
        }
        open.forEach(ControlServer::closeQuietly);
        workers.shutdown();
        try {
            if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("control socket {}: connections still ending after 5 s", socket());
            }
            acceptor.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("control socket {} closed", socket());
    }
}
