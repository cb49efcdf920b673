package io.gmgw.ipsec.interop;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The RFC 2409 side of the key schedule against an independent implementation, byte for byte: two charons
 * (strongSwan 5.9.8) negotiate main mode with a pre-shared key (aes128-sha256-modp2048) and quick mode in two
 * namespaces, logging every received packet and their keys; {@link KeyScheduleCheck} then recomputes every key and
 * hash from the packets and the logged DH secrets and compares. (Installing the CHILD_SA then fails in these
 * namespaces, a route charon cannot add; its keys are derived and logged before that.) With
 * {@code -Dgmgw.ipsec.writeStrongSwanExchange=true} the run is written as the committed {@link RecordedExchange} that
 * {@code StrongSwanRecordedExchangeTest} replays without root.
 */
class StrongSwanKeyScheduleTest {
    /** Set to true to record this run as the committed exchange. */
    static final String WRITE = "gmgw.ipsec.writeStrongSwanExchange";

    @Test
    void ourRfc2409KeyScheduleEqualsCharonsByteForByte(@TempDir Path dir) throws Exception {
        Path dirA = Files.createDirectories(dir.resolve("a"));
        Path dirB = Files.createDirectories(dir.resolve("b"));
        CharonNamespace[] pair = CharonNamespace.pair(dirA, dirB);
        try (CharonNamespace a = pair[0]; CharonNamespace b = pair[1]) {
            String levels = "ike = 4\n chd = 4\n net = 3\n";
            a.start(levels);
            b.start(levels);
            for (CharonNamespace c : pair) {
                Files.writeString(c.dir.resolve("swanctl.conf"), swanctlConf(c));
                c.swanctl("--load-all", "--file", c.dir.resolve("swanctl.conf").toString());
            }
            a.swanctlInBackground("--initiate", "--child", "t", "--timeout", "20");
            a.awaitDump("Hash(2)", 30); // the initiator has checked quick mode message 2
            a.awaitDump("integrity responder key", 10); // and derived the CHILD_SA's keys, the last it logs
            b.awaitDump("Hash(1)", 10);
            RecordedExchange exchange = RecordedExchange.fromLogs(a.logSoFar(), b.logSoFar());
            if (Boolean.getBoolean(WRITE)) {
                exchange.write(Path.of(System.getProperty("basedir", "."), "src/test/resources",
                        RecordedExchange.RESOURCE));
            }
            new KeyScheduleCheck().check(exchange);
        }
    }

    private static String swanctlConf(CharonNamespace c) {
        boolean left = c.charonAddress.endsWith(".1");
        return """
                connections {
                  t {
                    version = 1
                    local_addrs = %1$s
                    remote_addrs = %2$s
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
                      t {
                        local_ts = %3$s
                        remote_ts = %4$s
                        esp_proposals = aes128-sha256-modp2048
                      }
                    }
                  }
                }
                secrets {
                  ike-t {
                    id-a = %1$s
                    id-b = %2$s
                    secret = %5$s
                  }
                }
                """.formatted(c.charonAddress, c.hostAddress, left ? "10.220.1.0/24" : "10.220.2.0/24",
                left ? "10.220.2.0/24" : "10.220.1.0/24", KeyScheduleCheck.PSK);
    }
}
