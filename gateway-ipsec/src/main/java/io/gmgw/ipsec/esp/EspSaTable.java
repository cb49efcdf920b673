package io.gmgw.ipsec.esp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SA database of the data plane (RFC 4301 §4.4.2's SAD, for tunnel mode): the SA manager installs and removes
 * {@link EspSaPair}s, the packet paths look them up, inbound by SPI and outbound by selector. Bounded. Reads are
 * lock-free on an immutable snapshot that every change replaces, so that a packet sees either all of a change or none
 * of it: {@link #replace} swaps a rekeyed pair for its successor at once.
 *
 * <p>Outbound choice: the pair whose selectors hold the packet's addresses with the longest remote prefix, the newest
 * among equals, so that after a rekey traffic moves to the new SA while the old one still receives in-flight packets
 * until the manager removes it (RFC 2409 §5.5 leaves both installed for a while; strongSwan does the same).
 */
public final class EspSaTable {
    /** Default bound: enough for hundreds of sites with rekeys in progress. */
    public static final int DEFAULT_CAPACITY = 4096;

    private record Snapshot(Map<Integer, EspSaPair> bySpi, List<EspSaPair> newestFirst) {
    }

    private final int capacity;
    private volatile Snapshot snapshot = new Snapshot(Map.of(), List.of());

    public EspSaTable(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("SA table capacity must be positive, not " + capacity);
        }
        this.capacity = capacity;
    }

    public EspSaTable() {
        this(DEFAULT_CAPACITY);
    }

    /**
     * Adds {@code pair}: from now its inbound SPI is accepted and its selectors considered for outbound packets.
     *
     * @throws IllegalStateException when its inbound SPI is taken or the table is full (nothing changes then)
     */
    public synchronized void install(EspSaPair pair) {
        commit(null, pair);
    }

    /**
     * Removes {@code old} and adds {@code fresh} in one step (a rekey whose old SA is done with): no packet finds
     * neither. {@code old}'s keys are wiped.
     */
    public synchronized void replace(EspSaPair old, EspSaPair fresh) {
        if (!snapshot.newestFirst().contains(old)) {
            throw new IllegalStateException("SA " + old.name() + " is not installed, so it cannot be replaced");
        }
        commit(old, fresh);
        old.destroy();
    }

    /** Removes {@code pair} and wipes its keys; false when it was not installed. */
    public synchronized boolean remove(EspSaPair pair) {
        Snapshot s = snapshot;
        if (!s.newestFirst().contains(pair)) {
            return false;
        }
        List<EspSaPair> list = new ArrayList<>(s.newestFirst());
        list.remove(pair);
        Map<Integer, EspSaPair> spis = new HashMap<>(s.bySpi());
        spis.remove(pair.inbound().spi());
        snapshot = new Snapshot(Map.copyOf(spis), List.copyOf(list));
        pair.destroy();
        return true;
    }

    /** Removes every pair and wipes their keys (shutdown). */
    public synchronized void clear() {
        List<EspSaPair> all = snapshot.newestFirst();
        snapshot = new Snapshot(Map.of(), List.of());
        all.forEach(EspSaPair::destroy);
    }

    private void commit(EspSaPair old, EspSaPair fresh) {
        Snapshot s = snapshot;
        EspSaPair holder = s.bySpi().get(fresh.inbound().spi());
        if (holder != null && holder != old) {
            throw new IllegalStateException("inbound SPI " + String.format("%08x", fresh.inbound().spi())
                    + " is already used by SA " + holder.name());
        }
        int size = s.newestFirst().size() - (old == null ? 0 : 1);
        if (size >= capacity) {
            throw new IllegalStateException("the ESP SA table holds " + capacity + " pairs already; remove some or "
                    + "raise the limit");
        }
        List<EspSaPair> list = new ArrayList<>(s.newestFirst().size() + 1);
        list.add(fresh);
        for (EspSaPair p : s.newestFirst()) {
            if (p != old) {
                list.add(p);
            }
        }
        Map<Integer, EspSaPair> spis = new HashMap<>(s.bySpi());
        if (old != null) {
            spis.remove(old.inbound().spi());
        }
        spis.put(fresh.inbound().spi(), fresh);
        snapshot = new Snapshot(Map.copyOf(spis), List.copyOf(list));
    }

    /** The pair whose inbound SPI is {@code spi}. */
    public EspSaPair inbound(int spi) {
        return snapshot.bySpi().get(spi);
    }

    /** The pair an IPv4 packet from {@code source} to {@code destination} leaves by, or null (no SA: drop it). */
    public EspSaPair outbound(int source, int destination) {
        EspSaPair best = null;
        for (EspSaPair p : snapshot.newestFirst()) {
            if (p.coversOutbound(source, destination)
                    && (best == null || p.remote().prefix() > best.remote().prefix())) {
                best = p;
            }
        }
        return best;
    }

    /** The installed pairs, newest first (for status output). */
    public List<EspSaPair> pairs() {
        return Collections.unmodifiableList(snapshot.newestFirst());
    }

    /** The installed pair named {@code name}, newest first. */
    public Optional<EspSaPair> byName(String name) {
        return snapshot.newestFirst().stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public int size() {
        return snapshot.newestFirst().size();
    }
}
