package io.gmgw.sslvpn.tlcp;

/** Whether a server asks for client certificates: never, asks but accepts none (ECC suites), or requires them. */
public enum ClientAuth {
    NONE, WANT, NEED
}
