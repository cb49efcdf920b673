package io.gmgw.crypto.core;

import java.security.SecureRandom;
import java.time.Clock;

/**
 * What the algorithms inside the cryptographic module (SM2, SM3, SM4 and the random bit generator) need of the module
 * around them: the state guard every operation passes first, the error state a failed conditional test enters, the
 * module's clock and its random bit generator. {@link io.gmgw.crypto.CryptoModule} is the implementation; the
 * algorithms take this interface so that they do not depend on the package that builds them.
 */
public interface ModuleContext {
    /**
     * Guard called at the start of every cryptographic operation: passes in {@link ModuleState#APPROVED} and while
     * the self-tests run, throws {@link CryptoModuleErrorException} otherwise.
     */
    void check();

    /**
     * Puts the module in {@link ModuleState#ERROR} for good (GB/T 37092): called by the conditional tests (pairwise
     * consistency of a new key pair, the health tests of the random bit generator) when they fail. Idempotent: the
     * first reason is kept.
     */
    void enterError(String reason);

    /** Why the module is in {@link ModuleState#ERROR}: the first reason it was given; null in any other state. */
    String errorReason();

    /** The module's clock (the random bit generator's time-triggered reseeds). */
    Clock clock();

    /** The module's random bit generator; every draw checks the state. */
    SecureRandom random();
}
