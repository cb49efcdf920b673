package io.gmgw.sslvpn.gateway;

import java.util.Optional;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * Certificate login as ocserv's {@code auth = "certificate"} (cstp.md §2.5): the secure channel already verified the
 * client certificate (chain, usage, validity, revocation), so the first {@code init} is the whole login. A group the
 * client asks for (openconnect's {@code --authgroup}, or the URL path) must be the one its certificate maps to.
 */
public final class CertificateAuthenticator implements Authenticator {
    private final IdentityMapper mapper;
    private final GroupPolicies policies;

    public CertificateAuthenticator(IdentityMapper mapper, GroupPolicies policies) {
        this.mapper = mapper;
        this.policies = policies;
    }

    @Override
    public AuthOutcome authenticate(AuthAttempt attempt) {
        Optional<X509CertificateHolder> cert = attempt.channel().peerIdentity();
        if (cert.isEmpty()) {
            return new AuthOutcome.Refused("no client certificate" + (attempt.message().certFailed()
                    ? " (the client said it has none)" : ""));
        }
        Identity identity;
        try {
            identity = mapper.map(cert.get());
        } catch (LoginRefusedException e) {
            return new AuthOutcome.Refused(e.getMessage());
        }
        if (policies.find(identity.group()).isEmpty()) {
            return new AuthOutcome.Refused("user '" + identity.user() + "' maps to group '" + identity.group()
                    + "', which is not configured");
        }
        String asked = attempt.message().groupSelect().isEmpty()
                ? attempt.pathGroup().orElse("") : attempt.message().groupSelect();
        if (!asked.isEmpty() && !asked.equals(identity.group())) {
            // The asked group is the client's text: filtered before it reaches a log line or an audit record.
            return new AuthOutcome.Refused("user '" + identity.user() + "' asked for group '"
                    + PeerText.printable(asked) + "' but belongs to '" + identity.group() + "'");
        }
        return new AuthOutcome.Authenticated(identity);
    }
}
