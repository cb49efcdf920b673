package io.gmgw.gateway.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code clients}: how VPN users' certificates are checked and mapped to a group. The trust anchors and the CAs under
 * them; the CRL files (with {@link #revocationCheck()} on, every CA on a client's path needs a current one) and how
 * often they are re-read (empty: never); the subject attribute that names the user ({@link #userOid()}, CN by
 * default) and the one that names the group ({@link #groupOid()}, OU by default, empty: none); then per-user entries
 * (user → group), which win over the certificate's attribute, and the group of users that neither names.
 */
public record ClientSettings(List<Path> trust, List<Path> intermediates, List<Path> crls, boolean revocationCheck,
        Optional<Duration> crlReloadInterval, String userOid, Optional<String> groupOid,
        Optional<String> defaultGroup, Map<String, String> users) {
    public ClientSettings {
        trust = List.copyOf(trust);
        intermediates = List.copyOf(intermediates);
        crls = List.copyOf(crls);
        users = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(users));
    }
}
