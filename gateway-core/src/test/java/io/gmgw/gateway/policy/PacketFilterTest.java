package io.gmgw.gateway.policy;

import static io.gmgw.gateway.packet.TestPackets.ipv4;
import static io.gmgw.gateway.packet.TestPackets.tcp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.audit.Actor;
import io.gmgw.audit.Audit;
import io.gmgw.audit.AuditEvent;
import io.gmgw.audit.AuditException;
import io.gmgw.gateway.packet.PacketDefect;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PacketFilterTest {
    @TempDir
    Path dir;
    final List<AuditEvent> events = new CopyOnWriteArrayList<>();
    final Audit audit = new Audit(events::add, Clock.fixed(Instant.parse("2030-07-01T00:00:00Z"), ZoneOffset.UTC),
            new Actor("gmgw", 0, "gw1", 1, "gmgw sslvpn run"), Map.of());
    final AtomicLong nanos = new AtomicLong(5_000_000_000L);

    private GroupPolicy policy(Audit a) throws Exception {
        Path f = dir.resolve("eng.acl");
        Files.writeString(f, GroupAclTest.ENG);
        PolicyLoaderTest.sign(f, PolicyLoaderTest.PKI.signer, 7);
        PolicyLoader loader = new PolicyLoader(PolicyLoaderTest.PKI.guard(PolicyLoaderTest.NOW).build(), a);
        return new GroupPolicy("eng", f, loader, new DropSampler(a, nanos::get, Duration.ofSeconds(10)));
    }

    private static boolean permit(PacketFilter filter, byte[] packet, Direction d) {
        ByteBuf b = Unpooled.wrappedBuffer(packet);
        try {
            boolean ok = filter.permit(b, d);
            assertEquals(0, b.readerIndex());
            assertEquals(1, b.refCnt(), "the filter never releases the packet");
            return ok;
        } finally {
            b.release();
        }
    }

    @Test
    void permitsDeniesAndCountsMalformedPackets() throws Exception {
        PacketFilter f = policy(audit).filterFor("s-1", "alice");
        assertTrue(permit(f, ipv4(6, "10.9.0.2", "10.1.0.5", 0, tcp(50000, 80, 2, new byte[0])),
                Direction.FROM_CLIENT));
        assertTrue(permit(f, ipv4(6, "10.1.0.5", "10.9.0.2", 0, tcp(80, 50000, 0x12, new byte[0])),
                Direction.TO_CLIENT));
        assertFalse(permit(f, ipv4(6, "10.9.0.2", "10.1.0.99", 0, tcp(50000, 80, 2, new byte[0])),
                Direction.FROM_CLIENT));
        assertFalse(permit(f, new byte[] {0x45, 0, 0}, Direction.FROM_CLIENT));
        assertFalse(permit(f, new byte[] {0x11}, Direction.TO_CLIENT));
        assertEquals(2, f.permitted());
        assertEquals(1, f.denied());
        assertEquals(2, f.malformed());
    }

    @Test
    void dropsAreSampledIntoTheAuditLogOncePerRulePerInterval() throws Exception {
        GroupPolicy policy = policy(audit);
        PacketFilter f = policy.filterFor("s-1", "alice");
        events.clear();
        byte[] rdp = ipv4(6, "10.9.0.2", "10.1.0.6", 0, tcp(40000, 3389, 0x10, new byte[0]));
        byte[] elsewhere = ipv4(6, "10.9.0.2", "10.1.0.99", 0, tcp(40000, 80, 2, new byte[0]));
        for (int i = 0; i < 5; i++) {
            assertFalse(permit(f, rdp, Direction.FROM_CLIENT));
            assertFalse(permit(f, elsewhere, Direction.FROM_CLIENT));
            nanos.addAndGet(1_000_000_000L); // one second per round: all within the first interval
        }
        assertEquals(2, events.size(), "one sample per rule in the interval");
        AuditEvent first = events.get(0);
        assertEquals("policy.drop", first.event());
        assertEquals("failure", first.outcome().id());
        assertEquals("notice", first.severity().id());
        assertEquals("alice", first.subject());
        assertEquals("tcp 10.9.0.2:40000 > 10.1.0.6:3389", first.object());
        assertEquals("s-1", first.correlation().get("session"));
        assertEquals("7", first.correlation().get("aclVersion"));
        assertEquals("50 deny tcp any host 10.1.0.6 eq 3389 log", first.details().get("rule"));
        assertEquals("7", first.details().get("line"));
        assertEquals("from_client", first.details().get("direction"));
        assertEquals("10.9.0.2", first.details().get("source"));
        assertEquals("40000", first.details().get("sourcePort"));
        assertEquals("10.1.0.6", first.details().get("destination"));
        assertEquals("3389", first.details().get("destinationPort"));
        assertEquals("0", first.details().get("dropsSinceLastSample"));
        assertTrue(first.reason().startsWith("denied by ip access-list extended ENG seq 50"), first.reason());
        AuditEvent implicit = events.get(1);
        assertEquals("implicit deny", implicit.details().get("rule"));
        assertEquals("denied by ip access-list extended ENG: implicit deny at the end", implicit.reason());

        nanos.addAndGet(10_000_000_000L);
        assertFalse(permit(f, rdp, Direction.FROM_CLIENT));
        assertEquals(3, events.size());
        assertEquals("4", events.get(2).details().get("dropsSinceLastSample"));
        GroupAcl acl = policy.current();
        assertEquals(6, acl.hits().get(acl.entries().indexOf(acl.entry(4))).hits());
    }

    @Test
    void anAuditFailureNeverReachesThePacketPath() throws Exception {
        Audit failing = audit.withSink(event -> {
            if (event.event().equals("policy.drop")) {
                throw new AuditException("queue full");
            }
            events.add(event);
        });
        GroupPolicy policy = policy(failing);
        PacketFilter f = policy.filterFor("s-2", "bob");
        assertFalse(permit(f, ipv4(17, "10.9.0.2", "10.1.0.99", 0, new byte[8]), Direction.FROM_CLIENT));
        assertEquals(1, f.denied());
        assertEquals(1, policy.sampler().auditFailures());
        assertEquals(0, policy.malformedCounts().get(PacketDefect.TOO_SHORT));
        assertFalse(permit(f, new byte[] {0x45}, Direction.FROM_CLIENT));
        assertEquals(1, policy.malformedCounts().get(PacketDefect.TOO_SHORT));
    }
}
