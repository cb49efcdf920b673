package io.gmgw.cli.connect;

import io.gmgw.crypto.key.KeyHandle;
import io.gmgw.pkcs11.key.Pkcs11KeyHandle;
import io.gmgw.pkcs11.token.Pkcs11Module;
import io.gmgw.pkcs11.token.TokenEvent;
import io.gmgw.pkcs11.token.TokenListener;
import java.util.function.Consumer;

/**
 * Ends the VPN session when the smart key holding the client's keys is pulled out, as the gateway asks with
 * {@code X-CSTP-Smartcard-Removal-Disconnect: true}. The protocols never see PKCS#11: the command wires pkcs11-bridge's
 * presence monitor (the module's {@link TokenListener}) to the client's disconnect. Keys that are not on a token are
 * not watched. Events arrive on the monitor's thread; {@code onRemoval} must not block.
 */
final class TokenRemovalWatch implements AutoCloseable {
    private final Pkcs11Module module;
    private final TokenListener listener;

    private TokenRemovalWatch(Pkcs11Module module, TokenListener listener) {
        this.module = module;
        this.listener = listener;
    }

    /** Watches the token of {@code key}, or returns null when the key is not a token key. */
    static TokenRemovalWatch of(KeyHandle key, Consumer<String> onRemoval) {
        if (!(key instanceof Pkcs11KeyHandle p)) {
            return null;
        }
        String token = p.tokenDescription();
        TokenListener l = event -> {
            // the module monitors only the tokens in use, and the client uses its own keys' token alone
            if (event.kind() == TokenEvent.Kind.REMOVED) {
                onRemoval.accept("the smart key was removed (" + token + ")");
            }
        };
        p.module().addListener(l);
        return new TokenRemovalWatch(p.module(), l);
    }

    @Override
    public void close() {
        module.removeListener(listener);
    }
}
