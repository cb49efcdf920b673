package io.gmgw.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gmgw.cli.Launcher;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.testing.SystemPeers;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What an operator sets up before {@code gmgw sslvpn run} in the topology, made with gmgw's own commands (run in this
 * JVM through the launcher, as {@code gmgw ...} would run them): an SM2 PKI ({@code gmgw pki}: root and issuing CA, the
 * gateway's pair for its outer address, an ACL signer, user {@value #ALICE} whose keys are in the soft smart key
 * ({@code gmgw token}), user {@value #BOB} revoked before the gateway starts, user {@value #CAROL} with key files), a
 * P-256 PKI for TLS users ({@link TlsTestPki}, alice again, for openconnect), the group's ACL signed with {@code gmgw acl
 * sign}, and {@code gateway.yaml} with TLCP and TLS on one port and the data plane on a TUN device.
 *
 * <p>The soft smart key's store is the folder in {@code GMGW_SOFTKEY_DIR}, which surefire sets for this JVM (the module
 * reads it at C_Initialize); client processes get the same variable ({@link #softKeyEnvironment}).
 */
final class GmgwSite {
    static final String GROUP = "staff";
    static final String ALICE = "alice";
    static final String BOB = "bob";
    static final String CAROL = "carol";
    static final int PORT = 4443;
    /** The inside host's port the ACL permits (TCP transfers). */
    static final int TRANSFER_PORT = 5003;
    /** A second address of the inside host that the group's ACL does not permit. */
    static final String DENIED = "10.71.2.3";
    /** The DPD interval the gateway announces and probes with: short, so a vanished client ends within seconds. */
    static final String DPD = "2s";
    /** The reconnect window after a tunnel ended without a logout; the address is held that long. */
    static final String COOKIE_TIMEOUT = "5s";

    private static final CryptoModule MODULE = TestModules.deterministic("gmgw-topology-site");
    private static final String USER_PIN = "user-pin-1357";

    private final Path dir;
    private final Path pki;
    private final TlsTestPki tls;
    private final Path library;
    private final Path softKeyStore;
    private final Path pinFile;
    private final TopologyAddresses addresses;

    private GmgwSite(Path dir, TopologyAddresses addresses, TlsTestPki tls, Path library, Path store, Path pin) {
        this.dir = dir;
        this.pki = dir.resolve("pki");
        this.addresses = addresses;
        this.tls = tls;
        this.library = library;
        this.softKeyStore = store;
        this.pinFile = pin;
    }

    /** Makes everything in {@code dir}; skips (fails under CI) without the soft smart key library. */
    static GmgwSite create(Path dir, TopologyAddresses a) throws IOException {
        Path library = SystemPeers.requireFile("gmgw.softkey.library", "the gmgw soft smart key",
                "it is built by pkcs11-bridge ('./mvnw -pl pkcs11-bridge compile') when gcc and OpenSSL 3 headers are"
                        + " installed (apt-get install gcc libssl-dev)");
        String storeVariable = System.getenv("GMGW_SOFTKEY_DIR");
        SystemPeers.require(storeVariable != null && !storeVariable.isBlank(), "GMGW_SOFTKEY_DIR is not set: the "
                + "tests module's surefire configuration sets it to the soft smart key's store");
        Path store = Path.of(storeVariable);
        freshStore(store);
        Path pin = secret(dir.resolve("user.pin"), USER_PIN);
        GmgwSite site = new GmgwSite(dir, a, TlsTestPki.create(dir.resolve("tls"), a.gatewayOuter4()), library,
                store, pin);
        site.issue();
        return site;
    }

    private void issue() throws IOException {
        String d = pki.toString();
        gmgw("pki", "init", "--dir", d);
        gmgw("pki", "issue", "--dir", d, "--server", addresses.gatewayOuter4());
        gmgw("pki", "issue", "--dir", d, "--client", "acl-signer", "--acl-signer");
        Path so = secret(dir.resolve("so.pin"), "so-pin-2468");
        gmgw("token", "init", "--module", library.toString(), "--slot", "0", "--label", ALICE, "--so-pin-source",
                "file:" + so, "--pin-source", "file:" + pinFile);
        for (String key : List.of("sign", "enc")) {
            gmgw("token", "keygen", "--module", library.toString(), "--token", ALICE, "--label", key,
                    "--pin-source", "file:" + pinFile);
        }
        // the monitor off while issuing: a one-shot command needs no presence checks
        gmgw("pki", "issue", "--dir", d, "--client", ALICE, "--subject", "CN=" + ALICE + ", OU=" + GROUP,
                "--password-file", pinFile.toString(), "--sign-key", tokenKey("sign") + "&x-monitor-ms=0",
                "--enc-key", tokenKey("enc") + "&x-monitor-ms=0");
        for (String user : List.of(BOB, CAROL)) {
            gmgw("pki", "issue", "--dir", d, "--client", user, "--subject", "CN=" + user + ", OU=" + GROUP);
        }
        gmgw("pki", "revoke", "--dir", d, "--cert", issued(BOB).resolve("sign.cert.pem").toString(), "--reason",
                "keyCompromise");
        Files.writeString(acl(), "ip access-list extended vpn-" + GROUP + "\n"
                + " permit icmp any host " + addresses.inside4() + " echo\n"
                + " permit tcp any host " + addresses.inside4() + " eq " + TRANSFER_PORT + "\n"
                + " deny ip any any\n"
                + "ipv6 access-list vpn-" + GROUP + "-6\n"
                + " permit icmp any host " + addresses.inside6() + " echo-request\n"
                + " deny ipv6 any any\n");
        Path signer = issued("acl-signer");
        gmgw("acl", "sign", acl().toString(), "--key", signer.resolve("sign.key.pem").toString(), "--cert",
                signer.resolve("sign.chain.pem").toString());
    }

    /** The group's signed ACL ({@code FILE.p7s} beside it). */
    Path acl() {
        return dir.resolve(GROUP + ".cisco-ios.cfg");
    }

    Path rootCertificate() {
        return pki.resolve("root/ca.cert.pem");
    }

    Path issuingCertificate() {
        return pki.resolve("intermediate/ca.cert.pem");
    }

    /** The folder {@code gmgw pki issue} wrote {@code name}'s pair to. */
    Path issued(String name) {
        return pki.resolve("issued").resolve(name);
    }

    TlsTestPki tls() {
        return tls;
    }

    /** {@code pkcs11:} URI of alice's key {@code label} on the soft smart key, the PIN from its file. */
    String tokenKey(String label) {
        return "pkcs11:token=" + ALICE + ";object=" + label + "?module-path=" + library + "&pin-source=file:"
                + pinFile;
    }

    /** What a process using the soft smart key needs in its environment. */
    Map<String, String> softKeyEnvironment() {
        return Map.of("GMGW_SOFTKEY_DIR", softKeyStore.toString());
    }

    /** The soft smart key's "pulled out" switch for alice's token (docs/pkcs11.md): present = removed. */
    Path tokenRemovedFile() {
        return softKeyStore.resolve("slot0").resolve("removed");
    }

    /**
     * {@code gmgw connect} over TLCP in TUN mode with {@code keys} (the {@code --sign-key ...} options and the
     * certificates), TUN device {@code gmgwc%d}.
     */
    List<String> connect(List<String> keys) {
        List<String> c = new ArrayList<>(List.of("connect", "https://" + addresses.gatewayOuter4() + ":" + PORT + "/",
                "--trust", rootCertificate().toString(), "--interface", "gmgwc%d"));
        c.addAll(keys);
        return GmgwClientTunTest.gmgw(c.toArray(String[]::new));
    }

    /** alice's keys on the soft smart key, the presence monitor every 50 ms. */
    List<String> smartKeyOptions() {
        String monitor = "&x-monitor-ms=50";
        return List.of("--sign-key", tokenKey("sign") + monitor, "--enc-key", tokenKey("enc") + monitor,
                "--sign-cert", issued(ALICE).resolve("sign.cert.pem").toString(), "--enc-cert",
                issued(ALICE).resolve("enc.cert.pem").toString(), "--chain", issuingCertificate().toString());
    }

    /** {@code user}'s key files. */
    List<String> keyFileOptions(String user) {
        return List.of("--sign-key", issued(user).resolve("sign.key.pem").toString(), "--enc-key",
                issued(user).resolve("enc.key.pem").toString());
    }

    /**
     * Writes {@code NAME.yaml}: the listener on the gateway's outer address at {@code port}, TLCP with the gateway's
     * key files and TLS with its P-256 pair, clients of both PKIs checked against their CRLs, group {@value #GROUP}
     * with both pools, the inside network's routes and {@code acl}, short DPD and cookie timeouts, the control socket
     * {@code run/NAME.sock} and a TUN device {@code device}.
     */
    Path writeConfig(String name, int port, Path acl, String device) throws IOException {
        Path server = issued(addresses.gatewayOuter4());
        String crls = "[" + pki.resolve("root/ca.crl.pem") + ", " + pki.resolve("intermediate/ca.crl.pem") + ", "
                + tls.caCrl() + "]";
        Path config = dir.resolve(name + ".yaml");
        Files.writeString(config, String.join("\n",
                "listen:",
                "  addresses: [" + addresses.gatewayOuter4() + "]",
                "  port: " + port,
                "tlcp:",
                "  sign-key: " + server.resolve("sign.key.pem"),
                "  enc-key: " + server.resolve("enc.key.pem"),
                "tls:",
                "  enabled: true",
                "  key: " + tls.serverKey(),
                "  cert: " + tls.serverCert(),
                "clients:",
                "  trust: [" + rootCertificate() + ", " + tls.caCert() + "]",
                "  crls: " + crls,
                "groups:",
                "  " + GROUP + ":",
                "    ipv4-pool: users",
                "    ipv6-pool: users",
                "    routes: [" + addresses.insideNet4() + ", " + addresses.insideNet6() + "]",
                "    acl: " + acl,
                "pools:",
                "  users:",
                "    ipv4: " + addresses.pool4(),
                "    ipv6: " + addresses.pool6().replace("/48", "/64"),
                "tunnel:",
                "  dpd: " + DPD,
                "  cookie-timeout: " + COOKIE_TIMEOUT,
                "acl:",
                "  trust: [" + rootCertificate() + "]",
                "  crls: [" + pki.resolve("root/ca.crl.pem") + ", " + pki.resolve("intermediate/ca.crl.pem") + "]",
                "control:",
                "  socket: " + controlSocket(name),
                "data-plane:",
                "  mode: tun",
                "  device: " + device,
                ""));
        return config;
    }

    Path controlSocket(String name) {
        return dir.resolve("run").resolve(name + ".sock");
    }

    /** Runs {@code gmgw ARGS} in this JVM; fails the test unless it exits 0. */
    static String gmgw(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new Launcher(() -> MODULE, new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        assertEquals(0, code, () -> "gmgw " + String.join(" ", args) + "\n" + out + "\n" + err);
        return out.toString();
    }

    private static Path secret(Path file, String value) throws IOException {
        Files.writeString(file, value + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    private static void freshStore(Path store) throws IOException {
        if (Files.exists(store)) {
            try (Stream<Path> s = Files.walk(store)) {
                for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(f);
                }
            }
        }
        Files.createDirectories(store);
        Files.writeString(store.resolve("softkey.conf"), "profile = 0x8000\nslots = 1\n");
    }
}
