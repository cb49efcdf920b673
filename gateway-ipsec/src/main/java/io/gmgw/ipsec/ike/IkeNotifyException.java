package io.gmgw.ipsec.ike;

/**
 * An IKE exchange refused a message: carries the RFC 2408 §3.14.1 notify type to answer with (or to report, when the
 * failure is ours), and a message saying what was wrong and where.
 */
public final class IkeNotifyException extends RuntimeException {
    private final int notifyType;

    public IkeNotifyException(int notifyType, String message) {
        super(message);
        this.notifyType = notifyType;
    }

    /** The notify message type ({@code io.gmgw.ipsec.isakmp.NotifyType}). */
    public int notifyType() {
        return notifyType;
    }
}
