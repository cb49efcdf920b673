package io.gmgw.gateway.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Binds {@code clients}: trust and revocation for users' certificates, and how a user finds a group. */
final class ClientBinder {
    private ClientBinder() {
    }

    static ClientSettings clients(Section s, Set<String> groups) {
        List<Path> trust = ConfigFiles.paths(s, "trust", true);
        if (s.emptyList("trust")) {
            s.error("trust", "the list is empty; write the CA certificate(s) users' certificates chain to, such as "
                    + "[pki/root/ca.cert.pem]");
        }
        List<Path> intermediates = ConfigFiles.paths(s, "intermediates", true);
        List<Path> crls = ConfigFiles.paths(s, "crls", true);
        boolean revocation = s.bool("revocation-check");
        if (revocation && crls.isEmpty() && !s.has("crls") && s.where() != null) {
            s.error(s.has("revocation-check") ? s.value("revocation-check") : s.where(), "clients: revocation-check "
                    + "is on but no CRL is given; add crls: with the CRL of every CA on the users' paths (for a gmgw "
                    + "PKI: pki/root/ca.crl.pem and pki/intermediate/ca.crl.pem), or write revocation-check: false "
                    + "(tests only: a revoked user is let in)");
        } else if (!revocation && !crls.isEmpty()) {
            s.error("crls", "revocation-check is false, so these CRLs would not be used; remove them, or write "
                    + "revocation-check: true");
        }
        Optional<Duration> reload = s.duration("crl-reload-interval", Duration.ofSeconds(1), "never re-reading the "
                + "CRL files");
        String userOid = oid(s, "user-oid", false);
        String groupOid = oid(s, "group-oid", true);
        String defaultGroup = null;
        Section.Item d = s.item("default-group");
        if (d != null) {
            defaultGroup = Values.reference(s, "default-group", d, groups, "group");
        }
        Map<String, String> users = new LinkedHashMap<>();
        for (Section.Entry e : s.entries("users")) {
            if (!(e.value() instanceof org.snakeyaml.engine.v2.nodes.ScalarNode v) || Section.isNull(e.value())) {
                s.error(e.value() == null ? e.keyNode() : e.value(), s.shown("users") + "." + e.name() + ": write "
                        + "the user's group after the colon, such as " + e.name() + ": staff");
                continue;
            }
            String g = Values.reference(s, "users." + e.name(), new Section.Item(v.getValue(), v), groups, "group");
            if (g != null) {
                users.put(e.name(), g);
            }
        }
        s.finish();
        return new ClientSettings(trust, intermediates, crls, revocation, reload, userOid == null ? "2.5.4.3"
                : userOid, Optional.ofNullable(groupOid), Optional.ofNullable(defaultGroup), users);
    }

    private static String oid(Section s, String key, boolean noneAllowed) {
        Section.Item i = s.item(key);
        if (i == null) {
            return s.has(key) ? null : s.defaultOf(key); // a wrong value is reported already
        }
        if (noneAllowed && i.text().strip().equalsIgnoreCase("none")) {
            return null;
        }
        return Values.oid(s, key, i);
    }
}
