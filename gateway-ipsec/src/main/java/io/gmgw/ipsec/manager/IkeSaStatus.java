package io.gmgw.ipsec.manager;

import java.time.Duration;

/** One ISAKMP SA for {@code gmgw ipsec status}: cookies (hex), role, proposal, whether current, time left. */
public record IkeSaStatus(String peer, String cookies, boolean initiator, String proposal, boolean current,
        boolean peerDpd, Duration lifetimeLeft) {
}
