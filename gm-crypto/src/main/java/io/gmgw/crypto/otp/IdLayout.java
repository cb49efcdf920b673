package io.gmgw.crypto.otp;

/**
 * How ID = T ‖ C ‖ Q is written when a token does not use every factor. Public sources disagree (see docs/otp.md,
 * "Where sources disagree"); both agree for time-based tokens and for tokens that use T and C.
 */
public enum IdLayout {
    /**
     * A factor the token does not use is left out: an event-only ID is C ‖ 12 zero bytes. This is what the
     * reproductions of the standard's appendix code do (SM3_DPasswd / SM4_DPasswd take each factor as an optional
     * pointer), so it is the default.
     */
    OMIT_ABSENT("omit-absent"),
    /**
     * T and C are always written (zero when unused) and Q only when present: an event-only ID is 8 zero bytes ‖ C ‖
     * 4 zero bytes. CnPack's TCnDynamicToken does this; some token vendors may too.
     */
    TIME_AND_EVENT_ALWAYS("time-and-event-always");

    private final String id;

    IdLayout(String id) {
        this.id = id;
    }

    /** The name in configuration and seed files. */
    public String id() {
        return id;
    }

    /** The layout named {@code id}. */
    public static IdLayout of(String id) {
        for (IdLayout l : values()) {
            if (l.id.equalsIgnoreCase(id)) {
                return l;
            }
        }
        throw new IllegalArgumentException("unknown ID layout '" + id + "': use omit-absent or time-and-event-always");
    }
}
