package io.gmgw.pkcs11;

import io.gmgw.crypto.core.GmCryptoException;
import java.util.Locale;

/**
 * A PKCS#11 function returned an error: names the function, the code and what to do. Codes that concern the PIN,
 * the token's presence or a lock have their own meaning to callers ({@link #isPinProblem()}, {@link #isTokenGone()}).
 */
public class Pkcs11Exception extends GmCryptoException {
    private static final long serialVersionUID = 1L;

    private final String function;
    private final long code;

    public Pkcs11Exception(String function, long code) {
        this(function, code, null);
    }

    /** {@code context} says which token or key was involved (never a PIN). */
    public Pkcs11Exception(String function, long code, String context) {
        super(function + " failed: " + CkRv.name(code) + " (0x" + Long.toHexString(code).toUpperCase(Locale.ROOT)
                + ")" + (context == null ? "" : " on " + context) + adviceSuffix(code));
        this.function = function;
        this.code = code;
    }

    protected Pkcs11Exception(String function, long code, String message, boolean custom) {
        super(message);
        this.function = function;
        this.code = code;
    }

    /**
     * The module broke the PKCS#11 contract (a length past any sensible bound, more data than the buffer it was
     * given): reported as CKR_GENERAL_ERROR with {@code message} saying what it did.
     */
    public static Pkcs11Exception moduleFault(String function, String message) {
        return new Pkcs11Exception(function, CkRv.GENERAL_ERROR, function + " failed: " + message, true);
    }

    private static String adviceSuffix(long code) {
        String a = CkRv.advice(code);
        return a.isEmpty() ? "" : ": " + a;
    }

    public String function() {
        return function;
    }

    public long code() {
        return code;
    }

    public boolean isPinProblem() {
        return code == CkRv.PIN_INCORRECT || code == CkRv.PIN_LOCKED || code == CkRv.PIN_INVALID
                || code == CkRv.PIN_LEN_RANGE || code == CkRv.PIN_EXPIRED;
    }

    /** The token or its sessions are gone: removal, re-insertion, or a module restart. */
    public boolean isTokenGone() {
        return code == CkRv.DEVICE_REMOVED || code == CkRv.TOKEN_NOT_PRESENT || code == CkRv.SESSION_HANDLE_INVALID
                || code == CkRv.SESSION_CLOSED || code == CkRv.KEY_HANDLE_INVALID
                || code == CkRv.OBJECT_HANDLE_INVALID;
    }
}
