package io.gmgw.crypto.pki;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.util.IPAddress;

/**
 * Host names for the subjectAltName extension (RFC 5280 §4.2.1.6): an IPv4 or IPv6 literal becomes an iPAddress
 * name, anything else must be a DNS name in preferred name syntax (RFC 1034 §3.5, letters-digits-hyphens, RFC 5280
 * §4.2.1.6), optionally with a leading {@code *.} wildcard label.
 */
final class SubjectAltNames {
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private SubjectAltNames() {
    }

    static GeneralNames of(List<String> hosts) {
        GeneralName[] names = new GeneralName[hosts.size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = name(hosts.get(i));
        }
        return new GeneralNames(names);
    }

    private static GeneralName name(String host) {
        if (IPAddress.isValid(host)) {
            return new GeneralName(GeneralName.iPAddress, host);
        }
        String dns = host.toLowerCase(Locale.ROOT);
        if (dns.length() > 253 || dns.endsWith(".")) {
            throw new IllegalArgumentException("'" + host + "' is not a DNS name for a certificate (too long or "
                    + "ending in a dot)");
        }
        String[] labels = dns.split("\\.", -1);
        for (int i = 0; i < labels.length; i++) {
            boolean wildcard = i == 0 && labels.length > 2 && labels[i].equals("*");
            if (!wildcard && !LABEL.matcher(labels[i]).matches()) {
                throw new IllegalArgumentException("'" + host + "' is not a DNS name for a certificate: label '"
                        + labels[i] + "' must be 1-63 letters, digits or inner hyphens (RFC 1034 §3.5)");
            }
        }
        return new GeneralName(GeneralName.dNSName, dns);
    }
}
