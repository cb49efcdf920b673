package io.gmgw.sslvpn.tlcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.sslvpn.tlcp.engine.TlcpEngine;
import io.gmgw.sslvpn.tlcp.protocol.AlertDescription;
import io.gmgw.sslvpn.tlcp.protocol.TlcpAlertException;
import org.junit.jupiter.api.Test;

/** A peer that sends records carrying nothing without end (warning alerts, empty records) is cut off. */
class TlcpIdleRecordTest {
    static final CryptoModule MODULE = TestModules.deterministic("tlcp-idle-records");
    static final byte[] USER_CANCELED_WARNING = {21, 1, 1, 0, 2, 1, 90};

    private static TlcpEngine server(EnginePair.Side side) {
        TestPki pki = new TestPki(MODULE);
        return TlcpEngine.server(TlcpConfig.server(MODULE, pki.server("localhost")).build(), side);
    }

    @Test
    void upToTheLimitWarningsAreTolerated() {
        EnginePair.Side side = new EnginePair.Side("server");
        TlcpEngine engine = server(side);
        for (int i = 0; i < TlcpEngine.MAX_IDLE_RECORDS; i++) {
            engine.receive(USER_CANCELED_WARNING, 0, USER_CANCELED_WARNING.length);
        }
        assertEquals(TlcpEngine.Status.HANDSHAKING, engine.status());
    }

    @Test
    void oneMoreWarningInARowIsUnexpected() {
        EnginePair.Side side = new EnginePair.Side("server");
        TlcpEngine engine = server(side);
        byte[] flood = new byte[USER_CANCELED_WARNING.length * (TlcpEngine.MAX_IDLE_RECORDS + 1)];
        for (int i = 0; i <= TlcpEngine.MAX_IDLE_RECORDS; i++) {
            System.arraycopy(USER_CANCELED_WARNING, 0, flood, i * USER_CANCELED_WARNING.length,
                    USER_CANCELED_WARNING.length);
        }
        TlcpAlertException e = assertThrows(TlcpAlertException.class, () -> engine.receive(flood, 0, flood.length));
        assertEquals(AlertDescription.UNEXPECTED_MESSAGE, e.alert());
        assertEquals(TlcpEngine.Status.CLOSED, engine.status());
        byte[] last = side.outbound.peekLast();
        assertEquals(21, last[0]);
        assertEquals(2, last[5], "fatal");
        assertEquals(10, last[6], "unexpected_message");
    }
}
