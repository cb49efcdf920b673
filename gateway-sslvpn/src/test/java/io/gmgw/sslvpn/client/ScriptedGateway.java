package io.gmgw.sslvpn.client;

import io.gmgw.sslvpn.channel.SecureChannelEvent;
import io.gmgw.sslvpn.channel.SecureSession;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.cert.X509CertificateHolder;

/** Test helpers: the gateway's side of an EmbeddedChannel, written by hand from cstp.md. */
final class ScriptedGateway {
    private ScriptedGateway() {
    }

    /** A secure session as the channel below would report it (no certificates: the tests do not look at them). */
    record FakeSession(boolean resumed) implements SecureSession {
        @Override
        public Family family() {
            return Family.TLCP;
        }

        @Override
        public String protocol() {
            return "TLCP";
        }

        @Override
        public String cipherSuite() {
            return "ECC_SM4_GCM_SM3";
        }

        @Override
        public byte[] sessionId() {
            return new byte[32];
        }

        @Override
        public Instant established() {
            return Instant.EPOCH;
        }

        @Override
        public List<X509CertificateHolder> peerCertificates() {
            return List.of();
        }
    }

    /** The secure handshake below the application finished. */
    static void secureUp(EmbeddedChannel ch) {
        SecureSession s = new FakeSession(false);
        ch.attr(SecureSession.ATTRIBUTE).set(s);
        ch.pipeline().fireUserEventTriggered(SecureChannelEvent.established(s));
        ch.runPendingTasks();
    }

    /** Everything the client wrote, as text (HTTP requests). */
    static String written(EmbeddedChannel ch) {
        StringBuilder b = new StringBuilder();
        for (Object o; (o = ch.readOutbound()) != null; ) {
            ByteBuf buf = (ByteBuf) o;
            b.append(buf.toString(StandardCharsets.UTF_8));
            buf.release();
        }
        return b.toString();
    }

    static ByteBuf text(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
    }

    /** ocserv 1.1.6's CONNECT reply for a certificate user (cstp.md §4, §12 config), v4 only. */
    static String ocservReply(String address) {
        return "HTTP/1.1 200 CONNECTED\r\n"
                + "X-CSTP-Version: 1\r\n"
                + "X-CSTP-Server-Name: ocserv 1.1.6\r\n"
                + "X-CSTP-DPD: 90\r\n"
                + "X-CSTP-Default-Domain: example.com\r\n"
                + "X-CSTP-Address: " + address + "\r\n"
                + "X-CSTP-Netmask: 255.255.255.0\r\n"
                + "X-CSTP-DNS: 192.168.99.1\r\n"
                + "X-CSTP-Split-Include: 10.20.0.0/255.255.0.0\r\n"
                + "X-CSTP-Keepalive: 32400\r\n"
                + "X-CSTP-Idle-Timeout: none\r\n"
                + "X-CSTP-Smartcard-Removal-Disconnect: true\r\n"
                + "X-CSTP-Rekey-Time: 172838\r\n"
                + "X-CSTP-Rekey-Method: new-tunnel\r\n"
                + "X-CSTP-Session-Timeout: none\r\n"
                + "X-CSTP-Disconnected-Timeout: none\r\n"
                + "X-CSTP-Keep: true\r\n"
                + "X-CSTP-TCP-Keepalive: true\r\n"
                + "X-CSTP-License: accept\r\n"
                + "X-CSTP-Base-MTU: 1500\r\n"
                + "X-CSTP-MTU: 1472\r\n"
                + "\r\n";
    }
}
