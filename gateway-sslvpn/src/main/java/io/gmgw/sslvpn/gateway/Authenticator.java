package io.gmgw.sslvpn.gateway;

/**
 * Decides one login request. The certificate login ({@link CertificateAuthenticator}) completes in one round trip;
 * a second factor (the dynamic-token issue) wraps it and answers the first request with a
 * {@link AuthOutcome.Challenge} form instead. Runs on the connection's event loop: it must not block.
 */
@FunctionalInterface
public interface Authenticator {
    AuthOutcome authenticate(AuthAttempt attempt);
}
