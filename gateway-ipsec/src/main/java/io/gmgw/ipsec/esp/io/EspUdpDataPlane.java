package io.gmgw.ipsec.esp.io;

import io.gmgw.gateway.packet.PacketDevice;
import io.gmgw.ipsec.esp.EspDrop;
import io.gmgw.ipsec.esp.EspInboundSa;
import io.gmgw.ipsec.esp.EspOutboundSa;
import io.gmgw.ipsec.esp.EspSaPair;
import io.gmgw.ipsec.esp.EspSaTable;
import io.gmgw.ipsec.natt.NonEspMarker;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The userspace ESP data plane's I/O: one UDP socket on port 500 and one on 4500 of a local address, and a packet
 * device (a TUN device from gateway-core), with the {@link EspSaTable} between them.
 *
 * <ul>
 *   <li>port 500: IKE, handed to the {@link IkeDatagramHandler};</li>
 *   <li>port 4500 (RFC 3948 §2, {@link NonEspMarker}): behind a zero marker IKE (to the handler), the single byte 0xFF
 *       a NAT-keepalive (counted), anything else ESP: its SPI picks the inbound SA, which checks and decrypts it in
 *       place; the inner packet goes to the device;</li>
 *   <li>from the device: an IPv4 packet's source and destination pick the outbound SA by selector; its ESP packet goes
 *       to the SA's peer from port 4500; a packet no SA covers is dropped and counted, never sent in the clear.</li>
 * </ul>
 *
 * <p>Threads: one receive thread ({@code esp-udp-ADDRESS}) for both sockets; the device's own thread for the way out.
 * Each way has its reusable 64 KiB buffers: no allocation per packet beyond the buffer the device takes. Raw ESP (IP
 * protocol 50) is not offered: the machines this runs on have no kernel ESP and ESP-in-UDP passes every NAT.
 * Keepalive timing, peers' floating ports and SA lifetimes belong to the SA manager ({@link #sendKeepalive},
 * {@link #sendIke}).
 */
public final class EspUdpDataPlane implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("esp");
    public static final int IKE_PORT = 500;
    public static final int NAT_T_PORT = 4500;
    private static final int MAX_DATAGRAM = 65_535;

    private final EspSaTable table;
    private final PacketDevice device;
    private final IkeDatagramHandler ike;
    private final ByteBufAllocator allocator;
    private final DatagramChannel ikeChannel;
    private final DatagramChannel natTChannel;
    private final Selector selector;
    private final EspDataPlaneCounters counters = new EspDataPlaneCounters();
    private final byte[] receiveBuffer = new byte[MAX_DATAGRAM];
    /** The way out's buffers, guarded by {@link #outboundLock} (a device normally hands packets from one thread). */
    private final Object outboundLock = new Object();
    private final byte[] sendBuffer = new byte[MAX_DATAGRAM];
    private final byte[] innerBuffer = new byte[MAX_DATAGRAM];
    private final Thread receiver;
    private volatile boolean closed;

    private EspUdpDataPlane(EspSaTable table, PacketDevice device, IkeDatagramHandler ike, ByteBufAllocator allocator,
            DatagramChannel ikeChannel, DatagramChannel natTChannel, Selector selector, String label) {
        this.table = table;
        this.device = device;
        this.ike = ike;
        this.allocator = allocator;
        this.ikeChannel = ikeChannel;
        this.natTChannel = natTChannel;
        this.selector = selector;
        this.receiver = Thread.ofPlatform().name("esp-udp-" + label).daemon().unstarted(this::receiveLoop);
    }

    /**
     * Binds ports 500 and 4500 (or {@code ikePort} and {@code natTPort}, for tests without root) on {@code local},
     * starts the device and the receive thread.
     *
     * @throws UncheckedIOException when a port cannot be bound (taken, or no privilege for ports below 1024)
     */
    public static EspUdpDataPlane start(InetAddress local, int ikePort, int natTPort, EspSaTable table,
            PacketDevice device, IkeDatagramHandler ike, ByteBufAllocator allocator) {
        DatagramChannel a = null;
        DatagramChannel b = null;
        Selector s = null;
        try {
            a = DatagramChannel.open().bind(new InetSocketAddress(local, ikePort));
            b = DatagramChannel.open().bind(new InetSocketAddress(local, natTPort));
            s = Selector.open();
            for (DatagramChannel c : new DatagramChannel[] {a, b}) {
                c.configureBlocking(false);
                c.register(s, SelectionKey.OP_READ);
            }
        } catch (IOException e) {
            closeQuietly(a, b, s);
            throw new UncheckedIOException("cannot bind UDP ports " + ikePort + " and " + natTPort + " on "
                    + local.getHostAddress() + " for IKE and ESP-in-UDP (taken by another IKE daemon, or not root?)",
                    e);
        }
        EspUdpDataPlane plane = new EspUdpDataPlane(table, device, ike, allocator, a, b, s, local.getHostAddress());
        device.start(plane::fromDevice);
        plane.receiver.start();
        LOG.info("ESP data plane on {} ports {}/{} with device {}", local.getHostAddress(), ikePort, natTPort,
                device.name());
        return plane;
    }

    public EspDataPlaneCounters counters() {
        return counters;
    }

    /** The port-4500 socket's local address (for tests that bind port 0). */
    public InetSocketAddress natTAddress() throws IOException {
        return (InetSocketAddress) natTChannel.getLocalAddress();
    }

    /** Sends an IKE message from port 500, or from 4500 behind the non-ESP marker (RFC 3948 §2.2). */
    public void sendIke(byte[] message, boolean natTPort, InetSocketAddress to) throws IOException {
        if (natTPort) {
            natTChannel.send(ByteBuffer.wrap(NonEspMarker.prepend(message)), to);
        } else {
            ikeChannel.send(ByteBuffer.wrap(message), to);
        }
    }

    /** Sends a NAT-keepalive, the single byte 0xFF from port 4500 (RFC 3948 §2.3). */
    public void sendKeepalive(InetSocketAddress to) throws IOException {
        natTChannel.send(ByteBuffer.wrap(new byte[] {(byte) NonEspMarker.KEEPALIVE}), to);
    }

    /** A packet from the device (its thread): encrypt by the SA its addresses select and send, or drop. */
    private boolean fromDevice(ByteBuf packet) {
        try {
            int length = packet.readableBytes();
            if (length < 20 || (packet.getByte(packet.readerIndex()) & 0xf0) != 0x40) {
                counters.noSa.increment(); // IPv6 or junk: the selectors are IPv4 subnets
                return false;
            }
            int source = packet.getInt(packet.readerIndex() + 12);
            int destination = packet.getInt(packet.readerIndex() + 16);
            EspSaPair pair = table.outbound(source, destination);
            if (pair == null) {
                counters.noSa.increment();
                return false;
            }
            EspOutboundSa sa = pair.outbound();
            synchronized (outboundLock) {
                packet.getBytes(packet.readerIndex(), innerBuffer, 0, length);
                // too large for a datagram is refused (TOO_LARGE) before anything is written
                int n = sa.encapsulate(innerBuffer, 0, length, EspOutboundSa.NEXT_HEADER_IPV4, sendBuffer, 0);
                if (n < 0) {
                    LOG.debug("ESP {}: outbound packet dropped: {}", pair.name(), EspDrop.ofCode(n));
                    return false;
                }
                natTChannel.send(ByteBuffer.wrap(sendBuffer, 0, n), pair.peer());
            }
            return true;
        } catch (IOException e) {
            counters.sendErrors.increment();
            LOG.debug("ESP: sending to a peer failed: {}", e.toString());
            return false;
        } finally {
            packet.release();
        }
    }

    private void receiveLoop() {
        ByteBuffer buf = ByteBuffer.wrap(receiveBuffer);
        while (!closed) {
            try {
                selector.select();
                selector.selectedKeys().clear();
                drain(ikeChannel, buf, false);
                drain(natTChannel, buf, true);
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("ESP data plane: receiving failed: {}", e.toString());
                }
                return;
            } catch (RuntimeException e) {
                // one bad datagram must not end the data plane for every SA
                LOG.warn("ESP data plane: a datagram could not be handled", e);
            }
        }
    }

    /** At most a batch per wake-up, so that one busy socket cannot starve the other. */
    private void drain(DatagramChannel channel, ByteBuffer buf, boolean natT) throws IOException {
        for (int i = 0; i < 64; i++) {
            buf.clear();
            SocketAddress from = channel.receive(buf);
            if (from == null) {
                return;
            }
            datagram(receiveBuffer, buf.position(), natT, (InetSocketAddress) from);
        }
    }

    private void datagram(byte[] d, int length, boolean natT, InetSocketAddress from) {
        if (!natT) {
            counters.ikeDatagrams.increment();
            ike.ike(java.util.Arrays.copyOf(d, length), false, from);
            return;
        }
        switch (NonEspMarker.classify(d, 0, length)) {
            case IKE -> {
                counters.ikeDatagrams.increment();
                ike.ike(java.util.Arrays.copyOfRange(d, NonEspMarker.LENGTH, length), true, from);
            }
            case KEEPALIVE -> counters.keepalives.increment();
            case INVALID -> counters.invalidDatagrams.increment();
            case ESP -> esp(d, length);
        }
    }

    private void esp(byte[] d, int length) {
        int spi = (d[0] & 0xff) << 24 | (d[1] & 0xff) << 16 | (d[2] & 0xff) << 8 | d[3] & 0xff;
        EspSaPair pair = table.inbound(spi);
        if (pair == null) {
            counters.unknownSpi.increment();
            return;
        }
        EspInboundSa sa = pair.inbound();
        int n = sa.decapsulate(d, 0, length);
        if (n < 0) {
            return; // counted by the SA
        }
        ByteBuf inner = allocator.directBuffer(n);
        inner.writeBytes(d, sa.innerOffset(0), n);
        device.accept(inner);
    }

    /** Stops the receive thread and closes the sockets; the device and the table are the caller's. */
    @Override
    public void close() {
        closed = true;
        selector.wakeup();
        try {
            receiver.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly(ikeChannel, natTChannel, selector);
    }

    private static void closeQuietly(AutoCloseable... all) {
        for (AutoCloseable c : all) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // closing: nothing left to do with it
                }
            }
        }
    }
}
