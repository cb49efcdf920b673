package io.gmgw.gateway.config;

import static io.gmgw.gateway.config.ConfigFixture.MINIMAL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.gateway.GatewayException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every class of configuration error, each at its exact FILE:LINE:COLUMN with what to write instead. {@link MINIMAL}
 * is 16 lines, so a key appended to it is on line 17.
 */
class GatewayConfigErrorsTest {
    @TempDir
    Path tmp;

    private ConfigFixture fixture;

    @BeforeEach
    void folder() throws Exception {
        fixture = new ConfigFixture(tmp);
    }

    private List<String> errors(String yaml) {
        return fixture.errors(yaml);
    }

    @Test
    void yamlSyntaxErrorsNameTheirPlace() {
        assertEquals(List.of("gateway.yaml:3:13: not valid YAML: mapping values are not allowed here; indent with "
                + "spaces, write one 'key: value' per line, and quote values that hold ': ' or ' #'"),
                errors("listen:\n  port: 443\n   addresses: [1]\n"));
        assertTrue(errors("listen:\n\tport: 443\n").get(0).startsWith("gateway.yaml:2:1: not valid YAML: found "
                + "character '\\t(TAB)' that cannot start any token"));
        assertEquals(List.of("gateway.yaml:1:1: the file is empty; start from conf/gateway.yaml, which documents "
                + "every key"), errors(""));
        assertEquals(List.of("gateway.yaml:1:1: the file must be a section of keys ('listen:', 'tlcp:', ... each at "
                + "the start of a line); start from conf/gateway.yaml, which documents every key"),
                errors("- listen\n- tlcp\n"));
    }

    @Test
    void unknownKeysSuggestTheNearestKnownOne() {
        assertEquals(List.of("gateway.yaml:18:3: tunnel: unknown key 'dpdd'; write dpd instead",
                "gateway.yaml:19:1: unknown key 'frobnicate'; the keys at the top are listen, tlcp, tls, clients, "
                        + "otp, groups, pools, tunnel, bans, rate-limit, acl, control, data-plane, audit",
                "gateway.yaml:20:1: unknown key 'client'; write clients instead"),
                errors(MINIMAL + "tunnel:\n  dpdd: 90s\nfrobnicate: 1\nclient: {}\n"));
        assertEquals(List.of("gateway.yaml:11:5: groups.staff: unknown key 'ipv4pool'; write ipv4-pool instead"),
                errors(MINIMAL.replace("    acl: staff.acl\n", "    acl: staff.acl\n    ipv4pool: users\n")));
    }

    @Test
    void wrongTypesSayWhatToWrite() {
        assertEquals(List.of("gateway.yaml:18:9: listen.port: 'abc' is not a whole number; write a number from 0 to "
                        + "65535 (0: the system picks a free port, for tests)",
                "gateway.yaml:20:8: tunnel.mtu must be a single integer, not a list; write mtu: VALUE",
                "gateway.yaml:21:33: tunnel.smartcard-removal-disconnect: 'yes' is not a boolean; write true or false",
                "gateway.yaml:22:8: audit must be a section of keys, one 'key: value' per line indented under it; "
                        + "write 'audit:' with its keys indented below it"),
                errors(MINIMAL + "listen:\n  port: abc\ntunnel:\n  mtu: [1400]\n  smartcard-removal-disconnect: yes\n"
                        + "audit: 5\n"));
        assertEquals(List.of("gateway.yaml:5:10: clients.trust must be a list; write [ca.pem] or one '- value' line "
                + "per item", "gateway.yaml:15:10: acl.trust must be a list; write [ca.pem] or one '- value' line per "
                + "item"), errors(MINIMAL.replace("  trust: [ca.pem]\n  crls", "  trust: ca.pem\n  crls")));
    }

    @Test
    void theWriteBufferIsBounded() {
        assertEquals(List.of("gateway.yaml:18:23: tunnel.write-buffer-bytes: 4096 is out of range; write a number "
                + "from 16384 to 4194304 (bytes unsent per session before the gateway stops reading from it)"),
                errors(MINIMAL + "tunnel:\n  write-buffer-bytes: 4096\n"));
        assertEquals(1 << 20, fixture.load(MINIMAL + "tunnel:\n  write-buffer-bytes: 1048576\n").tunnel()
                .writeBufferBytes());
    }

