package io.gmgw.crypto;

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
}
