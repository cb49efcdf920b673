package io.gmgw.ipsec.manager;

import io.gmgw.audit.Audit;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.ipsec.esp.EspEvent;
import io.gmgw.ipsec.esp.EspSaSettings;
import io.gmgw.ipsec.esp.EspSaTable;
import java.security.SecureRandom;
import java.util.function.Consumer;

/**
 * What every peer of one SA manager shares: the data plane's SA table and settings, the crypto module for the GM
 * ESP transforms (null for the standard profile only), randomness (cookies, SPIs, nonces, rekey jitter), the audit
 * emitter and where the ESP SAs report their sequence-space events.
 */
record SaEnvironment(EspSaTable table, EspSaSettings settings, CryptoModule module, SecureRandom random, Audit audit,
        Consumer<EspEvent> espEvents) {
}
