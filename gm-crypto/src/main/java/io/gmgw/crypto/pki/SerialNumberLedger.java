package io.gmgw.crypto.pki;

import java.math.BigInteger;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a CA records the serial numbers it has used: RFC 5280 §4.1.2.2 requires them unique per CA. Random 127-bit
 * serials make a collision improbable; the ledger makes it impossible. The {@code gmgw pki} command keeps a persistent
 * ledger beside the CA key; the in-memory one is for a CA that lives in one process (tests, the demo).
 */
@FunctionalInterface
public interface SerialNumberLedger {
    /** Records {@code serial} as used; false when it was already used. Must be thread-safe. */
    boolean claim(BigInteger serial);

    /** A ledger held in memory, empty at start. */
    static SerialNumberLedger inMemory() {
        Set<BigInteger> used = ConcurrentHashMap.newKeySet();
        return used::add;
    }
}
