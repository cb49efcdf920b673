package io.gmgw.sslvpn.gateway;

import io.gmgw.gateway.GatewayException;

/**
 * Address pools as the tunnel server needs them (filled by gateway-core's pools). The gateway leases once per login
 * cookie, on the first CONNECT, and keeps the lease bound to that cookie through every reconnect until the cookie dies
 * (cstp.md §9: openconnect aborts when a reconnect gives another address), then releases it. Called on event-loop
 * threads: implementations are thread-safe and never block.
 */
public interface AddressLeases {
    /**
     * Leases addresses for one login of {@code identityKey} (subject, serial and issuer of its certificate) in
     * {@code group}: the address this identity had last when it is still free (as ocserv's predictable-ips), else any
     * free one; IPv6 too when the group's pool has IPv6.
     *
     * @param holder a name for the lease holder in reports (the session id)
     * @throws GatewayException of kind RESOURCE when the pool is exhausted (the message says which pool), CONFIG when
     *                          the group has no pool
     */
    Lease lease(String identityKey, String group, String holder);

    /** Gives the addresses back; releasing a lease twice is harmless. */
    void release(Lease lease);
}
