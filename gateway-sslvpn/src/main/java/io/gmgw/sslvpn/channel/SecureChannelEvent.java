package io.gmgw.sslvpn.channel;

/**
 * Fired down the pipeline once when the secure channel's handshake ends, for TLCP and TLS alike: with the session
 * (also set as {@link SecureSession#ATTRIBUTE}), or with the failure (the channel is closing).
 */
public record SecureChannelEvent(SecureSession session, Throwable cause) {
    public static SecureChannelEvent established(SecureSession session) {
        return new SecureChannelEvent(session, null);
    }

    public static SecureChannelEvent failed(Throwable cause) {
        return new SecureChannelEvent(null, cause);
    }

    public boolean isSuccess() {
        return cause == null;
    }
}
