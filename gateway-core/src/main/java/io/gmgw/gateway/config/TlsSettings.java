package io.gmgw.gateway.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code tls}: the TLS side of the listener (through BC-JSSE): the server's private key (ECDSA or RSA, a PEM file),
 * its password source, its certificate chain (PEM, leaf first), the protocol versions and the suites (IANA names,
 * {@link GatewaySchema#TLS13_SUITES} and {@link GatewaySchema#TLS12_SUITES}). When {@link #enabled()} is false the key
 * and chain are absent.
 */
public record TlsSettings(boolean enabled, Optional<Path> key, Optional<String> keyPasswordSource,
        Optional<Path> certificateChain, List<String> protocols, List<String> suites) {
    public TlsSettings {
        protocols = List.copyOf(protocols);
        suites = List.copyOf(suites);
    }
}
