package io.gmgw.sslvpn.gateway;

/**
 * A login the gateway refuses: no certificate, no user name in it, an unknown or forbidden group. The message is the
 * reason written to the audit log and the {@code cstp} log; the client only learns "401".
 */
public final class LoginRefusedException extends Exception {
    public LoginRefusedException(String message) {
        super(message);
    }
}
