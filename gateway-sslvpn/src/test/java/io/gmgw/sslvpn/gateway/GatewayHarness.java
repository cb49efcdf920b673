package io.gmgw.sslvpn.gateway;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.audit.Actor;
import io.gmgw.audit.Audit;
import io.gmgw.sslvpn.channel.SecureChannelEvent;
import io.gmgw.sslvpn.channel.SecureSession;
import io.gmgw.sslvpn.cstp.CstpFrameType;
import io.gmgw.sslvpn.testing.CstpBytes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * A gateway on a fake ticker with EmbeddedChannel connections: what openconnect would send, written as the bytes it
 * sends, and the gateway's replies parsed from the bytes it writes.
 */
final class GatewayHarness {
    final MockTicker ticker = Ticker.newMockTicker();
    final RecordingAuditSink auditSink = new RecordingAuditSink();
    final RecordingPacketPath packets = new RecordingPacketPath();
    final TestPool pool;
    final GatewaySettings settings;
    final Gateway gateway;

    GatewayHarness() {
        this(GatewaySettings.builder().build(), new TestPool(8, true));
    }

    GatewayHarness(GatewaySettings settings, TestPool pool) {
        this(settings, pool, null);
    }

    /** With {@code authenticator} made from the test groups (null: the default certificate login). */
    GatewayHarness(GatewaySettings settings, TestPool pool,
            java.util.function.Function<GroupPolicies, Authenticator> authenticator) {
        this(settings, pool, authenticator, Map.of("staff", TestPolicy.staff()));
    }

    /** With {@code groups} instead of the one group staff. */
    GatewayHarness(GatewaySettings settings, TestPool pool,
            java.util.function.Function<GroupPolicies, Authenticator> authenticator, Map<String, GroupPolicy> groups) {
        this(settings, pool, groups, authenticator == null ? null
                : (policies, ticker) -> authenticator.apply(policies));
    }

