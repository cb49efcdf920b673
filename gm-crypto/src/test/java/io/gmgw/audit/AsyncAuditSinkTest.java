package io.gmgw.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Queued events are written in order and in batches; a failed target or a full queue fails closed. */
class AsyncAuditSinkTest {
    private static Audit over(AuditSink sink) {
        return new Audit(sink, Clock.systemUTC(), Actor.ofThisProcess("test"), Map.of());
    }

    @Test
    void everyEventArrivesInOrderAndInBatches() throws Exception {
        List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());
        List<String> written = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch firstBatch = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AuditSink slowDisk = new AuditSink() {
            @Override
            public void record(AuditEvent event) {
                recordAll(List.of(event));
            }

            @Override
            public void recordAll(List<AuditEvent> events) {
                firstBatch.countDown();
                try {
                    release.await(20, TimeUnit.SECONDS); // the first sync to disk is slow: the rest queue up
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                batchSizes.add(events.size());
                events.forEach(e -> written.add(e.reason()));
            }
        };
        try (AsyncAuditSink sink = new AsyncAuditSink(slowDisk, 1000)) {
            Audit audit = over(sink);
            audit.success(AuditEventType.TLCP_HANDSHAKE).reason("0").write();
            assertTrue(firstBatch.await(20, TimeUnit.SECONDS));
            for (int i = 1; i < 300; i++) {
                audit.success(AuditEventType.TLCP_HANDSHAKE).reason(Integer.toString(i)).write();
            }
            release.countDown();
            sink.flush(Duration.ofSeconds(20));
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            expected.add(Integer.toString(i));
        }
        assertEquals(expected, written);
        assertTrue(batchSizes.size() < 10, "events that waited were written together: " + batchSizes);
    }

    @Test
    void afterTheTargetFailsEveryRecordIsRefused() throws Exception {
        AsyncAuditSink sink = new AsyncAuditSink(e -> {
            throw new AuditException("disk full");
        }, 10);
        Audit audit = over(sink);
        audit.success(AuditEventType.TLCP_HANDSHAKE).write();
        AuditException flushed = assertThrows(AuditException.class, () -> sink.flush(Duration.ofSeconds(20)));
        assertEquals("disk full", flushed.getMessage());
        AuditException refused = assertThrows(AuditException.class,
                () -> audit.success(AuditEventType.TLCP_HANDSHAKE).write());
        assertTrue(refused.getMessage().contains("disk full"), refused.getMessage());
        sink.close();
    }

    @Test
    void aFullQueueRefusesInsteadOfWaiting() throws Exception {
        CountDownLatch stuck = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        AsyncAuditSink sink = new AsyncAuditSink(e -> {
            entered.countDown();
            try {
                stuck.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }, 2);
        Audit audit = over(sink);
        audit.success(AuditEventType.TLCP_HANDSHAKE).write();
        assertTrue(entered.await(20, TimeUnit.SECONDS), "the writer holds the first event");
        audit.success(AuditEventType.TLCP_HANDSHAKE).write();
        audit.success(AuditEventType.TLCP_HANDSHAKE).write();
        AuditException full = assertThrows(AuditException.class,
                () -> audit.success(AuditEventType.TLCP_HANDSHAKE).write());
        assertTrue(full.getMessage().contains("cannot keep up"), full.getMessage());
        stuck.countDown();
        sink.close();
    }
}
