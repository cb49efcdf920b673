package io.gmgw.sslvpn.gateway;

import java.util.Objects;

/**
 * Who logged in: the user and group names the gateway derived, and the certificate that proved it (subject, serial in
 * hex, issuer). {@link #key()} names the certificate, so a cookie issued to it is refused on a connection that shows
 * another certificate, even one of the same user.
 */
public record Identity(String user, String group, String subject, String serialHex, String issuer) {
    public Identity {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(serialHex, "serialHex");
        Objects.requireNonNull(issuer, "issuer");
    }

    /** The certificate's identity: subject, serial and issuer (a reissued certificate is another identity). */
    public String key() {
        return subject + "|" + serialHex + "|" + issuer;
    }

    /** The {@link #key()} of whoever holds {@code certificate}, without mapping a user or group. */
    public static String keyOf(org.bouncycastle.cert.X509CertificateHolder certificate) {
        return certificate.getSubject() + "|" + certificate.getSerialNumber().toString(16) + "|"
                + certificate.getIssuer();
    }
}
