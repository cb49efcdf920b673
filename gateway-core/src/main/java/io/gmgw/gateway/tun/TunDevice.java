package io.gmgw.gateway.tun;

import io.gmgw.gateway.GatewayException;
import io.gmgw.gateway.packet.PacketDevice;
import io.gmgw.gateway.packet.PacketSink;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Linux TUN device opened through FFM: {@code /dev/net/tun}, {@code TUNSETIFF} with {@code IFF_TUN | IFF_NO_PI}
 * (Documentation/networking/tuntap.rst), so each read and each write is exactly one IPv4 or IPv6 packet. Needs root or
 * CAP_NET_ADMIN. The device lives while it is open: {@link #close()} removes it, and with it every address and route
 * the kernel had on it (unless it was created persistent beforehand, e.g. by {@code ip tuntap add}, which this class
 * then attaches to and leaves in place).
 *
 * <p>Packets in: {@link #start} starts one reader thread ({@code tun-reader-NAME}) that waits in {@code poll(2)} on
 * the device and on an eventfd that {@link #close} signals, reads whatever is ready (non-blocking descriptor) into a
 * scratch buffer and hands each packet, copied into a buffer from the allocator, to the sink; the sink owns it.
 * Packets out: {@link #accept} writes one packet from any thread (a TUN write does not block: the kernel takes the
 * packet or drops it) and releases it. Address, MTU and routes are set by {@link IpCommand}.
 */
public final class TunDevice implements PacketDevice {
    private static final Logger LOG = LoggerFactory.getLogger("tun");

    // linux/if_tun.h: TUNSETIFF = _IOW('T', 202, int); the flags for ifr_flags.
    static final long TUNSETIFF = 0x400454caL;
    static final short IFF_TUN = 0x0001, IFF_NO_PI = 0x1000;

    /** Largest packet a read can return: the IPv4/IPv6 length fields are 16 bits. */
    static final int MAX_PACKET = 65_535;
    /** Packets read per wake-up before the loop polls again (and lets close in). */
    private static final int READ_BATCH = 64;
    private static final String DEVICE = "/dev/net/tun";
    /**
     * Names gmgw accepts: what the kernel accepts (dev_valid_name: at most 15 bytes, no '/', ':' or space) narrowed to
     * letters, digits, '_', '.', '-' not first, and at most one "%d" for the kernel to fill in. Safe as an argument
     * to {@code ip} (never read as an option).
     */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*(%d[A-Za-z0-9_.-]*)?");

    private final String name;
    private final int fd;
    private final int wakeFd;
    private final ByteBufAllocator allocator;
    private final Arena arena = Arena.ofShared();
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private final AtomicLong packetsIn = new AtomicLong(), bytesIn = new AtomicLong(), packetsOut = new AtomicLong(),
            bytesOut = new AtomicLong(), writeDrops = new AtomicLong(), readErrors = new AtomicLong();
    private volatile boolean closed;
    private boolean descriptorsClosed; // guarded by lifecycle's write lock
    private Thread reader; // guarded by this

    private TunDevice(String name, int fd, int wakeFd, ByteBufAllocator allocator) {
        this.name = name;
        this.fd = fd;
        this.wakeFd = wakeFd;
        this.allocator = allocator;
    }

    /**
     * Creates (or attaches to) TUN device {@code requestedName}: a name, a template with "%d" ({@code gmgw%d}), or
     * empty for a kernel-assigned {@code tunN}. The device is down with no address until {@link IpCommand} configures
     * it. Errors are {@link GatewayException}s: CONFIG for a bad name, RESOURCE for no {@code /dev/net/tun}, no
     * permission (root or CAP_NET_ADMIN needed) or a name that is taken.
     */
    public static TunDevice open(String requestedName, ByteBufAllocator allocator) {
        if (!requestedName.isEmpty() && (requestedName.length() >= IfReq.IFNAMSIZ
                || !NAME.matcher(requestedName).matches())) {
            throw new GatewayException(GatewayException.Kind.CONFIG, "TUN device name '" + requestedName + "' is not"
                    + " valid: use 1 to 15 letters, digits, '_', '.' or '-' (not first), optionally one %d for the"
                    + " kernel to number, or leave it empty for a kernel-assigned tunN");
        }
        try (Arena call = Arena.ofConfined()) {
            Libc.Result opened = Libc.open(call.allocateFrom(DEVICE), Libc.O_RDWR | Libc.O_NONBLOCK | Libc.O_CLOEXEC);
            if (opened.failed()) {
                throw TunErrors.open(DEVICE, opened.errno());
            }
            int fd = (int) opened.value();
            MemorySegment ifreq = call.allocate(IfReq.LAYOUT);
            IfReq.setName(ifreq, requestedName);
            IfReq.setFlags(ifreq, (short) (IFF_TUN | IFF_NO_PI));
            Libc.Result set = Libc.ioctl(fd, TUNSETIFF, ifreq);
            if (set.failed()) {
                Libc.close(fd);
                throw TunErrors.setIff(requestedName, set.errno());
            }
            String name = IfReq.name(ifreq);
            Libc.Result wake = Libc.eventfd(0, Libc.EFD_NONBLOCK | Libc.EFD_CLOEXEC);
            if (wake.failed()) {
                Libc.close(fd);
                throw new GatewayException(GatewayException.Kind.RESOURCE, "cannot create the eventfd that stops"
                        + " TUN device " + name + "'s reader: " + Libc.errnoName(wake.errno()));
            }
            LOG.info("TUN device {} created", name);
            return new TunDevice(name, fd, (int) wake.value(), allocator);
        }
    }

    /** The interface name the kernel gave the device (as {@code ip link} shows it). */
    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized void start(PacketSink sink) {
        if (reader != null) {
            throw new IllegalStateException("TUN device " + name + " is already started");
        }
        if (closed) {
            throw new IllegalStateException("TUN device " + name + " is closed");
        }
        reader = Thread.ofPlatform().name("tun-reader-" + name).daemon().unstarted(() -> readLoop(sink));
        reader.start();
    }

    /** Writes one packet to the kernel and releases it (see {@link PacketSink}). */
    @Override
    public boolean accept(ByteBuf packet) {
        ByteBuf direct = packet;
        try {
            int length = packet.readableBytes();
            if (length == 0 || length > MAX_PACKET) {
                writeDrops.incrementAndGet();
                return false;
            }
            if (!packet.isDirect() || packet.nioBufferCount() != 1) {
                direct = allocator.directBuffer(length).writeBytes(packet, packet.readerIndex(), length);
            }
            MemorySegment bytes = MemorySegment.ofBuffer(direct.nioBuffer(direct.readerIndex(), length));
            lifecycle.readLock().lock();
            try {
                if (closed) {
                    writeDrops.incrementAndGet();
                    return false;
                }
                Libc.Result written = Libc.write(fd, bytes, length);
                if (written.failed() || written.value() != length) {
                    writeDrops.incrementAndGet();
                    LOG.debug("TUN device {}: a {}-byte packet was not written ({})", name, length,
                            written.failed() ? Libc.errnoName(written.errno()) : written.value() + " bytes");
                    return false;
                }
            } finally {
                lifecycle.readLock().unlock();
            }
            packetsOut.incrementAndGet();
            bytesOut.addAndGet(length);
            return true;
        } finally {
            if (direct != packet) {
                direct.release();
            }
            packet.release();
        }
    }

    private void readLoop(PacketSink sink) {
        MemorySegment scratch;
        MemorySegment fds;
        lifecycle.readLock().lock();
        try {
            if (closed) {
                return; // closed before this thread ran: the arena may be gone already
            }
            scratch = arena.allocate(MAX_PACKET);
            fds = arena.allocate(Libc.POLLFD, 2);
        } finally {
            lifecycle.readLock().unlock();
        }
        Libc.POLLFD_FD.set(fds, 0L, 0L, fd);
        Libc.POLLFD_EVENTS.set(fds, 0L, 0L, Libc.POLLIN);
        Libc.POLLFD_FD.set(fds, 0L, 1L, wakeFd);
        Libc.POLLFD_EVENTS.set(fds, 0L, 1L, Libc.POLLIN);
        LOG.debug("TUN device {}: reader started", name);
        while (true) {
            lifecycle.readLock().lock();
            try {
                if (closed || !pollAndRead(sink, scratch, fds)) {
                    break;
                }
            } finally {
                lifecycle.readLock().unlock();
            }
        }
        LOG.debug("TUN device {}: reader stopped", name);
        if (closed) {
            closeDescriptors(); // a no-op unless close() was called from the sink, on this thread
        }
    }

    /** One wait and one batch of reads; false when the reader must stop. */
    private boolean pollAndRead(PacketSink sink, MemorySegment scratch, MemorySegment fds) {
        Libc.Result ready = Libc.poll(fds, 2, -1);
        if (ready.failed()) {
            if (ready.errno() == Libc.EINTR) {
                return true;
            }
            LOG.error("TUN device {}: poll failed ({}); the reader stops", name, Libc.errnoName(ready.errno()));
            return false;
        }
        short wake = (short) Libc.POLLFD_REVENTS.get(fds, 0L, 1L);
        short tun = (short) Libc.POLLFD_REVENTS.get(fds, 0L, 0L);
        if (wake != 0 || closed) {
            return false;
        }
        if ((tun & (Libc.POLLERR | Libc.POLLHUP | Libc.POLLNVAL)) != 0) {
            LOG.error("TUN device {}: the device reports an error (poll revents 0x{}); the reader stops", name,
                    Integer.toHexString(tun & 0xffff));
            return false;
        }
        for (int i = 0; i < READ_BATCH; i++) {
            Libc.Result read = Libc.read(fd, scratch, MAX_PACKET);
            if (read.failed()) {
                if (read.errno() == Libc.EAGAIN || read.errno() == Libc.EINTR) {
                    return true;
                }
                readErrors.incrementAndGet();
                LOG.error("TUN device {}: read failed ({}); the reader stops", name, Libc.errnoName(read.errno()));
                return false;
            }
            int length = (int) read.value();
            if (length == 0) {
                return true;
            }
            ByteBuf packet = allocator.directBuffer(length);
            packet.writeBytes(scratch.asSlice(0, length).asByteBuffer());
            packetsIn.incrementAndGet();
            bytesIn.addAndGet(length);
            try {
                sink.accept(packet);
            } catch (RuntimeException e) {
                // The sink owns the packet even when it throws (PacketSink); one bad packet must not stop the device.
                LOG.error("TUN device {}: the packet sink failed on a {}-byte packet", name, length, e);
            }
        }
        return true;
    }

    /** What passed through the device since it was opened. */
    public TunCounters counters() {
        return new TunCounters(packetsIn.get(), bytesIn.get(), packetsOut.get(), bytesOut.get(), writeDrops.get(),
                readErrors.get());
    }

    /**
     * Stops the reader (no packet reaches the sink after this returns, unless called from the sink itself: then the
     * reader stops when the sink returns) and closes the device, which the kernel then removes with its addresses and
     * routes. Idempotent.
     */
    @Override
    public void close() {
        Thread r;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            r = reader;
        }
        try (Arena call = Arena.ofConfined()) {
            Libc.write(wakeFd, call.allocateFrom(ValueLayout.JAVA_LONG, 1L), Long.BYTES);
        }
        if (r == Thread.currentThread()) {
            return; // the reader holds the read lock; it closes the descriptors when the sink returns (readLoop)
        }
        closeDescriptors();
        if (r != null) {
            try {
                if (!r.join(Duration.ofSeconds(5))) {
                    LOG.warn("TUN device {}: the reader did not stop within 5 s", name);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Closes the descriptors and frees the reader's memory once, when no read or write is in progress. */
    private void closeDescriptors() {
        lifecycle.writeLock().lock();
        try {
            if (descriptorsClosed) {
                return;
            }
            descriptorsClosed = true;
            Libc.close(fd);
            Libc.close(wakeFd);
            arena.close();
        } finally {
            lifecycle.writeLock().unlock();
        }
        LOG.info("TUN device {} closed ({})", name, counters());
    }

    @Override
    public String toString() {
        return "TUN device " + name;
    }
}
