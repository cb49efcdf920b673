package io.gmgw.gateway.pool;

import io.gmgw.gateway.GatewayException;
import io.gmgw.gateway.ip.IpPrefix;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Client addresses from one IPv4 or IPv6 network, as ocserv's {@code ipv4-network}/{@code ipv6-network} with
 * {@code predictable-ips = true}: a client's preferred address is derived from a stable key (its identity), so the
 * same user gets the same address back while nobody else holds it; when it is taken the next free address after it
 * is used (linear probing). Never the same address to two owners; thread-safe (one lock, short critical sections).
 *
 * <p>Reserved, never leased: the network address (IPv4: RFC 919's network; IPv6: the subnet-router anycast address,
 * RFC 4291 §2.6.1), the IPv4 broadcast address, and the gateway's own tunnel address (by default the first usable
 * address). Point-to-point prefixes have no network or broadcast address (IPv4 /31, RFC 3021; IPv6 /127, RFC 6164),
 * so they hold the gateway and one client. A prefix that leaves no address for a client (/32, /128) is refused.
 *
 * <p>A lease is bound to an owner key: leasing again with the same owner returns the same lease (a reconnect with
 * the same cookie must get the same address, or openconnect aborts: cstp.md §9). Release frees it; a release of a
 * lease the owner no longer holds does nothing. Pools larger than 2^62 addresses (IPv6 shorter than /66) use their
 * first 2^62 addresses, more than any gateway has clients.
 */
public final class AddressPool {
    private static final int MAX_HOST_BITS = 62;

    private final String name;
    private final IpPrefix network;
    private final InetAddress gateway;
    private final byte[] base;
    private final long span;
    private final long reservedLow;
    private final long reservedHigh;
    private final long gatewayOffset;
    private final long capacity;
    private final Map<Long, Lease> byOffset = new HashMap<>();
    private final Map<String, Lease> byOwner = new HashMap<>();

    private AddressPool(String name, IpPrefix network, InetAddress gateway, long span, long reservedLow,
            long reservedHigh, long gatewayOffset) {
        this.name = name;
        this.network = network;
        this.gateway = gateway;
        this.base = network.address().getAddress();
        this.span = span;
        this.reservedLow = reservedLow;
        this.reservedHigh = reservedHigh;
        this.gatewayOffset = gatewayOffset;
        this.capacity = span - reservedLow - reservedHigh - 1;
    }

    /**
     * A pool named {@code name} (for messages and status) over {@code network}, which must be a network address
     * (host bits zero). {@code gateway} is the gateway's tunnel address inside it, or null for the first usable one.
     * Errors are {@link GatewayException}s of kind CONFIG that say what to write instead.
     */
    public static AddressPool of(String name, IpPrefix network, InetAddress gateway) {
        if (!network.isNetwork()) {
            throw config("address pool '" + name + "': " + network + " is not a network address (its host bits are"
                    + " set); write " + network.network());
        }
        int max = IpPrefix.maxLength(network.address());
        int hostBits = max - network.length();
        if (hostBits == 0) {
            throw config("address pool '" + name + "': " + network + " is a single address and leaves none for"
                    + " clients beside the gateway's own; use a network of at least "
                    + (max == 32 ? "/30 (one client) or /31 (point-to-point), a /24 for 253 clients"
                            : "/127 (one client), a /64 for many"));
        }
        long span = 1L << Math.min(hostBits, MAX_HOST_BITS);
        boolean pointToPoint = hostBits == 1;
        long reservedLow = pointToPoint ? 0 : 1;
        long reservedHigh = !pointToPoint && max == 32 ? 1 : 0;
        AddressPool probe = new AddressPool(name, network, null, span, reservedLow, reservedHigh, -1);
        long gatewayOffset;
        if (gateway == null) {
            gatewayOffset = reservedLow;
        } else {
            gatewayOffset = probe.offsetOf(gateway);
            if (gatewayOffset < 0) {
                throw config("address pool '" + name + "': the gateway address " + gateway.getHostAddress()
                        + " is not inside " + network + "; choose an address inside it or leave it unset (the first"
                        + " usable address)");
            }
            if (probe.isReservedRange(gatewayOffset)) {
                throw config("address pool '" + name + "': the gateway address " + gateway.getHostAddress()
                        + " is the network's " + (gatewayOffset == 0 ? "network" : "broadcast") + " address; choose"
                        + " a host address inside " + network);
            }
        }
        AddressPool pool = new AddressPool(name, network, probe.addressAt(gatewayOffset), span, reservedLow,
                reservedHigh, gatewayOffset);
        if (pool.capacity <= 0) {
            throw config("address pool '" + name + "': " + network + " leaves no address for clients once the"
                    + " network, broadcast and gateway addresses are reserved; use a larger network");
        }
        return pool;
    }

