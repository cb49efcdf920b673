package io.gmgw.sslvpn.gateway;

import io.gmgw.gateway.ip.IpPrefix;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A thread-safe packet path that records what sessions deliver (bytes; buffers released) and who is registered. */
final class RecordingPacketPath implements PacketPath {
    final List<byte[]> delivered = new ArrayList<>();
    final Map<String, Receiver> receivers = new LinkedHashMap<>();
    final Map<String, List<IpPrefix>> addresses = new LinkedHashMap<>();
    boolean full;
    /** Thrown by the next registrations, as a data plane that fails or finds an address conflict would; null: none. */
    RuntimeException refuse;

    @Override
    public synchronized Registration register(String sessionId, List<IpPrefix> addrs, Receiver receiver) {
        if (refuse != null) {
            throw refuse;
        }
        receivers.put(sessionId, receiver);
        addresses.put(sessionId, List.copyOf(addrs));
        return () -> {
            synchronized (this) {
                receivers.remove(sessionId);
                addresses.remove(sessionId);
            }
        };
    }

    @Override
    public synchronized boolean deliver(String sessionId, ByteBuf packet) {
        try {
            if (full) {
                return false;
            }
            delivered.add(ByteBufUtil.getBytes(packet));
            return true;
        } finally {
            packet.release();
        }
    }
}
