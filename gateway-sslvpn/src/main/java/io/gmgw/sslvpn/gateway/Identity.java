package io.gmgw.sslvpn.gateway;

import io.gmgw.gateway.policy.LoginPolicy;
import java.util.Objects;

/**
 * Who logged in: the user and group names the gateway derived, the certificate shown (subject, serial in hex, issuer;
 * empty for a password login without one), how the login was proved ({@link LoginPolicy}) and the serial of the
 * dynamic token whose password it took ({@code token}, empty when none). A cookie issued to an identity is refused on
 * a connection that shows another certificate ({@link #certificateKey()}), even one of the same user, so the
 * dynamic password is never asked again on CONNECT: the cookie carries it.
 */
public record Identity(String user, String group, String subject, String serialHex, String issuer, LoginPolicy login,
        String token) {
    public Identity {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(serialHex, "serialHex");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(login, "login");
        Objects.requireNonNull(token, "token");
    }

    /** A certificate login (no dynamic password). */
    public Identity(String user, String group, String subject, String serialHex, String issuer) {
        this(user, group, subject, serialHex, issuer, LoginPolicy.CERTIFICATE, "");
    }

    /** The same identity, proved also (or only) by the dynamic password of {@code tokenSerial}. */
    public Identity withPassword(LoginPolicy how, String tokenSerial) {
        return new Identity(user, group, subject, serialHex, issuer, how, tokenSerial);
    }

    /** Whether a certificate was shown at login. */
    public boolean hasCertificate() {
        return !subject.isEmpty();
    }

    /**
     * The certificate the login connection showed (subject, serial and issuer; a reissued certificate is another), or
     * "" when it showed none: what a CONNECT's connection must show to use the cookie.
     */
    public String certificateKey() {
        return hasCertificate() ? subject + "|" + serialHex + "|" + issuer : "";
    }

    /**
     * Who this is for the per-identity bounds and the predictable address: the certificate, or for a password login
     * (the user named in the form) the user with the certificate shown, if any.
     */
    public String key() {
        return login == LoginPolicy.PASSWORD ? "password|" + user + "|" + certificateKey() : certificateKey();
    }

    /** The {@link #certificateKey()} of whoever holds {@code certificate}, without mapping a user or group. */
    public static String keyOf(org.bouncycastle.cert.X509CertificateHolder certificate) {
        return certificate.getSubject() + "|" + certificate.getSerialNumber().toString(16) + "|"
                + certificate.getIssuer();
    }
}