    @Test
    void tls12SuitesThatDoNotFitTheCertificatesKeyAreRefused() throws Exception {
        for (String type : List.of("rsa", "ec")) {
            try (var in = getClass().getResourceAsStream("/config/tls-" + type + ".cert.pem")) {
                Files.write(fixture.dir().resolve("tls-" + type + ".pem"), in.readAllBytes());
            }
        }
        String tls = MINIMAL + "tls:\n  enabled: true\n  key: keys/sign.key.pem\n  cert: CERT\n"
                + "  suites: [TLS_AES_128_GCM_SHA256, TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256]\n";
        assertEquals(List.of("gateway.yaml:21:11: tls.suites: no listed TLSv1.2 suite fits the RSA key of tls.cert; "
                + "add one of "
                + "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, "
                + "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256, or remove TLSv1.2 from tls.protocols"),
                errors(tls.replace("CERT", "tls-rsa.pem")));
        assertTrue(fixture.load(tls.replace("CERT", "tls-ec.pem")).tls().enabled(), "an ECDSA key fits");
        assertTrue(fixture.load(tls.replace("CERT", "tls-rsa.pem").replace("  suites:",
                "  protocols: [TLSv1.3]\n  suites:")).tls().enabled(), "without TLSv1.2 its suites are never used");
        assertTrue(fixture.load(tls.replace("CERT", "keys/sign.cert.pem")).tls().enabled(),
                "a certificate the check cannot read is left to the gateway's start");
    }

    @Test
    void missingRequiredKeysPointAtTheirSection() {
        assertEquals(List.of("gateway.yaml:1:1: tlcp has no sign-key; add 'sign-key: KEY-PATH-OR-URI' under tlcp"),
                errors(MINIMAL.replace("  sign-key: keys/sign.key.pem\n", "")));
        assertEquals(List.of("gateway.yaml:1:1: the file has no clients; add 'clients:' and its keys below"),
                errors(MINIMAL.replace("clients:\n  trust: [ca.pem]\n  crls: [ca.crl]\n", "")));
        assertEquals(List.of("gateway.yaml:8:3: groups.staff has no acl; add 'acl: PATH' under groups.staff",
                "gateway.yaml:10:5: groups.staff: unknown key 'acll'; write acl instead"),
                errors(MINIMAL.replace("    acl: staff.acl", "    acll: staff.acl")));
    }

