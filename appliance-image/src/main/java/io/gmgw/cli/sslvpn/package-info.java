/** {@code gmgw sslvpn}: run the SSL VPN gateway from its configuration file. */
package io.gmgw.cli.sslvpn;
