package io.gmgw.sslvpn.gateway;

import io.gmgw.sslvpn.channel.SecureSession;
import io.gmgw.sslvpn.cstp.auth.ConfigAuthRequest;
import java.net.InetAddress;
import java.util.Optional;

/**
 * One login request as an {@link Authenticator} sees it.
 *
 * @param source         the client's address
 * @param channel        the secure channel it came on (the peer certificate, protocol, suite)
 * @param path           the request path ({@code /}, {@code /auth}, a group path)
 * @param pathGroup      the group the path names, empty for the generic paths
 * @param message        the parsed {@code config-auth} body
 * @param context        the {@code webvpncontext} cookie of a login in progress (a form step), empty on a first request
 */
public record AuthAttempt(InetAddress source, SecureSession channel, String path, Optional<String> pathGroup,
        ConfigAuthRequest message, Optional<String> context) {
}
