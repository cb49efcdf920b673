package io.gmgw.gateway.config;

/**
 * {@code data-plane}: where users' packets go. {@link Mode#TUN}: a TUN device named {@link #device()} (root or
 * CAP_NET_ADMIN); {@link Mode#RESPONDER}: no device, an in-gateway responder answers ICMP echo and UDP echo on the
 * gateway's tunnel addresses (the demo and tests without root).
 */
public record DataPlaneSettings(Mode mode, String device) {
    /** The data planes. */
    public enum Mode {
        TUN, RESPONDER
    }
}
