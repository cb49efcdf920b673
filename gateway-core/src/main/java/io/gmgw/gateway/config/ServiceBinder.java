package io.gmgw.gateway.config;

import io.gmgw.crypto.pki.DistinguishedNames;
import io.gmgw.crypto.pki.ExtendedKeyUsages;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Binds {@code acl}, {@code control}, {@code data-plane} and {@code audit}. */
final class ServiceBinder {
    /** A Linux interface name: at most IFNAMSIZ - 1 = 15 bytes, no '/', no white space (dev_valid_name). */
    private static final Pattern INTERFACE = Pattern.compile("[A-Za-z0-9_.-]{1,15}");

    private ServiceBinder() {
    }

    static AclTrustSettings acl(Section s) {
        List<Path> trust = ConfigFiles.paths(s, "trust", true);
        if (s.emptyList("trust")) {
            s.error("trust", "the list is empty; write the CA certificate(s) that ACL signers chain to");
        }
        List<Path> crls = ConfigFiles.paths(s, "crls", true);
        if (s.emptyList("crls")) {
            s.error("crls", "the list is empty; every ACL signer is checked for revocation: write the CRL of every "
                    + "CA on the signers' paths");
        }
        Optional<String> eku = Optional.empty();
        Section.Item e = s.item("signer-eku");
        if (e == null && !s.has("signer-eku")) {
            eku = Optional.of(s.defaultOf("signer-eku"));
        } else if (e != null && !e.text().strip().equalsIgnoreCase("none")) {
            var oid = ExtendedKeyUsages.parse(e.text());
            if (oid.isEmpty()) {
                s.error(e.node(), s.shown("signer-eku") + ": '" + e.text() + "' is not a purpose; write one of "
                        + ExtendedKeyUsages.names() + ", an OID, or none");
            } else {
                eku = Optional.of(e.text().strip().toLowerCase(Locale.ROOT));
            }
        }
        List<String> subjects = new ArrayList<>();
        for (Section.Item i : s.list("signer-subjects")) {
            try {
                DistinguishedNames.parse(i.text());
                subjects.add(i.text().strip());
            } catch (IllegalArgumentException x) {
                s.error(i.node(), s.shown("signer-subjects") + ": " + x.getMessage() + "; write a name such as "
                        + "'CN=acl-signer, O=Example, C=CN'");
            }
        }
        List<String> prints = new ArrayList<>();
        for (Section.Item i : s.list("signer-cert-sm3")) {
            String h = i.text().strip().toLowerCase(Locale.ROOT).replace(":", "");
            if (!h.matches("[0-9a-f]{64}")) {
                s.error(i.node(), s.shown("signer-cert-sm3") + ": '" + i.text() + "' is not an SM3 certificate print;"
                        + " write the 64 hex digits of 'signer SM3 print' in a gmgw acl verify report");
            } else {
                prints.add(h);
            }
        }
        if (e != null && e.text().strip().equalsIgnoreCase("none") && !s.has("signer-subjects")
                && !s.has("signer-cert-sm3")) {
            s.error(e.node(), s.shown("signer-eku") + ": with none, anyone your CAs certified could sign ACLs; keep "
                    + "acl-signing, or add signer-subjects or signer-cert-sm3");
        }
        Optional<Path> log = Optional.ofNullable(ConfigFiles.path(s, "log", true));
        s.finish();
        return new AclTrustSettings(trust, crls, eku, subjects, prints, log);
    }

    static ControlSettings control(Section s) {
        Path socket = ConfigFiles.path(s, "socket", false);
        s.finish();
        return new ControlSettings(socket);
    }

    static DataPlaneSettings dataPlane(Section s) {
        DataPlaneSettings.Mode mode = DataPlaneSettings.Mode.valueOf(s.defaultOf("mode").toUpperCase(Locale.ROOT));
        Section.Item m = s.item("mode");
        if (m != null) {
            String c = Values.choice(s, "mode", m, List.of("tun", "responder"), "a data plane");
            if (c != null) {
                mode = DataPlaneSettings.Mode.valueOf(c.toUpperCase(Locale.ROOT));
            }
        }
        String device = s.string("device");
        if (device == null || !INTERFACE.matcher(device).matches() || device.equals(".") || device.equals("..")) {
            if (device != null) {
                s.error("device", "'" + device + "' is not a Linux interface name; write at most 15 letters, digits, "
                        + "'-', '_' or '.', such as gmgw0");
            }
            device = s.defaultOf("device");
        }
        s.finish();
        return new DataPlaneSettings(mode, device);
    }

    static AuditSettings audit(Section s) {
        Duration interval = s.duration("drop-sample-interval", Duration.ofSeconds(1), null).orElseThrow();
        s.finish();
        return new AuditSettings(interval);
    }
}