    @Test
    void badValuesSayWhatToWriteInstead() {
        assertEquals(List.of("gateway.yaml:13:11: pools.users.ipv4: 192.168.99.1/24 has host bits set; write "
                + "192.168.99.0/24 instead"), errors(MINIMAL.replace("192.168.99.0/24", "192.168.99.1/24")));
        assertEquals(List.of("gateway.yaml:13:11: pools.users.ipv4: '192.168.99.0/255.255.255.0' gives a netmask; "
                + "write 192.168.99.0/24 instead"), errors(MINIMAL.replace("192.168.99.0/24",
                "192.168.99.0/255.255.255.0")));
        assertEquals(List.of("gateway.yaml:18:15: listen.addresses: 'vpn.example.com' is not an IP address; write an "
                        + "IPv4 or IPv6 address such as 192.0.2.1 or 2001:db8::1 (host names are not looked up)",
                "gateway.yaml:19:9: listen.port: 70000 is out of range; write a number from 0 to 65535 (0: the system "
                        + "picks a free port, for tests)",
                "gateway.yaml:20:22: listen.handshake-timeout: '90' is not a duration; write 90s for seconds (units: "
                        + "ms, s, m, h, d)"),
                errors(MINIMAL + "listen:\n  addresses: [vpn.example.com]\n  port: 70000\n  handshake-timeout: 90\n"));
        assertEquals(List.of("gateway.yaml:18:17: tunnel.idle-timeout: '10 minutes' is not a duration; write a number "
                        + "with a unit: 90s, 10m, 2h (ms, s, m, h, d), or none for no idle timeout",
                "gateway.yaml:19:20: tunnel.session-timeout: 0s is too short; write 1s or more, or none for no session "
                        + "timeout"),
                errors(MINIMAL + "tunnel:\n  idle-timeout: 10 minutes\n  session-timeout: 0s\n"));
        assertEquals(List.of("gateway.yaml:4:21: tlcp.enc-key-password: 'password123' is not a secret source; write "
                + "file:PATH (mode 0600), env:NAME, systemd-credential:NAME or prompt"),
                errors(MINIMAL.replace("  enc-key: keys/enc.key.pem\n",
                        "  enc-key: keys/enc.key.pem\n  enc-key-password: password123\n")));
        assertEquals(List.of("gateway.yaml:18:9: data-plane.mode: 'tap' is not a data plane; write one of tun, "
                        + "responder",
                "gateway.yaml:19:11: data-plane.device: 'a-very-long-device-name' is not a Linux interface name; "
                        + "write at most 15 letters, digits, '-', '_' or '.', such as gmgw0"),
                errors(MINIMAL + "data-plane:\n  mode: tap\n  device: a-very-long-device-name\n"));
        assertEquals(List.of("gateway.yaml:2:13: tlcp.sign-key: 'pkcs11:token=gw' names no key; write "
                + "pkcs11:token=LABEL;object=KEY-LABEL (RFC 7512)"),
                errors(MINIMAL.replace("sign-key: keys/sign.key.pem", "sign-key: 'pkcs11:token=gw'")));
        assertEquals(List.of("gateway.yaml:18:24: tls.protocols: TLSv1.1 is obsolete (RFC 8996) and not offered; write "
                + "TLSv1.3 or TLSv1.2", "gateway.yaml:19:12: tls.suites: 'TLS_AES_128_GCM_SHA265' is not a TLS suite "
                + "gmgw offers; write TLS_AES_128_GCM_SHA256 instead"),
                errors(MINIMAL + "tls:\n  protocols: [TLSv1.3, TLSv1.1]\n  suites: [TLS_AES_128_GCM_SHA265]\n"));
        assertEquals(List.of("gateway.yaml:4:18: tlcp.suites: 'ECC_SM4_CCM_SM3' is not a TLCP suite (GM/T 0024 names "
                + "or the IDs E013, E053, E011, E051); write ECC_SM4_GCM_SM3 instead"),
                errors(MINIMAL.replace("  enc-key: keys/enc.key.pem\n", "  enc-key: keys/enc.key.pem\n"
                        + "  suites: [E053, ECC_SM4_CCM_SM3]\n")));
    }

    @Test
    void filesThatMustExistAreChecked() {
        List<String> e = errors(MINIMAL.replace("staff.acl", "nosuch.acl"));
        assertEquals(1, e.size());
        assertTrue(e.get(0).startsWith("gateway.yaml:10:10: groups.staff.acl: no such file " + tmp.resolve("nosuch.acl")
                + " (relative paths start at the configuration's folder " + tmp + "); write the path of an existing "
                + "file"), e.get(0));
        e = errors(MINIMAL.replace("sign-key: keys/sign.key.pem", "sign-key: keys"));
        assertEquals(List.of("gateway.yaml:2:13: tlcp.sign-key: " + tmp.resolve("keys") + " is not a regular file; "
                + "write the path of a file"), e);
    }