    /** With {@code groups} by name and {@code authenticator} made from them and the harness's ticker. */
    GatewayHarness(GatewaySettings settings, TestPool pool, Map<String, GroupPolicy> groups,
            java.util.function.BiFunction<GroupPolicies, Ticker, Authenticator> authenticator) {
        this.settings = settings;
        this.pool = pool;
        Audit audit = new Audit(auditSink, Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC),
                new Actor("gmgw", 0, "gw1", 1, "gmgw sslvpn"), Map.of());
        GroupPolicies policies = g -> Optional.ofNullable(groups.get(g));
        this.gateway = Gateway.builder().settings(settings).audit(audit).ticker(ticker)
                .clock(Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC))
                .random(new SecureRandom()).policies(policies).leases(pool).packetPath(packets)
                .authenticator(authenticator == null ? null : authenticator.apply(policies, ticker)).build();
    }

    void advance(Duration d) {
        ticker.advance(d.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** A connection from {@code source} whose secure channel presented {@code cert} (null: none). */
    Conn connect(String source, X509CertificateHolder cert) {
        Conn c = open(source);
        SecureSession s = TestSecureSession.of(cert);
        c.attr(SecureSession.ATTRIBUTE).set(s);
        c.pipeline().fireUserEventTriggered(SecureChannelEvent.established(s));
        return c;
    }

    /** A connection whose secure channel has not finished its handshake yet. */
    Conn open(String source) {
        return new Conn(new InetSocketAddress(TestPool.addr(source), 40000),
                EmbeddedChannel.builder().ticker(ticker).handlers(gateway.newAdmissionHandler(),
                        gateway.newConnectionHandler()));
    }

    /** openconnect 9.01's first request (§2.1, §2.2). */
    static String init(String path, String groupSelect) {
        String body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<config-auth client=\"vpn\" type=\"init\" aggregate-auth-version=\"2\">"
                + "<version who=\"vpn\">v9.01</version><device-id>linux-64</device-id>"
                + "<capabilities><auth-method>single-sign-on-v2</auth-method></capabilities>"
                + (groupSelect == null ? "" : "<group-select>" + groupSelect + "</group-select>")
                + "<group-access>https://vpn.example" + path + "</group-access></config-auth>";
        return post(path, body);
    }

    static String post(String path, String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        return "POST " + path + " HTTP/1.1\r\nHost: vpn.example:4443\r\nUser-Agent: Open AnyConnect VPN Agent v9.01\r\n"
                + "Accept: */*\r\nAccept-Encoding: identity\r\nX-Transcend-Version: 1\r\nX-Aggregate-Auth: 1\r\n"
                + "X-Support-HTTP-Auth: true\r\nContent-Type: application/xml; charset=utf-8\r\n"
                + "Content-Length: " + b.length + "\r\n\r\n" + body;
    }

    /**
     * openconnect 9.01's CONNECT with --no-dtls (§3); an {@code extra} header line replaces the default of the same
     * name, or is added.
     */
    static String connectRequest(String cookie, String... extra) {
        List<String> lines = new ArrayList<>(List.of("Host: vpn.example:4443",
                "User-Agent: Open AnyConnect VPN Agent v9.01"));
        if (cookie != null) {
            lines.add("Cookie: webvpn=" + cookie);
        }
        lines.addAll(List.of("X-CSTP-Version: 1", "X-CSTP-Hostname: laptop", "X-CSTP-Accept-Encoding: oc-lz4,lzs",
                "X-CSTP-Base-MTU: 1500", "X-CSTP-MTU: 1390", "X-CSTP-Address-Type: IPv6,IPv4",
                "X-CSTP-Full-IPv6-Capability: true", "X-AnyConnect-STRAP-Pubkey: AAAA"));
        for (String e : extra) {
            String name = e.substring(0, e.indexOf(':') + 1);
            int at = -1;
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).startsWith(name)) {
                    at = i;
                }
            }
            if (at >= 0 && !name.equals("X-CSTP-Address:")) {
                lines.set(at, e);
            } else {
                lines.add(e);
            }
        }
        return "CONNECT /CSCOSSLC/tunnel HTTP/1.1\r\n" + String.join("\r\n", lines) + "\r\n\r\n";
    }

    /** An IPv4 UDP packet from {@code src} to {@code dst} with {@code n} payload bytes. */
    static byte[] ipv4(String src, String dst, int n) {
        byte[] p = new byte[28 + n];
        p[0] = 0x45;
        p[2] = (byte) (p.length >> 8);
        p[3] = (byte) p.length;
        p[8] = 64;
        p[9] = 17;
        System.arraycopy(TestPool.addr(src).getAddress(), 0, p, 12, 4);
        System.arraycopy(TestPool.addr(dst).getAddress(), 0, p, 16, 4);
        return p;
    }

    static byte[] frame(CstpFrameType type, byte[] payload) {
        return CstpBytes.frame(type.code(), payload);
    }

    /** An HTTP reply as the client reads it. */
    record Reply(String statusLine, List<Map.Entry<String, String>> headers, String body) {
        int status() {
            return Integer.parseInt(statusLine.split(" ")[1]);
        }

        List<String> all(String name) {
            return headers.stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).toList();
        }

        String header(String name) {
            List<String> v = all(name);
            return v.isEmpty() ? null : v.getFirst();
        }

        String cookie(String name) {
            for (String c : all("Set-Cookie")) {
                if (c.startsWith(name + "=")) {
                    return c.substring(name.length() + 1, c.indexOf(';'));
                }
            }
            return null;
        }
    }

    /** An EmbeddedChannel with a real remote address (Java 25: the field is set before the super constructor). */
    static final class Conn extends EmbeddedChannel {
        private final InetSocketAddress remote;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

        Conn(InetSocketAddress remote, EmbeddedChannel.Builder builder) {
            this.remote = remote;
            super(builder);
        }

        @Override
        protected SocketAddress remoteAddress0() {
            return remote;
        }

        void send(String text) {
            send(text.getBytes(StandardCharsets.UTF_8));
        }

        void send(byte[] bytes) {
            writeInbound(Unpooled.wrappedBuffer(bytes));
        }

        /** Everything the gateway wrote so far, buffers released. */
        private void collect() {
            ByteBuf b;
            while ((b = readOutbound()) != null) {
                try {
                    byte[] a = new byte[b.readableBytes()];
                    b.readBytes(a);
                    pending.writeBytes(a);
                } finally {
                    b.release();
                }
            }
        }

        /** The next HTTP reply (head and Content-Length body). */
        Reply reply() {
            collect();
            byte[] all = pending.toByteArray();
            String text = new String(all, StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            assertTrue(end > 0, () -> "no complete HTTP reply in: " + text);
            String[] lines = text.substring(0, end).split("\r\n");
            List<Map.Entry<String, String>> headers = new ArrayList<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.add(Map.entry(lines[i].substring(0, colon), lines[i].substring(colon + 1).strip()));
            }
            int length = 0;
            for (Map.Entry<String, String> h : headers) {
                if (h.getKey().equalsIgnoreCase("Content-Length")) {
                    length = Integer.parseInt(h.getValue());
                }
            }
            String body = new String(all, end + 4, length, StandardCharsets.UTF_8);
            pending.reset();
            pending.write(all, end + 4 + length, all.length - end - 4 - length);
            return new Reply(lines[0], headers, body);
        }

        /** The CSTP frames the gateway wrote: each outbound buffer must be exactly one frame (§5). */
        List<Frame> frames() {
            collect();
            byte[] all = pending.toByteArray();
            pending.reset();
            List<Frame> out = new ArrayList<>();
            int at = 0;
            while (at < all.length) {
                assertTrue(all.length - at >= 8, "a partial frame header");
                assertTrue(all[at] == 'S' && all[at + 1] == 'T' && all[at + 2] == 'F' && all[at + 3] == 1);
                int len = ((all[at + 4] & 0xff) << 8) | (all[at + 5] & 0xff);
                CstpFrameType type = CstpFrameType.fromCode(all[at + 6] & 0xff);
                assertNotNull(type);
                byte[] payload = java.util.Arrays.copyOfRange(all, at + 8, at + 8 + len);
                out.add(new Frame(type, payload));
                at += 8 + len;
            }
            return out;
        }

        /** One outbound buffer per frame: checks the record boundary the secure channel will keep. */
        List<Frame> framesOneByOne() {
            List<Frame> out = new ArrayList<>();
            ByteBuf b;
            while ((b = readOutbound()) != null) {
                try {
                    byte[] a = new byte[b.readableBytes()];
                    b.readBytes(a);
                    int len = ((a[4] & 0xff) << 8) | (a[5] & 0xff);
                    assertTrue(a.length == 8 + len, "one buffer holds exactly one frame");
                    out.add(new Frame(CstpFrameType.fromCode(a[6] & 0xff), java.util.Arrays.copyOfRange(a, 8,
                            a.length)));
                } finally {
                    b.release();
                }
            }
            return out;
        }

        Map<String, String> headerMap(Reply r) {
            Map<String, String> m = new LinkedHashMap<>();
            r.headers().forEach(e -> m.merge(e.getKey(), e.getValue(), (a, b) -> a + "," + b));
            return m;
        }
    }

    record Frame(CstpFrameType type, byte[] payload) {
    }
}
