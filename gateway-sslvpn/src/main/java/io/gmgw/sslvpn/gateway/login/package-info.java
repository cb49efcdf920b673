/**
 * The login policy of each group (certificate, dynamic password, or both; issue 16) over the gateway's XML auth
 * exchange: {@link io.gmgw.sslvpn.gateway.login.PolicyAuthenticator} with its password forms in ocserv's shape, the
 * logins waiting for a form ({@link io.gmgw.sslvpn.gateway.login.PendingLogins}) and the dynamic-password check over
 * gateway-core's token store ({@link io.gmgw.sslvpn.gateway.login.StoredTokenPasswords}).
 */
package io.gmgw.sslvpn.gateway.login;
