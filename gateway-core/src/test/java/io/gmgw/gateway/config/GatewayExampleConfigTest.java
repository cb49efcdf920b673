package io.gmgw.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.gateway.ip.IpPrefix;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * conf/gateway.yaml, the documented example: it binds as written once the demo's PKI is beside conf/ (its files are
 * made empty here: the loader checks that they exist; what is in them is the gateway's business at start), and it
 * names or comments every key of the schema.
 */
class GatewayExampleConfigTest {
    private static final Path CONF = Path.of("..", "conf");
    private static final Pattern DEMO_PATH = Pattern.compile("\\.\\./demo/[\\w./-]+\\.pem");

    @TempDir
    Path tmp;

    /** conf/gateway.yaml and the ACLs it names in TMP/conf, the demo files it names in TMP/demo. */
    private Path layOut() throws IOException {
        Path conf = Files.createDirectories(tmp.resolve("conf/vpn-acls"));
        Files.copy(CONF.resolve("gateway.yaml"), conf.getParent().resolve("gateway.yaml"));
        try (Stream<Path> acls = Files.list(CONF.resolve("vpn-acls"))) {
            for (Path acl : acls.toList()) {
                Files.copy(acl, conf.resolve(acl.getFileName()));
            }
        }
        Matcher m = DEMO_PATH.matcher(Files.readString(CONF.resolve("gateway.yaml")));
        while (m.find()) {
            Path p = tmp.resolve("conf").resolve(m.group()).normalize();
            if (!p.getFileName().toString().endsWith(".sock")) {
                Files.createDirectories(p.getParent());
                Files.writeString(p, "");
            }
        }
        return tmp.resolve("conf/gateway.yaml");
    }

    @Test
    void theExampleBindsAsWritten() throws Exception {
        Path file = layOut();
        GatewayConfig c = GatewayConfigLoader.load(file);
        Path demo = tmp.resolve("demo");

        assertEquals(file, c.file());
        assertEquals(new ListenSettings(List.of(InetAddress.getByName("127.0.0.1")), 4433, Duration.ofSeconds(30)),
                c.listen());
        assertTrue(c.tlcp().enabled());
        KeySetting sign = c.tlcp().signKey().orElseThrow();
        assertEquals(demo.resolve("pki/issued/localhost/sign.key.pem").toString(), sign.reference());
        assertEquals(Optional.of(demo.resolve("pki/issued/localhost/sign.cert.pem")), sign.certificate());
        int line = Files.readAllLines(file).indexOf("  sign-key: ../demo/pki/issued/localhost/sign.key.pem") + 1;
        assertEquals(file + ":" + line + ":13: tlcp.sign-key", sign.where(), "where a key error will point");
        assertEquals(Optional.of(demo.resolve("pki/intermediate/ca.cert.pem")), c.tlcp().chain());
        assertEquals(List.of("ECC_SM4_GCM_SM3", "ECC_SM4_CBC_SM3", "ECDHE_SM4_GCM_SM3", "ECDHE_SM4_CBC_SM3"),
                c.tlcp().suites());
        assertFalse(c.tls().enabled());
        assertEquals(Optional.empty(), c.tls().key(), "a TLS that is off has no key");

        assertEquals(List.of(demo.resolve("pki/root/ca.cert.pem")), c.clients().trust());
        assertEquals(List.of(demo.resolve("pki/root/ca.crl.pem"), demo.resolve("pki/intermediate/ca.crl.pem")),
                c.clients().crls());
        assertEquals("2.5.4.3", c.clients().userOid());
        assertEquals(Optional.of("2.5.4.11"), c.clients().groupOid());
        assertEquals(Optional.of("staff"), c.clients().defaultGroup());
        assertEquals(Map.of("demo-user", "staff"), c.clients().users());

        assertEquals(List.of("staff", "contractors"), List.copyOf(c.groups().keySet()));
        GroupSettings staff = c.groups().get("staff");
        assertEquals(Optional.of("users"), staff.ipv6Pool());
        assertEquals(List.of("10.20.0.0/16", "fd00:20::/48"), staff.routes().stream().map(IpPrefix::toString)
                .toList());
        assertEquals(List.of(InetAddress.getByName("10.20.0.53")), staff.dns());
        assertEquals(Optional.of("corp.example.com"), staff.defaultDomain());
        assertEquals(tmp.resolve("conf/vpn-acls/staff.cisco-ios.cfg"), staff.acl());
        assertEquals(Optional.of("gmgw demo gateway: authorised users only"), staff.banner());
        assertEquals(1, c.groups().get("contractors").maxSessionsPerUser());

        assertEquals("fd00:99::/64", c.pools().get("users").ipv6().orElseThrow().toString());
        assertEquals("192.168.100.0/24", c.pools().get("contractors").ipv4().orElseThrow().toString());
        assertEquals(Duration.ofHours(9), c.tunnel().keepalive());
        assertEquals(Optional.empty(), c.tunnel().sessionTimeout());
        assertEquals(demo.resolve("run/gateway.sock"), c.control().socket());
        assertEquals(DataPlaneSettings.Mode.RESPONDER, c.dataPlane().mode());
    }

    @Test
    void theExampleNamesOrCommentsEveryKey() throws Exception {
        String text = Files.readString(CONF.resolve("gateway.yaml"));
        List<String> missing = new ArrayList<>();
        for (ConfigKey k : GatewaySchema.keys()) {
            if (k.name().equals("NAME") || k.name().equals("USER")) {
                continue;
            }
            if (!Pattern.compile("(?m)^\\s*(# )?" + Pattern.quote(k.name()) + ":").matcher(text).find()) {
                missing.add(k.path());
            }
        }
        assertEquals(List.of(), missing, "keys conf/gateway.yaml neither sets nor shows in a comment");
    }
}
