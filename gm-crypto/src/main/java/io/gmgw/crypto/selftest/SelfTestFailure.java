package io.gmgw.crypto.selftest;

/** A self-test did not produce its expected result. */
public final class SelfTestFailure extends Exception {
    private static final long serialVersionUID = 1L;

    public SelfTestFailure(String message) {
        super(message);
    }

    public SelfTestFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
