package io.gmgw.crypto.core;

/** Thrown by every cryptographic call while the module is not approved (self-tests not run, or failed). */
public final class CryptoModuleErrorException extends GmCryptoException {
    private static final long serialVersionUID = 1L;

    private final ModuleState state;

    public CryptoModuleErrorException(ModuleState state, String message) {
        super(message);
        this.state = state;
    }

    public ModuleState state() {
        return state;
    }

    /**
     * Refusal by a module in {@link ModuleState#ERROR}: what put it there, what is refused, and that only a restart
     * of the process leads out (GB/T 37092: the error state is permanent).
     *
     * @param refused what the caller cannot have, e.g. "no cryptographic service"
     */
    public static CryptoModuleErrorException inErrorState(String reason, String refused) {
        return new CryptoModuleErrorException(ModuleState.ERROR, "cryptographic module is in its error state ("
                + reason + "), which lasts until the process ends: " + refused
                + " until gmgw is restarted and its self-tests pass");
    }
}
