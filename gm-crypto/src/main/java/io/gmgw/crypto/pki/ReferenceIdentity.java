package io.gmgw.crypto.pki;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.util.IPAddress;

/**
 * The name a client expects the server's certificate to carry (RFC 6125 §6 "reference identity"): an IP address or a
 * DNS name, told apart by syntax, and matched against the certificate's identifiers.
 * <ul>
 *   <li>An IP address (IPv4 dotted quad, or IPv6, brackets allowed) matches an iPAddress subjectAltName with the same
 *       octets (RFC 5280 §4.2.1.6), and nothing else: never a dNSName, never the common name (RFC 6125 §1.7.2 leaves
 *       IP addresses to RFC 5280's iPAddress).
 *   <li>A DNS name matches a dNSName subjectAltName, compared case-insensitively (ASCII; internationalised names as
 *       A-labels) and without a trailing dot. A wildcard is honoured only as the whole left-most label of the
 *       presented name ({@code *.example.com}), with at least two labels after it, and stands for exactly one
 *       non-empty label (RFC 6125 §6.4.3): it matches {@code vpn.example.com}, not {@code example.com} nor
 *       {@code a.b.example.com}. Only when the certificate has no dNSName at all is its subject common name compared
 *       the same way (RFC 6125 §6.4.4, for GM certificates that still carry the host name only there).
 * </ul>
 */
public final class ReferenceIdentity {
    private final String text;
    private final byte[] address;

    private ReferenceIdentity(String text, byte[] address) {
        this.text = text;
        this.address = address;
    }

    /**
     * The identity {@code host} names: an IP literal (IPv6 in brackets or not, without a zone) or a DNS name (a
     * trailing dot is dropped, case does not matter). Empty names are refused.
     */
    public static ReferenceIdentity of(String host) {
        Objects.requireNonNull(host, "host");
        String h = host.strip();
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (IPAddress.isValidIPv4(h) || IPAddress.isValidIPv6(h)) {
            try {
                // A literal: getByName parses it without asking DNS.
                byte[] octets = InetAddress.getByName(h).getAddress();
                return new ReferenceIdentity(IpAddressText.format(octets), octets);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("'" + host + "' is not an IP address: " + e.getMessage(), e);
            }
        }
        String dns = h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
        if (dns.isEmpty()) {
            throw new IllegalArgumentException("an empty host name cannot be checked against a certificate");
        }
        if (dns.indexOf('*') >= 0) {
            throw new IllegalArgumentException("'" + host + "' is a wildcard; the name to check is one host's name");
        }
        return new ReferenceIdentity(dns.toLowerCase(Locale.ROOT), null);
    }

    public boolean isIpAddress() {
        return address != null;
    }

    /** The name as compared: an IP address in RFC 5952 text form, or a lower-case DNS name. */
    public String name() {
        return text;
    }

    /** "IP address 127.0.0.1" or "DNS name vpn.example.com", for messages. */
    public String describe() {
        return (isIpAddress() ? "IP address " : "DNS name ") + text;
    }

    /** Whether {@code certificate} carries this identity, by the rules in the class comment. */
    public boolean matches(Sm2Certificate certificate) {
        if (isIpAddress()) {
            for (byte[] presented : certificate.ipAddressOctets()) {
                if (Arrays.equals(presented, address)) {
                    return true;
                }
            }
            return false;
        }
        List<String> names = certificate.dnsNames();
        if (names.isEmpty()) {
            for (var rdn : certificate.subject().getRDNs(BCStyle.CN)) {
                if (rdn.getFirst() != null && dnsMatches(rdn.getFirst().getValue().toString(), text)) {
                    return true;
                }
            }
            return false;
        }
        for (String n : names) {
            if (dnsMatches(n, text)) {
                return true;
            }
        }
        return false;
    }

    /** The identifiers a certificate presents, for an error message: "DNS [a, b], IP [192.0.2.1]". */
    public static String presentedBy(Sm2Certificate certificate) {
        String cn = "";
        if (certificate.dnsNames().isEmpty()) {
            var cns = certificate.subject().getRDNs(BCStyle.CN);
            cn = cns.length == 0 || cns[0].getFirst() == null ? ", no common name"
                    : ", common name " + cns[0].getFirst().getValue();
        }
        return "DNS " + certificate.dnsNames() + ", IP " + certificate.ipAddresses() + cn;
    }

    static boolean dnsMatches(String presented, String reference) {
        String p = presented.toLowerCase(Locale.ROOT);
        if (p.endsWith(".")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.isEmpty() || IPAddress.isValid(p)) {
            return false;
        }
        if (!p.startsWith("*.")) {
            return p.equals(reference);
        }
        String suffix = p.substring(1); // ".example.com"
        if (suffix.indexOf('*') >= 0 || suffix.chars().filter(c -> c == '.').count() < 2) {
            return false;
        }
        int dot = reference.indexOf('.');
        return dot > 0 && reference.substring(dot).equals(suffix);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReferenceIdentity r && r.text.equals(text) && Arrays.equals(r.address, address);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
