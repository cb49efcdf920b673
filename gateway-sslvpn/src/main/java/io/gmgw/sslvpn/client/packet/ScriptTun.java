package io.gmgw.sslvpn.client.packet;

import io.gmgw.sslvpn.client.LocalPackets;
import io.gmgw.sslvpn.client.TunnelParameters;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * openconnect's {@code --script-tun} (cstp.md §11), no root needed: an AF_UNIX SOCK_DGRAM socket pair, one end given
 * to {@code /bin/sh -c COMMAND} (own process group, vpnc-script variables, no {@code reason}/{@code TUNDEV}) as
 * descriptor 3 named in {@code $VPNFD}; each datagram is exactly one IP packet, both ways. Started once when the
 * tunnel first comes up; on the end its process group gets SIGHUP. The one difference from openconnect: the
 * descriptor number is always 3 (openconnect passes whatever number its socket had).
 *
 * <p>Java cannot hand a descriptor to a child ({@code ProcessBuilder} closes all but 0-2), so the child is started with
 * {@code posix_spawn} through FFM, which puts the socket at 3 and closes every other inherited descriptor.
 */
public final class ScriptTun implements LocalPackets {
    private static final Logger LOG = LoggerFactory.getLogger("tun");
    /** The child's descriptor number for its end of the pair ({@code $VPNFD}). */
    public static final int CHILD_FD = 3;
    static final int MAX_PACKET = 65535;

    private final List<String> argv;
    private final Map<String, String> baseEnvironment;
    private final String gateway;
    private final Consumer<String> out;
    private final AtomicLong droppedToScript = new AtomicLong();
    private final CompletableFuture<Integer> exited = new CompletableFuture<>();
    private int fd = -1;
    private int pid = -1;
    private Arena sendArena;
    private MemorySegment sendBuffer;
    private Thread reader;
    private Thread waiter;
    private volatile boolean closing;
    private Uplink uplink;

    /**
     * {@code command} runs as {@code /bin/sh -c command}; {@code environment} is the base environment (the caller's,
     * usually), {@code gateway} the gateway's address for {@code VPNGATEWAY}.
     */
    public ScriptTun(String command, Map<String, String> environment, String gateway, Consumer<String> out) {
        this.argv = List.of("/bin/sh", "-c", command);
        this.baseEnvironment = Map.copyOf(environment);
        this.gateway = gateway;
        this.out = out;
    }

    @Override
    public void open(TunnelParameters p, Uplink up) throws IOException {
        uplink = up;
        int[] pair = Posix.socketPair();
        Map<String, String> env = new LinkedHashMap<>(baseEnvironment);
        env.remove("reason");
        env.remove("TUNDEV");
        env.putAll(ScriptEnvironment.of(p, gateway, ProcessHandle.current().pid()));
        env.put("VPNFD", Integer.toString(CHILD_FD));
        try {
            pid = Posix.spawn(argv, env, pair[1], CHILD_FD);
        } catch (IOException | RuntimeException e) {
            Posix.close(pair[0]);
            Posix.close(pair[1]);
            throw e;
        }
        Posix.close(pair[1]);
        fd = pair[0];
        sendArena = Arena.ofShared();
        sendBuffer = sendArena.allocate(MAX_PACKET);
        out.accept("script started (pid " + pid + ", packets on $VPNFD=" + CHILD_FD + "): " + argv.get(2));
        reader = Thread.ofPlatform().daemon().name("script-tun-reader").start(this::readLoop);
        waiter = Thread.ofPlatform().daemon().name("script-tun-waiter").start(this::awaitExit);
    }

    /** Datagrams from the script go into the tunnel, one packet each. */
    private void readLoop() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(MAX_PACKET);
            MemorySegment state = Posix.callState(a);
            while (!closing) {
                long n = Posix.recv(fd, buf, state);
                if (n == -Posix.EINTR) {
                    continue;
                }
                if (n < 0) {
                    if (!closing) {
                        LOG.warn("reading the script's socket failed: {}", Posix.strerror((int) -n));
                        uplink.finish("the script's socket failed");
                    }
                    return;
                }
                if (n == 0) {
                    if (closing) {
                        return;
                    }
                    continue; // an empty datagram carries no packet
                }
                ByteBuf packet = Unpooled.buffer((int) n);
                packet.writeBytes(buf.asSlice(0, n).asByteBuffer());
                uplink.send(packet);
            }
        }
    }

    private void awaitExit() {
        int status = Posix.waitFor(pid);
        exited.complete(status);
        if (!closing) {
            String how = (status & 0x7f) == 0 ? "exited with status " + ((status >> 8) & 0xff)
                    : "was killed by signal " + (status & 0x7f);
            out.accept("the script " + how);
            uplink.finish("the script " + how);
        }
    }

    @Override
    public void fromGateway(ByteBuf packet) {
        try {
            int len = packet.readableBytes();
            if (fd < 0 || closing || len > MAX_PACKET) {
                return;
            }
            MemorySegment.copy(MemorySegment.ofBuffer(packet.nioBuffer()), 0, sendBuffer, 0, len);
            long n = Posix.send(fd, sendBuffer, len);
            if (n == -Posix.EAGAIN) {
                droppedToScript.incrementAndGet(); // the script reads too slowly: drop, as a full TUN queue does
            } else if (n < 0) {
                // ECONNREFUSED/ENOTCONN: the script closed its end (openconnect: "Client connection terminated")
                uplink.finish("the script closed its socket (" + Posix.strerror((int) -n) + ")");
            }
        } finally {
            packet.release();
        }
    }

    /** Completes with the script's wait status once it has ended and was reaped. */
    public CompletableFuture<Integer> exited() {
        return exited;
    }

    /** Packets dropped because the script did not read them in time. */
    public long droppedToScript() {
        return droppedToScript.get();
    }

    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        if (pid > 0 && !Posix.killGroup(pid, Posix.SIGHUP)) {
            LOG.debug("the script's process group {} was already gone", pid);
        }
        if (fd >= 0) {
            Posix.shutdown(fd);
            try {
                if (reader != null) {
                    reader.join(2000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Posix.close(fd);
            fd = -1;
        }
        if (sendArena != null) {
            sendArena.close();
        }
    }
}
