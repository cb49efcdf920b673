package io.gmgw.crypto.core;

/**
 * The states of gmgw's cryptographic module, after GB/T 37092-2018 §6.x (module states): a module runs its
 * power-on self-tests before it serves, and any self-test failure leaves it in an error state from which only a
 * restart leads out.
 */
public enum ModuleState {
    /** Created, self-tests not yet run: no cryptographic service. */
    POWER_ON,
    /** Self-tests running: only the self-tests themselves use the primitives. */
    SELF_TEST,
    /** Self-tests passed: approved services available. */
    APPROVED,
    /** A self-test or a conditional test failed: every cryptographic call is refused until restart. */
    ERROR
}
