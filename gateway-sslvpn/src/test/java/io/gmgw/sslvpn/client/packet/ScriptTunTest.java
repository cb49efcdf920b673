package io.gmgw.sslvpn.client.packet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.sslvpn.client.LocalPackets;
import io.gmgw.sslvpn.client.TunnelParameters;
import io.gmgw.testing.SystemPeers;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The script-tun path against a real child: a Python packet peer on $VPNFD (cstp.md §11). */
class ScriptTunTest {
    /** Echoes every datagram on $VPNFD back, after writing its environment to the file named by $1. */
    private static final String PEER = """
            import os, socket, sys
            with open(sys.argv[1], "w") as f:
                for k in sorted(os.environ):
                    f.write(k + "=" + os.environ[k].replace("\\n", "|") + "\\n")
            s = socket.socket(fileno=int(os.environ["VPNFD"]))
            while True:
                d = s.recv(65535)
                s.send(d[::-1])
            """;

    private final LinkedBlockingQueue<byte[]> up = new LinkedBlockingQueue<>();
    private final CompletableFuture<String> finished = new CompletableFuture<>();

    private final LocalPackets.Uplink uplink = new LocalPackets.Uplink() {
        @Override
        public boolean send(ByteBuf packet) {
            up.add(ByteBufUtil.getBytes(packet));
            packet.release();
            return true;
        }

        @Override
        public void finish(String reason) {
            finished.complete(reason);
        }
    };

    private static TunnelParameters tunnel() {
        return TunnelParameters.fromHeaders(List.of(Map.entry("X-CSTP-Address", "192.168.99.2"),
                Map.entry("X-CSTP-Netmask", "255.255.255.0"), Map.entry("X-CSTP-MTU", "1400"),
                Map.entry("X-CSTP-Split-Include", "10.20.0.0/255.255.0.0"), Map.entry("X-CSTP-DNS", "192.168.99.1")));
    }

    @Test
    void packetsBothWaysAndTheVpncVariables(@TempDir Path dir) throws Exception {
        Path python = SystemPeers.requireProgram("python3", "apt-get install python3");
        Path script = dir.resolve("peer.py");
        Files.writeString(script, PEER);
        Path envFile = dir.resolve("env.txt");
        ScriptTun tun = new ScriptTun(python + " " + script + " " + envFile, Map.of("PATH", "/usr/bin:/bin"),
                "127.0.0.1", line -> { });
        tun.open(tunnel(), uplink);
        try {
            tun.fromGateway(Unpooled.wrappedBuffer(new byte[] {0x45, 1, 2, 3}));
            byte[] back = up.poll(10, TimeUnit.SECONDS);
            assertArrayEquals(new byte[] {3, 2, 1, 0x45}, back, "one datagram = one packet, both ways");
            String env = Files.readString(envFile);
            assertTrue(env.contains("VPNFD=3\n"), env);
            assertTrue(env.contains("INTERNAL_IP4_ADDRESS=192.168.99.2\n"), env);
            assertTrue(env.contains("INTERNAL_IP4_NETMASK=255.255.255.0\n"), env);
            assertTrue(env.contains("INTERNAL_IP4_NETMASKLEN=24\n"), env);
            assertTrue(env.contains("INTERNAL_IP4_NETADDR=192.168.99.0\n"), env);
            assertTrue(env.contains("INTERNAL_IP4_MTU=1400\n"), env);
            assertTrue(env.contains("INTERNAL_IP4_DNS=192.168.99.1\n"), env);
            assertTrue(env.contains("CISCO_SPLIT_INC=1\nCISCO_SPLIT_INC_0_ADDR=10.20.0.0\n"
                    + "CISCO_SPLIT_INC_0_MASK=255.255.0.0\nCISCO_SPLIT_INC_0_MASKLEN=16\n"), env);
            assertTrue(env.contains("CISCO_CSTP_OPTIONS=X-CSTP-Address=192.168.99.2|X-CSTP-Netmask=255.255.255.0|"),
                    env);
            assertTrue(env.contains("VPNGATEWAY=127.0.0.1\n"), env);
            assertTrue(!env.contains("\nreason=") && !env.contains("TUNDEV"), env);
        } finally {
            tun.close();
        }
    }

    @Test
    void aScriptThatExitsEndsTheSession() throws Exception {
        ScriptTun tun = new ScriptTun("exit 7", Map.of(), "127.0.0.1", line -> { });
        tun.open(tunnel(), uplink);
        try {
            assertEquals("the script exited with status 7", finished.get(10, TimeUnit.SECONDS));
        } finally {
            tun.close();
        }
    }

    @Test
    void closeHangsUpTheScript(@TempDir Path dir) throws Exception {
        Path marker = dir.resolve("hup");
        ScriptTun tun = new ScriptTun("trap 'echo hup > " + marker + "; exit 0' HUP; while :; do sleep 0.1; done",
                Map.of("PATH", "/usr/bin:/bin"), "127.0.0.1", line -> { });
        tun.open(tunnel(), uplink);
        tun.close();
        assertEquals(0, tun.exited().get(10, TimeUnit.SECONDS) >> 8, "the trap ran and exited 0");
        assertTrue(Files.exists(marker), "SIGHUP reached the script's process group");
    }
}