    public String name() {
        return name;
    }

    public IpPrefix network() {
        return network;
    }

    /** The gateway's own tunnel address (reserved; the TUN device's address with the pool's prefix length). */
    public InetAddress gateway() {
        return gateway;
    }

    /** How many addresses clients can hold at once. */
    public long capacity() {
        return capacity;
    }

    /** How many are held now. */
    public synchronized long leased() {
        return byOwner.size();
    }

    /**
     * The lease {@code owner} holds, or a new one: the address derived from {@code preferenceKey} (a stable identity:
     * the certificate's subject and serial, the user name) when it is free, else the next free one. Throws a
     * {@link GatewayException} of kind RESOURCE naming the pool and its size when every address is held.
     */
    public synchronized Lease lease(String owner, String preferenceKey) {
        Lease held = byOwner.get(owner);
        if (held != null) {
            return held;
        }
        if (byOwner.size() >= capacity) {
            throw new GatewayException(GatewayException.Kind.RESOURCE, "address pool '" + name + "' (" + network
                    + ") is exhausted: all " + capacity + " client addresses are leased; enlarge the pool's network"
                    + " or lower the number of sessions allowed");
        }
        long offset = preferredOffset(preferenceKey);
        // A free address exists (checked above), so this ends within leased + reserved + 1 steps.
        while (isReserved(offset) || byOffset.containsKey(offset)) {
            offset = offset + 1 == span ? 0 : offset + 1;
        }
        Lease lease = new Lease(name, owner, addressAt(offset), network.length(), gateway);
        byOffset.put(offset, lease);
        byOwner.put(owner, lease);
        return lease;
    }

    /** The lease {@code owner} holds now, if any. */
    public synchronized Optional<Lease> find(String owner) {
        return Optional.ofNullable(byOwner.get(owner));
    }

    /**
     * Frees {@code lease}'s address. Returns false, and frees nothing, when that owner no longer holds that lease
     * (released twice, or a stale lease after the address went to someone else).
     */
    public synchronized boolean release(Lease lease) {
        if (!name.equals(lease.pool()) || byOwner.get(lease.owner()) != lease) {
            return false;
        }
        byOwner.remove(lease.owner());
        byOffset.remove(offsetOf(lease.address()));
        return true;
    }

    private boolean isReserved(long offset) {
        return offset == gatewayOffset || isReservedRange(offset);
    }

    private boolean isReservedRange(long offset) {
        return offset < reservedLow || offset >= span - reservedHigh;
    }

    /**
     * The preferred offset: the first 8 bytes of SHA-256 over the key, reduced into the pool. A spread, not a secret:
     * any stable hash would do, this one is the same on every JVM and every restart.
     */
    private long preferredOffset(String preferenceKey) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(preferenceKey.getBytes(StandardCharsets.UTF_8));
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = v << 8 | (h[i] & 0xff);
            }
            return Math.floorMod(v, span);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    /** The offset of {@code address} from the network address, or -1 when it is outside the usable span. */
    private long offsetOf(InetAddress address) {
        byte[] a = address.getAddress();
        if (!network.contains(address)) {
            return -1;
        }
        long offset = 0;
        for (int i = Math.max(0, a.length - 8); i < a.length; i++) {
            offset = offset << 8 | ((a[i] ^ base[i]) & 0xff);
        }
        // Bytes above the low 8 differ only inside the host part of a pool wider than 2^62: outside the span.
        for (int i = 0; i < a.length - 8; i++) {
            if (a[i] != base[i]) {
                return -1;
            }
        }
        return offset >= 0 && offset < span ? offset : -1;
    }

    private InetAddress addressAt(long offset) {
        byte[] a = base.clone();
        // The network is aligned to at least the span, so the offset never carries into the network part.
        for (int i = a.length - 1; i >= 0 && offset != 0; i--) {
            a[i] |= (byte) offset;
            offset >>>= 8;
        }
        try {
            return InetAddress.getByAddress(a);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // 4 or 16 bytes, never thrown
        }
    }

    private static GatewayException config(String message) {
        return new GatewayException(GatewayException.Kind.CONFIG, message);
    }

    @Override
    public String toString() {
        return "address pool '" + name + "' " + network + " (gateway " + gateway.getHostAddress() + ", " + capacity
                + " client addresses)";
    }
}
