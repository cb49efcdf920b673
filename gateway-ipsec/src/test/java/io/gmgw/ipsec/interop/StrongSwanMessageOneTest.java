package io.gmgw.ipsec.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gmgw.ipsec.isakmp.codec.IsakmpDecoder;
import io.gmgw.ipsec.isakmp.codec.IsakmpEncoder;
import io.gmgw.ipsec.isakmp.codec.IsakmpLimits;
import io.gmgw.ipsec.isakmp.codec.StrongSwanCaptureAssertions;
import io.gmgw.ipsec.isakmp.message.IsakmpMessage;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A live independent peer: charon initiates main mode (aes128-sha256-modp2048, PSK) towards a UDP socket of this test,
 * which records message 1 and checks that the codec decodes it field by field and encodes it back to the same bytes —
 * the same assertions as the committed capture (captures/README.md), so a strongSwan that changed its first message
 * would show here.
 */
class StrongSwanMessageOneTest {

    @Test
    void charonsFirstMainModeMessageDecodesAndEncodesBackExactly(@TempDir Path dir) throws Exception {
        try (CharonNamespace ns = CharonNamespace.create(dir);
                DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("0.0.0.0"),
                        0))) {
            socket.setSoTimeout(20_000);
            ns.start("ike = 1");
            Files.writeString(dir.resolve("swanctl.conf"), """
                    connections {
                      capture {
                        version = 1
                        local_addrs = %1$s
                        remote_addrs = %2$s
                        remote_port = %3$d
                        proposals = aes128-sha256-modp2048
                        local {
                          auth = psk
                          id = %1$s
                        }
                        remote {
                          auth = psk
                          id = %2$s
                        }
                        children {
                          capture {
                            local_ts = 10.218.1.0/24
                            remote_ts = 10.218.2.0/24
                            esp_proposals = aes128-sha256-modp2048
                          }
                        }
                      }
                    }
                    secrets {
                      ike-capture {
                        id-a = %1$s
                        id-b = %2$s
                        secret = gmgw-capture-psk
                      }
                    }
                    """.formatted(ns.charonAddress, ns.hostAddress, socket.getLocalPort()));
            ns.swanctl("--load-all", "--file", dir.resolve("swanctl.conf").toString());
            ns.swanctlInBackground("--initiate", "--child", "capture", "--timeout", "20");
            DatagramPacket packet = new DatagramPacket(new byte[65535], 65535);
            socket.receive(packet);
            assertEquals(InetAddress.getByName(ns.charonAddress), packet.getAddress());
            assertEquals(500, packet.getPort());
            byte[] bytes = Arrays.copyOf(packet.getData(), packet.getLength());
            IsakmpMessage m = (IsakmpMessage) new IsakmpDecoder(IsakmpLimits.DEFAULT).decode(bytes);
            StrongSwanCaptureAssertions.assertStrongSwanMessageOne(m, ByteBuffer.wrap(bytes).getLong());
            assertArrayEquals(bytes, new IsakmpEncoder().encode(m));
        }
    }
}
