package io.gmgw.cli.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.cli.ExitCode;
import io.gmgw.cli.GmgwRun;
import io.gmgw.gateway.config.GatewaySchema;
import io.gmgw.sslvpn.tlcp.protocol.CipherSuite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code gmgw config check}: conf/gateway.yaml is valid beside a real demo PKI ({@code gmgw demo}, as its comment
 * says); an invalid file exits 78 with every error as FILE:LINE:COLUMN; the JSON forms of both.
 */
class ConfigCheckCommandTest {
    @TempDir
    static Path ws;

    /** ws/conf with the example and its ACLs, ws/demo made by gmgw demo. */
    @BeforeAll
    static void demoAndExample() throws Exception {
        GmgwRun demo = GmgwRun.run("demo", "--dir", ws.resolve("demo").toString());
        assertEquals(0, demo.exitCode(), demo::toString);
        Path conf = Files.createDirectories(ws.resolve("conf/vpn-acls"));
        Files.copy(Path.of("..", "conf", "gateway.yaml"), ws.resolve("conf/gateway.yaml"));
        try (Stream<Path> acls = Files.list(Path.of("..", "conf", "vpn-acls"))) {
            for (Path acl : acls.toList()) {
                Files.copy(acl, conf.resolve(acl.getFileName()));
            }
        }
    }

    @Test
    void theExampleIsValidBesideTheDemo() {
        Path file = ws.resolve("conf/gateway.yaml");
        GmgwRun r = GmgwRun.run("config", "check", file.toString());
        assertEquals(0, r.exitCode(), r::toString);
        List<String> lines = r.out().lines().toList();
        assertEquals(file + ": valid", lines.get(0));
        assertEquals("listener:   127.0.0.1:4433 (TLCP ECC_SM4_GCM_SM3, ECC_SM4_CBC_SM3, ECDHE_SM4_GCM_SM3, "
                + "ECDHE_SM4_CBC_SM3; TLS off)", lines.get(1));
        assertEquals("groups:     2", lines.get(2));
        assertTrue(lines.get(3).startsWith("  staff: IPv4 from users, IPv6 from users, routes 10.20.0.0/16, "
                + "fd00:20::/48, ACL "), lines.get(3));
        assertTrue(r.out().contains("  users: 192.168.99.0/24 fd00:99::/64\n"), r::toString);
        assertTrue(r.out().contains("data plane: responder\n"), r::toString);
        assertEquals(0, r.modulesStarted(), "a check opens no key and needs no crypto module");
    }

    @Test
    void theJsonSummaryNamesListenersGroupsAndPools() {
        GmgwRun r = GmgwRun.run("config", "check", ws.resolve("conf/gateway.yaml").toString(), "--json");
        assertEquals(0, r.exitCode(), r::toString);
        JsonNode json = JsonMapper.builder().build().readTree(r.out());
        assertTrue(json.get("valid").asBoolean());
        assertEquals("127.0.0.1:4433", json.get("listeners").get(0).asString());
        assertEquals("contractors", json.get("groups").get(1).get("name").asString());
        assertEquals("192.168.100.0/24", json.get("pools").get(1).get("ipv4").asString());
    }

    @Test
    void anInvalidFileExits78WithEveryErrorAtItsPlace() throws Exception {
        Path bad = ws.resolve("conf/bad.yaml");
        Files.writeString(bad, Files.readString(ws.resolve("conf/gateway.yaml"))
                .replace("    ipv4-pool: contractors", "    ipv4-pool: contractor")
                .replace("  dpd: 90s", "  dpd: 90"));
        List<String> text = Files.readAllLines(bad);
        int pool = text.indexOf("    ipv4-pool: contractor") + 1;
        int dpd = text.indexOf("  dpd: 90") + 1;

        GmgwRun r = GmgwRun.run("config", "check", bad.toString());
        assertEquals(ExitCode.CONFIG.code(), r.exitCode(), r::toString);
        assertEquals(List.of(bad + ":" + pool + ":16: groups.contractors.ipv4-pool: there is no pool named "
                        + "'contractor'; write contractors instead",
                bad + ":" + dpd + ":8: tunnel.dpd: '90' is not a duration; write 90s for seconds (units: ms, s, m, "
                        + "h, d)",
                "2 errors in " + bad + "; every key is described in docs/gateway.md"), r.err().lines().toList());
        assertEquals("", r.out());

        GmgwRun json = GmgwRun.run("config", "check", bad.toString(), "--json");
        assertEquals(ExitCode.CONFIG.code(), json.exitCode(), json::toString);
        JsonNode report = JsonMapper.builder().build().readTree(json.out());
        assertEquals(false, report.get("valid").asBoolean());
        assertEquals(pool, report.get("errors").get(0).get("line").asInt());
        assertEquals(16, report.get("errors").get(0).get("column").asInt());
        assertEquals(dpd, report.get("errors").get(1).get("line").asInt());
    }

    @Test
    void aFileThatIsNotThereIsAnInputError() {
        GmgwRun r = GmgwRun.run("config", "check", ws.resolve("conf/none.yaml").toString());
        assertEquals(ExitCode.IO_ERROR.code(), r.exitCode(), r::toString);
        assertTrue(r.err().contains("none.yaml"), r::toString);
    }

    @Test
    void theConfigurationKnowsTheSuitesTheTlcpEngineHas() {
        // gateway-core cannot see gateway-sslvpn's CipherSuite: the launcher, which sees both, keeps them equal
        assertEquals(CipherSuite.DEFAULT_ORDER.stream().map(CipherSuite::name).toList(), GatewaySchema.TLCP_SUITES);
        assertEquals(Arrays.stream(CipherSuite.values()).map(CipherSuite::name).sorted().toList(),
                GatewaySchema.TLCP_SUITES.stream().sorted().toList());
        for (String name : GatewaySchema.TLCP_SUITES) {
            assertEquals(name, CipherSuite.parse(name).name());
        }
    }
}
