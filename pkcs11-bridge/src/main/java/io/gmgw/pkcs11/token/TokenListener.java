package io.gmgw.pkcs11.token;

/** Receives token removal and insertion events; called on the thread that noticed the change, so it must not block. */
@FunctionalInterface
public interface TokenListener {
    void onTokenEvent(TokenEvent event);
}
