package io.gmgw.sslvpn.gateway;

import java.util.Map;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * Derives the user and the group from a client certificate as ocserv's {@code cert-user-oid} and
 * {@code cert-group-oid} do (cstp.md §12): the user from one subject attribute (CN by default), the group from a
 * per-user entry in the configuration, else from another attribute (OU by default), else the default group.
 */
public final class IdentityMapper {
    private final ASN1ObjectIdentifier userAttribute;
    private final ASN1ObjectIdentifier groupAttribute;
    private final Map<String, String> userGroups;
    private final String defaultGroup;

    public IdentityMapper(GatewaySettings settings) {
        this.userAttribute = new ASN1ObjectIdentifier(settings.userAttribute());
        this.groupAttribute = new ASN1ObjectIdentifier(settings.groupAttribute());
        this.userGroups = Map.copyOf(settings.userGroups());
        this.defaultGroup = settings.defaultGroup();
    }

    public Identity map(X509CertificateHolder certificate) throws LoginRefusedException {
        Objects.requireNonNull(certificate, "certificate");
        X500Name subject = certificate.getSubject();
        String user = first(subject, userAttribute);
        if (user == null || user.isBlank()) {
            throw new LoginRefusedException("the client certificate's subject '" + subject + "' has no attribute "
                    + userAttribute.getId() + " to take the user name from");
        }
        String group = userGroups.get(user);
        if (group == null) {
            group = first(subject, groupAttribute);
        }
        if (group == null || group.isBlank()) {
            group = defaultGroup;
        }
        if (group == null || group.isBlank()) {
            throw new LoginRefusedException("no group for user '" + user + "': the certificate has no attribute "
                    + groupAttribute.getId() + ", the configuration names none for this user and no default group");
        }
        return new Identity(user, group, subject.toString(), certificate.getSerialNumber().toString(16),
                certificate.getIssuer().toString());
    }

    private static String first(X500Name name, ASN1ObjectIdentifier oid) {
        RDN[] rdns = name.getRDNs(oid);
        if (rdns.length == 0) {
            return null;
        }
        return IETFUtils.valueToString(rdns[0].getFirst().getValue()).strip();
    }
}
