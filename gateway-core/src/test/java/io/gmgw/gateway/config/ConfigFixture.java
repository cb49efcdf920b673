package io.gmgw.gateway.config;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A folder for configuration tests: the files a configuration names are created (existence is what the loader
 * checks; their content is the gateway's business), and {@link #MINIMAL} is the smallest valid configuration. Shared
 * with gateway-sslvpn's tests (gateway-core's test-jar), so that a newly required key is added here once.
 */
public final class ConfigFixture {
    /** Every required key, nothing else. */
    public static final String MINIMAL = """
            tlcp:
              sign-key: keys/sign.key.pem
              enc-key: keys/enc.key.pem
            clients:
              trust: [ca.pem]
              crls: [ca.crl]
            groups:
              staff:
                ipv4-pool: users
                acl: staff.acl
            pools:
              users:
                ipv4: 192.168.99.0/24
            acl:
              trust: [ca.pem]
              crls: [ca.crl]
            """;

    private final Path dir;

    public ConfigFixture(Path dir) throws IOException {
        this.dir = dir;
        for (String f : List.of("keys/sign.key.pem", "keys/enc.key.pem", "keys/sign.cert.pem", "ca.pem", "ca.crl",
                "staff.acl", "other.acl", "secret.pw")) {
            touch(f);
        }
    }

    public Path dir() {
        return dir;
    }

    public Path touch(String relative) throws IOException {
        Path p = dir.resolve(relative);
        Files.createDirectories(p.getParent());
        if (!Files.exists(p)) {
            Files.writeString(p, "test file\n");
        }
        return p;
    }

    /** Writes {@code yaml} as gateway.yaml in the folder and loads it; messages name it {@code gateway.yaml}. */
    public GatewayConfig load(String yaml) {
        return GatewayConfigLoader.parse(Path.of("gateway.yaml"), yaml, dir);
    }

    /** The errors {@code yaml} gives, as the lines an operator reads. */
    public List<String> errors(String yaml) {
        ConfigException e = assertThrows(ConfigException.class, () -> load(yaml));
        return e.errors().stream().map(ConfigError::toString).toList();
    }
}
