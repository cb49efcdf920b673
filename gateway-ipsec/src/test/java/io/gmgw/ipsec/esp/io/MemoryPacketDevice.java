package io.gmgw.ipsec.esp.io;

import io.gmgw.gateway.packet.PacketDevice;
import io.gmgw.gateway.packet.PacketSink;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * An in-memory packet device for tests that run without root (the TUN device needs CAP_NET_ADMIN): what the data plane
 * writes is queued as bytes (bounded), and {@link #inject} plays the kernel handing a packet to the data plane.
 */
final class MemoryPacketDevice implements PacketDevice {
    final BlockingQueue<byte[]> written = new ArrayBlockingQueue<>(1024);
    private PacketSink sink;

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public synchronized void start(PacketSink sink) {
        if (this.sink != null) {
            throw new IllegalStateException("started twice");
        }
        this.sink = sink;
    }

    /** A packet "read from the device", handed to the data plane on the calling thread. */
    boolean inject(byte[] packet) {
        PacketSink s;
        synchronized (this) {
            s = sink;
        }
        return s.accept(Unpooled.wrappedBuffer(packet));
    }

    @Override
    public boolean accept(ByteBuf packet) {
        try {
            return written.offer(ByteBufUtil.getBytes(packet));
        } finally {
            packet.release();
        }
    }

    @Override
    public void close() {
    }
}
