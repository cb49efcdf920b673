package io.gmgw.gateway.packet;

/**
 * The far side of the gateway's data plane: packets written to it leave the tunnel world (a TUN device hands them to
 * the kernel; an ESP SA encrypts them to its peer; the in-process responder answers them), and packets it produces
 * come back through the sink given to {@link #start}. The control plane wires one to a
 * {@link io.gmgw.gateway.packet.PacketSink} that routes by destination and never cares which kind it got
 * (ARCHITECTURE.md, "Data plane").
 */
public interface PacketDevice extends PacketSink, PacketSource {
    /** A name for logs and status output: the interface name, the SA, "responder". */
    String name();
}