    @Test
    void inconsistentCombinationsAreRefused() {
        assertEquals(List.of("gateway.yaml:9:16: groups.staff.ipv4-pool: there is no pool named 'user'; write users "
                + "instead"), errors(MINIMAL.replace("ipv4-pool: users", "ipv4-pool: user")));
        assertEquals(List.of("gateway.yaml:10:16: groups.staff.ipv6-pool: IPv6 needs an MTU of 1280 or more (RFC 8200) "
                + "but tunnel.mtu is 1200; write tunnel.mtu: 1280 or more, or remove ipv6-pool"),
                errors(MINIMAL.replace("ipv4-pool: users", "ipv4-pool: users\n    ipv6-pool: users")
                        .replace("ipv4: 192.168.99.0/24", "ipv4: 192.168.99.0/24\n    ipv6: fd00:99::/64")
                        + "tunnel:\n  mtu: 1200\n"));
        assertEquals(List.of("gateway.yaml:10:16: groups.staff.ipv6-pool: pool users has no ipv6 network; add one to "
                + "it, or write a pool that has one"),
                errors(MINIMAL.replace("ipv4-pool: users", "ipv4-pool: users\n    ipv6-pool: users")));
        assertEquals(List.of("gateway.yaml:11:3: groups: 'staff' and 'Staff' differ only in case, so a certificate's "
                + "group attribute could name either; give the groups different names"),
                errors(MINIMAL.replace("groups:\n", "groups:\n  Staff:\n    ipv4-pool: users\n    acl: other.acl\n")));
        assertEquals(List.of("gateway.yaml:8:12: clients.users.alice: there is no group named 'staf'; write staff "
                + "instead"), errors(MINIMAL.replace("  crls: [ca.crl]\ngroups", "  crls: [ca.crl]\n  users:\n"
                + "    alice: staf\ngroups")));
        assertEquals(List.of("gateway.yaml:15:11: pools.users.ipv4: 192.168.99.0/24 overlaps 192.168.0.0/16 of pool "
                + "more; give each pool a network of its own"),
                errors(MINIMAL.replace("pools:\n", "pools:\n  more:\n    ipv4: 192.168.0.0/16\n")));
        assertEquals(List.of("gateway.yaml:4:1: clients: revocation-check is on but no CRL is given; add crls: with "
                + "the CRL of every CA on the users' paths (for a gmgw PKI: pki/root/ca.crl.pem and "
                + "pki/intermediate/ca.crl.pem), or write revocation-check: false (tests only: a revoked user is let "
                + "in)"), errors(MINIMAL.replace("  trust: [ca.pem]\n  crls: [ca.crl]\ngroups",
                "  trust: [ca.pem]\ngroups")));
        assertEquals(List.of("gateway.yaml:22:11: tls.suites: no suite for TLSv1.3 is listed; add one of "
                + "TLS_AES_128_GCM_SHA256, TLS_AES_256_GCM_SHA384, TLS_CHACHA20_POLY1305_SHA256, or remove TLSv1.3 "
                + "from tls.protocols"), errors(MINIMAL + "tls:\n  enabled: true\n  key: keys/sign.key.pem\n"
                + "  cert: keys/sign.cert.pem\n  protocols: [TLSv1.3]\n"
                + "  suites: [TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256]\n"));
        assertEquals(List.of("gateway.yaml:1:1: tlcp and tls are both off, so every client would be refused; write "
                + "enabled: true under tlcp (or tls)"),
                errors(MINIMAL.replace("tlcp:\n", "tlcp:\n  enabled: false\n")));
        assertEquals(List.of("gateway.yaml:10:26: groups.staff.routes: fd00::/8 is an IPv6 route but the group has no "
                        + "ipv6-pool; add ipv6-pool: NAME, or remove the route",
                "gateway.yaml:10:36: groups.staff.routes: 0.0.0.0/0 is the whole address space; leave routes empty "
                        + "(or remove this line) for a full tunnel"),
                errors(MINIMAL.replace("ipv4-pool: users", "ipv4-pool: users\n    routes: [10.0.0.0/8, fd00::/8, "
                        + "0.0.0.0/0]")));
        assertEquals(List.of("gateway.yaml:17:1: tls has no key; add 'key: KEY-PATH-OR-URI' under tls"),
                errors(MINIMAL + "tls:\n  enabled: true\n  cert: keys/sign.cert.pem\n"));
        assertEquals(List.of("gateway.yaml:1:1: tlcp has no sign-key; add 'sign-key: KEY-PATH-OR-URI' under tlcp",
                "gateway.yaml:2:14: tlcp.sign-cert: a certificate without its key; add sign-key: PATH-OR-URI"),
                errors(MINIMAL.replace("  sign-key: keys/sign.key.pem\n", "  sign-cert: keys/sign.cert.pem\n")));
        assertEquals(List.of("gateway.yaml:17:15: acl.signer-eku: with none, anyone your CAs certified could sign "
                + "ACLs; keep acl-signing, or add signer-subjects or signer-cert-sm3"),
                errors(MINIMAL + "  signer-eku: none\n"));
    }

