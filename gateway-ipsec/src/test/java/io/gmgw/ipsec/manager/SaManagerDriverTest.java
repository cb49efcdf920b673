package io.gmgw.ipsec.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.audit.Actor;
import io.gmgw.audit.Audit;
import io.gmgw.audit.AuditEvent;
import io.gmgw.ipsec.esp.EspSaSettings;
import io.gmgw.ipsec.esp.EspSaTable;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Two drivers on their own threads, joined by in-memory senders: up, status, down. */
class SaManagerDriverTest {
    private static Audit audit(Consumer<AuditEvent> sink) {
        return new Audit(sink::accept, Clock.systemUTC(), Actor.ofThisProcess("test"), Map.of());
    }

    @Test
    void driversBringTheTunnelUpAndDown() throws Exception {
        CountDownLatch up = new CountDownLatch(2);
        CountDownLatch down = new CountDownLatch(1);
        Consumer<AuditEvent> watch = e -> {
            if (e.event().equals("ipsec.child-up")) {
                up.countDown();
            }
        };
        EspSaTable leftTable = new EspSaTable();
        EspSaTable rightTable = new EspSaTable();
        SaManager left = new SaManager(List.of(TwoGateways.peer(true, 3600, 3600, 0, RekeyPolicy.DEFAULT,
                DpdPolicy.DEFAULT, StartAction.START)), leftTable, EspSaSettings.DEFAULT, null, new SecureRandom(),
                audit(watch));
        SaManager right = new SaManager(List.of(TwoGateways.peer(false, 3600, 3600, 0, RekeyPolicy.DEFAULT,
                DpdPolicy.DEFAULT, StartAction.NONE)), rightTable, EspSaSettings.DEFAULT, null, new SecureRandom(),
                audit(watch.andThen(e -> {
                    if (e.event().equals("ipsec.child-down")) {
                        down.countDown();
                    }
                })));
        AtomicReference<SaManagerDriver> l = new AtomicReference<>();
        SaManagerDriver rightDriver = SaManagerDriver.create(right, (d, natT, to) -> l.get().ike(d, natT,
                new InetSocketAddress(TwoGateways.RIGHT.getAddress(), natT ? 4500 : 500)), Clock.systemUTC());
        SaManagerDriver leftDriver = SaManagerDriver.create(left, (d, natT, to) -> rightDriver.ike(d, natT,
                new InetSocketAddress(TwoGateways.LEFT.getAddress(), natT ? 4500 : 500)), Clock.systemUTC());
        l.set(leftDriver);
        try (rightDriver; leftDriver) {
            rightDriver.start();
            leftDriver.start();
            assertTrue(up.await(30, TimeUnit.SECONDS), "both CHILD SAs up");
            List<PeerStatus> s = leftDriver.status().get(10, TimeUnit.SECONDS);
            assertEquals(1, s.getFirst().children().size());
            assertEquals(1, s.getFirst().ikeSas().size());
            assertEquals(1, leftTable.size());
            leftDriver.down("to-right").get(10, TimeUnit.SECONDS);
            assertTrue(down.await(30, TimeUnit.SECONDS), "the peer removed its CHILD SA on our delete");
            assertEquals(0, rightTable.size());
            assertEquals(0, leftTable.size());
            assertEquals(0, leftDriver.queueDrops());
        }
    }
}
