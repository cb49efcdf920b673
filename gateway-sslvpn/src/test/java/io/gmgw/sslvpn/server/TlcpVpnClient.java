package io.gmgw.sslvpn.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.pki.CertificateVerifier;
import io.gmgw.sslvpn.testing.CstpBytes;
import io.gmgw.sslvpn.testing.PlaintextReads;
import io.gmgw.sslvpn.tlcp.TlcpConfig;
import io.gmgw.sslvpn.tlcp.TlcpCredentials;
import io.gmgw.sslvpn.tlcp.netty.TlcpClient;
import io.netty.buffer.Unpooled;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A VPN client over the project's TLCP client, speaking CSTP as openconnect 9.01 does (cstp.md §2, §3, §5): the login
 * POST on one connection, CONNECT with the cookie on a second, then CSTP frames. Enough to drive the assembled gateway.
 */
final class TlcpVpnClient implements AutoCloseable {
    private final TlcpClient tlcp = new TlcpClient(1);
    private final TlcpConfig config;

    TlcpVpnClient(CryptoModule module, TlcpCredentials credentials, CertificateVerifier serverVerifier) {
        this.config = TlcpConfig.client(module, serverVerifier).credentials(credentials)
                .serverName("localhost", true).build();
    }

    /** An open tunnel. */
    record Tunnel(TlcpClient.Connection connection, PlaintextReads reads, String reply) {
        void send(byte[] packet) {
            connection.channel().writeAndFlush(Unpooled.wrappedBuffer(CstpBytes.frame(0x00, packet)));
        }

        /** The next DATA frame's IP packet, skipping DPD and keepalive frames. */
        byte[] receive() throws InterruptedException {
            while (true) {
                byte[] f = reads.record();
                if (f[6] == 0x00) {
                    byte[] p = new byte[f.length - 8];
                    System.arraycopy(f, 8, p, 0, p.length);
                    return p;
                }
                if (f[6] == 0x05 || f[6] == 0x09) { // DISCONNECT, TERMINATE
                    throw new AssertionError("the gateway ended the tunnel: frame type " + f[6]);
                }
            }
        }

        void logout() {
            connection.channel().writeAndFlush(Unpooled.wrappedBuffer(CstpBytes.frame(0x05,
                    new byte[] {(byte) 0xb0, 'b', 'y', 'e'})));
        }
    }

    /** Connects and completes the handshake; the future fails with the handshake's alert. */
    TlcpClient.Connection connect(int port, PlaintextReads reads) throws Exception {
        TlcpClient.Connection c = tlcp.connect(config, "localhost", port, Duration.ofSeconds(5), reads);
        c.handshake().get(20, TimeUnit.SECONDS);
        return c;
    }

    /** Logs in (certificate login: the init is the whole login) and returns the session cookie. */
    String login(int port) throws Exception {
        PlaintextReads reads = new PlaintextReads();
        TlcpClient.Connection c = connect(port, reads);
        c.channel().writeAndFlush(Unpooled.copiedBuffer(post("/", """
                <?xml version="1.0" encoding="UTF-8"?>
                <config-auth client="vpn" type="init" aggregate-auth-version="2"><version who="vpn">v9.01</version>\
                <device-id>linux-64</device-id><group-access>https://localhost/</group-access></config-auth>"""),
                StandardCharsets.UTF_8));
        String reply = reads.httpReply();
        assertTrue(reply.startsWith("HTTP/1.1 200 OK\r\n"), reply);
        Matcher token = Pattern.compile("<session-token>([^<]+)</session-token>").matcher(reply);
        assertTrue(token.find(), reply);
        c.channel().close().sync();
        return token.group(1);
    }

    /** Opens the tunnel with {@code cookie} (openconnect's CONNECT with --no-dtls, §3). */
    Tunnel open(int port, String cookie) throws Exception {
        PlaintextReads reads = new PlaintextReads();
        TlcpClient.Connection c = connect(port, reads);
        c.channel().writeAndFlush(Unpooled.copiedBuffer("CONNECT /CSCOSSLC/tunnel HTTP/1.1\r\nHost: localhost\r\n"
                + "User-Agent: Open AnyConnect VPN Agent v9.01\r\nCookie: webvpn=" + cookie + "\r\n"
                + "X-CSTP-Version: 1\r\nX-CSTP-Hostname: laptop\r\nX-CSTP-Base-MTU: 1500\r\nX-CSTP-MTU: 1390\r\n"
                + "X-CSTP-Address-Type: IPv6,IPv4\r\nX-CSTP-Full-IPv6-Capability: true\r\n\r\n",
                StandardCharsets.UTF_8));
        String reply = reads.httpReply();
        assertTrue(reply.startsWith("HTTP/1.1 200 CONNECTED\r\n"), reply);
        return new Tunnel(c, reads, reply);
    }

    private static String post(String path, String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        return "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nUser-Agent: Open AnyConnect VPN Agent v9.01\r\n"
                + "X-Transcend-Version: 1\r\nX-Aggregate-Auth: 1\r\nContent-Type: application/xml; charset=utf-8\r\n"
                + "Content-Length: " + b.length + "\r\n\r\n" + body;
    }

    /** An ICMP echo request (RFC 792) with both checksums computed. */
    static byte[] ping(InetAddress from, InetAddress to, int id, int sequence, byte[] data) {
        byte[] p = new byte[28 + data.length];
        p[0] = 0x45;
        p[2] = (byte) (p.length >> 8);
        p[3] = (byte) p.length;
        p[8] = 64;
        p[9] = 1;
        System.arraycopy(from.getAddress(), 0, p, 12, 4);
        System.arraycopy(to.getAddress(), 0, p, 16, 4);
        int ip = checksum(p, 0, 20);
        p[10] = (byte) (ip >> 8);
        p[11] = (byte) ip;
        p[20] = 8;
        p[24] = (byte) (id >> 8);
        p[25] = (byte) id;
        p[26] = (byte) (sequence >> 8);
        p[27] = (byte) sequence;
        System.arraycopy(data, 0, p, 28, data.length);
        int icmp = checksum(p, 20, p.length - 20);
        p[22] = (byte) (icmp >> 8);
        p[23] = (byte) icmp;
        return p;
    }

    private static int checksum(byte[] b, int from, int length) {
        long sum = 0;
        for (int i = 0; i < length; i += 2) {
            sum += ((b[from + i] & 0xff) << 8) | (i + 1 < length ? b[from + i + 1] & 0xff : 0);
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (int) (~sum & 0xffff);
    }

    @Override
    public void close() {
        tlcp.close();
    }
}
