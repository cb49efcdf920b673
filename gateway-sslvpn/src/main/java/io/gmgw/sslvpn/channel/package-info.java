/**
 * The secure channel under the tunnel, whichever protocol carries it: {@link io.gmgw.sslvpn.channel.SecureSession}
 * (what an established TLCP or TLS channel tells the layer above) and the event that announces it. The tunnel layer
 * depends on this package, never on {@code tlcp} or the TLS handler directly.
 */
package io.gmgw.sslvpn.channel;
