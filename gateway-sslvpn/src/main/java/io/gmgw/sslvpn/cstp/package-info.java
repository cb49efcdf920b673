/**
 * The OpenConnect/AnyConnect tunnel protocol (CSTP) shared by the gateway and the client: frames and their codec.
 * Wire facts follow openconnect 9.01 and ocserv 1.1.6 as they run, and the IETF draft
 * (draft-mavrogiannopoulos-openconnect) where they agree with it.
 */
package io.gmgw.sslvpn.cstp;
