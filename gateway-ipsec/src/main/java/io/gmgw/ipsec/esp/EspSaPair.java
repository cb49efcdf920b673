package io.gmgw.ipsec.esp;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.ipsec.ike.config.TrafficSelector;
import io.gmgw.ipsec.ike.sa.ChildSa;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Both directions of one CHILD SA as the data plane holds them: outbound (SPI chosen by the peer) and inbound (ours),
 * the traffic selectors (local = our side's subnet, remote = the peer's), and where ESP-in-UDP goes (RFC 3948: the
 * peer's address and port 4500, or the port NAT mapped it to). Installed and removed as a unit by {@link EspSaTable}.
 * The key material is copied into the ciphers: the caller wipes its {@link ChildSa} when it is done with it, this pair
 * wipes its own copies on {@link #destroy()}.
 */
public final class EspSaPair {
    private final String name;
    private final EspOutboundSa outbound;
    private final EspInboundSa inbound;
    private final TrafficSelector local;
    private final TrafficSelector remote;
    private final InetSocketAddress peer;

    private EspSaPair(String name, EspOutboundSa outbound, EspInboundSa inbound, TrafficSelector local,
            TrafficSelector remote, InetSocketAddress peer) {
        this.name = name;
        this.outbound = outbound;
        this.inbound = inbound;
        this.local = local;
        this.remote = remote;
        this.peer = peer;
    }

    /**
     * A pair from explicit keys. {@code module} serves SM4/SM3 (it may be null for the AES transforms), {@code random}
     * the CBC IVs; {@code events} hears the outbound sequence events.
     */
    public static EspSaPair create(String name, EspTransform transform, int outboundSpi, byte[] outboundEncryptionKey,
            byte[] outboundIntegrityKey, int inboundSpi, byte[] inboundEncryptionKey, byte[] inboundIntegrityKey,
            TrafficSelector local, TrafficSelector remote, InetSocketAddress peer, EspSaSettings settings,
            CryptoModule module, SecureRandom random, Consumer<EspEvent> events) {
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(events, "events");
        if (inboundSpi == 0 || outboundSpi == 0) {
            throw new IllegalArgumentException("SPI 0 is reserved (RFC 4303 §2.1)");
        }
        EspCipher out = EspCipher.create(transform, true, outboundEncryptionKey, outboundIntegrityKey, module, random);
        EspCipher in;
        try {
            in = EspCipher.create(transform, false, inboundEncryptionKey, inboundIntegrityKey, module, random);
        } catch (RuntimeException e) {
            out.destroy();
            throw e;
        }
        return new EspSaPair(name,
                new EspOutboundSa(name, outboundSpi, transform, out, settings.softSequenceLimit(), events),
                new EspInboundSa(name, inboundSpi, transform, in, settings.replayWindow(), local, remote),
                local, remote, peer);
    }

    /** The pair quick mode negotiated, with {@code transform} (e.g. {@link EspTransform#of} its proposal). */
    public static EspSaPair fromChildSa(ChildSa child, EspTransform transform, InetSocketAddress peer,
            EspSaSettings settings, CryptoModule module, SecureRandom random, Consumer<EspEvent> events) {
        ChildSa.Direction out = child.outbound();
        ChildSa.Direction in = child.inbound();
        return create(child.name(), transform, out.spi(), out.encryptionKey(), out.integrityKey(), in.spi(),
                in.encryptionKey(), in.integrityKey(), child.local(), child.remote(), peer, settings, module, random,
                events);
    }

    /** The standard-profile pair (AES) exactly as quick mode negotiated it. */
    public static EspSaPair fromChildSa(ChildSa child, InetSocketAddress peer, EspSaSettings settings,
            SecureRandom random, Consumer<EspEvent> events) {
        return fromChildSa(child, EspTransform.of(child.proposal()), peer, settings, null, random, events);
    }

    public String name() {
        return name;
    }

    public EspOutboundSa outbound() {
        return outbound;
    }

    public EspInboundSa inbound() {
        return inbound;
    }

    public TrafficSelector local() {
        return local;
    }

    public TrafficSelector remote() {
        return remote;
    }

    /** Where this pair's ESP-in-UDP packets go. */
    public InetSocketAddress peer() {
        return peer;
    }

    /** Whether a packet from {@code source} to {@code destination} (IPv4) belongs to this pair's outbound direction. */
    public boolean coversOutbound(int source, int destination) {
        return local.contains(source) && remote.contains(destination);
    }

    /** What status output shows of this pair now. */
    public EspSaStatus status() {
        return new EspSaStatus(name, outbound.transform().describe(), inbound.spi(), outbound.spi(), local, remote,
                peer, outbound.sequence(), inbound.highestSequence(), inbound.counters().snapshot(),
                outbound.counters().snapshot());
    }

    /** Wipes both directions' keys. */
    public void destroy() {
        outbound.destroy();
        inbound.destroy();
    }

    @Override
    public String toString() {
        return name + " " + local + " === " + remote + " via " + peer + " (" + outbound + ", " + inbound + ")";
    }
}
