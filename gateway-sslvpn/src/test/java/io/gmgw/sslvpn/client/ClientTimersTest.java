package io.gmgw.sslvpn.client;

import static io.gmgw.sslvpn.client.ClientTimers.Action.DEAD_PEER;
import static io.gmgw.sslvpn.client.ClientTimers.Action.NONE;
import static io.gmgw.sslvpn.client.ClientTimers.Action.SEND_DPD_REQUEST;
import static io.gmgw.sslvpn.client.ClientTimers.Action.SEND_KEEPALIVE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClientTimersTest {
    private static final long S = 1_000_000_000L;

    @Test
    void dpdRequestThenRepeatsEveryHalfIntervalThenDead() {
        ClientTimers t = new ClientTimers(Duration.ofSeconds(30), Duration.ZERO, Duration.ZERO, 0);
        assertEquals(30 * S, t.nextDeadline());
        assertEquals(NONE, t.poll(29 * S));
        assertEquals(SEND_DPD_REQUEST, t.poll(30 * S));
        assertEquals(NONE, t.poll(30 * S));
        assertEquals(45 * S, t.nextDeadline());
        assertEquals(SEND_DPD_REQUEST, t.poll(45 * S));
        assertEquals(DEAD_PEER, t.poll(60 * S));
    }

    @Test
    void receivingResetsDpd() {
        ClientTimers t = new ClientTimers(Duration.ofSeconds(30), Duration.ZERO, Duration.ZERO, 0);
        assertEquals(SEND_DPD_REQUEST, t.poll(30 * S));
        t.received(31 * S);
        assertEquals(NONE, t.poll(59 * S));
        assertEquals(61 * S, t.nextDeadline());
    }

    @Test
    void keepaliveAfterQuietSendingOnly() {
        ClientTimers t = new ClientTimers(Duration.ZERO, Duration.ofSeconds(20), Duration.ZERO, 0);
        t.received(19 * S);
        assertEquals(SEND_KEEPALIVE, t.poll(20 * S));
        t.sent(20 * S);
        assertEquals(NONE, t.poll(39 * S));
        assertEquals(40 * S, t.nextDeadline());
    }

    @Test
    void bothOffNeverWakes() {
        ClientTimers t = new ClientTimers(Duration.ZERO, Duration.ZERO, Duration.ZERO, 0);
        assertEquals(Long.MAX_VALUE, t.nextDeadline());
        assertEquals(NONE, t.poll(1_000_000 * S));
    }

    @Test
    void rekeyAfterItsTimeFromTheStart() {
        ClientTimers t = new ClientTimers(Duration.ZERO, Duration.ZERO, Duration.ofHours(1), 5 * S);
        assertEquals(3605 * S, t.nextDeadline());
        assertEquals(NONE, t.poll(3604 * S));
        assertEquals(ClientTimers.Action.REKEY, t.poll(3605 * S));
    }

    @Test
    void reconnectBackoffAsOpenconnect() {
        ReconnectPolicy p = ReconnectPolicy.OPENCONNECT;
        assertEquals(Optional.of(Duration.ZERO), p.delayBefore(0, Duration.ZERO));
        assertEquals(Optional.of(Duration.ofSeconds(10)), p.delayBefore(1, Duration.ZERO));
        assertEquals(Optional.of(Duration.ofSeconds(20)), p.delayBefore(2, Duration.ofSeconds(10)));
        assertEquals(Optional.of(Duration.ofSeconds(100)), p.delayBefore(15, Duration.ofSeconds(100)), "capped");
        assertEquals(Optional.empty(), p.delayBefore(3, Duration.ofSeconds(280)), "past the 300 s budget");
    }
}
