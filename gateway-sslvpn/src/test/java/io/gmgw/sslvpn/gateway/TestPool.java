package io.gmgw.sslvpn.gateway;

import io.gmgw.gateway.GatewayException;
import io.gmgw.gateway.ip.IpPrefix;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A small address pool for the tests, behaving as the interface says (predictable addresses, exhaustion as RESOURCE,
 * idempotent release); gateway-core's pools are the real ones.
 */
class TestPool implements AddressLeases {
    private final int size;
    private final boolean ipv6;
    private final TreeSet<Integer> free = new TreeSet<>();
    private final Map<String, Integer> last = new HashMap<>();
    final Map<String, Integer> leased = new HashMap<>();
    int releases;

    TestPool(int size, boolean ipv6) {
        this.size = size;
        this.ipv6 = ipv6;
        for (int i = 2; i < 2 + size; i++) {
            free.add(i);
        }
    }

    @Override
    public synchronized Lease lease(String identityKey, String group, String holder) {
        Integer host = last.get(identityKey);
        if (host == null || !free.contains(host)) {
            host = free.isEmpty() ? null : free.first();
        }
        if (host == null) {
            throw new GatewayException(GatewayException.Kind.RESOURCE, "pool of group '" + group + "' ("
                    + size + " addresses) is exhausted");
        }
        free.remove(host);
        last.put(identityKey, host);
        String id = "lease-" + host;
        leased.put(id, host);
        return new Lease(id, Optional.of(new IpPrefix(addr("192.168.99." + host), 24)),
                ipv6 ? Optional.of(new IpPrefix(addr("fd00:99::" + Integer.toHexString(host)), 64)) : Optional.empty());
    }

    @Override
    public synchronized void release(Lease lease) {
        Integer host = leased.remove(lease.id());
        if (host != null) {
            free.add(host);
            releases++;
        }
    }

    synchronized int inUse() {
        return leased.size();
    }

    static InetAddress addr(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(s, e);
        }
    }
}