    @Test
    void duplicateKeysAndNamesAreRefused() {
        assertEquals(List.of("gateway.yaml:19:3: tunnel: duplicate key 'mtu' (first at line 18); keep one of them"),
                errors(MINIMAL + "tunnel:\n  mtu: 1400\n  mtu: 1500\n"));
        assertEquals(List.of("gateway.yaml:17:1: duplicate key 'tlcp' (first at line 1); keep one of them"),
                errors(MINIMAL + "tlcp:\n  enabled: true\n"));
        assertEquals(List.of("gateway.yaml:11:3: groups: duplicate name 'staff' (first at line 8); keep one of them, "
                + "or give this one another name"),
                errors(MINIMAL.replace("groups:\n", "groups:\n  staff:\n    ipv4-pool: users\n    acl: other.acl\n")));
    }

    @Test
    void tagsAndAnchorsAreRefusedSoNothingInTheFileCanRunOrMultiply() {
        assertEquals(List.of("gateway.yaml:17:8: the tag !!python/object/apply:os.system is not supported; remove it "
                + "and write a plain value"), errors(MINIMAL + "audit: !!python/object/apply:os.system [ls]\n"));
        assertEquals(List.of("gateway.yaml:17:9: the tag !java.lang.ProcessBuilder is not supported; remove it and "
                + "write a plain value"), errors(MINIMAL + "tunnel: !java.lang.ProcessBuilder {}\n"));
        assertEquals(List.of("gateway.yaml:17:9: anchors and aliases (&t, *t) are not supported; write the value out "
                + "in each place"), errors(MINIMAL + "tunnel: &t\n  mtu: 1400\nbans: *t\n"));
    }

    @Test
    void everyErrorIsReportedInFileOrderNotJustTheFirst() {
        List<String> e = errors("""
                listen:
                  port: 99999
                tlcp:
                  sign-key: keys/sign.key.pem
                  enc-key: keys/enc.key.pem
                  suites: [E013, E013]
                clients:
                  trust: [ca.pem]
                  crls: [ca.crl]
                  default-group: nobody
                groups:
                  staff:
                    ipv4-pool: users
                    acl: staff.acl
                    dns: [10.0.0.1, 10.0.0.2, 10.0.0.3, 10.0.0.4]
                pools:
                  users:
                    ipv4: 192.168.99.0/31
                acl:
                  trust: [ca.pem]
                  crls: [ca.crl]
                  signer-cert-sm3: [abc]
                """);
        assertEquals(List.of("2:9", "6:18", "10:18", "15:10", "18:11", "22:21"),
                e.stream().map(l -> l.split(":")[1] + ":" + l.split(":")[2]).toList(), String.join("\n", e));
    }

    @Test
    void theExceptionIsAConfigurationErrorOfTheGateway() {
        ConfigException e = assertThrows(ConfigException.class, () -> fixture.load(MINIMAL + "tunnel:\n  mtu: 9\n"));
        assertEquals(GatewayException.Kind.CONFIG, e.kind());
        assertEquals("gateway.yaml:18:8: tunnel.mtu: 9 is out of range; write a number from 576 to 9000 (bytes)",
                e.getMessage());
    }

    @Test
    void aFileThatIsNotUtf8OrTooLargeIsRefusedAsAWhole() throws Exception {
        Path bad = Files.write(tmp.resolve("latin1.yaml"), new byte[] {'a', ':', ' ', (byte) 0xe9, '\n'});
        ConfigException e = assertThrows(ConfigException.class, () -> GatewayConfigLoader.load(bad));
        assertEquals(bad + ":1:1: the file is not UTF-8 text; save it as UTF-8", e.getMessage());
        Path big = Files.write(tmp.resolve("big.yaml"), new byte[GatewayConfigLoader.MAX_SIZE + 1]);
        e = assertThrows(ConfigException.class, () -> GatewayConfigLoader.load(big));
        assertTrue(e.getMessage().startsWith(big + ":1:1: the file is larger than"), e.getMessage());
    }
}
