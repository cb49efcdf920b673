package io.gmgw.crypto.selftest;

import io.gmgw.crypto.sm2.Sm2;
import io.gmgw.crypto.sm3.Sm3;
import io.gmgw.crypto.sm4.Sm4;
import java.security.SecureRandom;

/**
 * What a self-test exercises: the module's algorithms and its random bit generator, as the module serves them while
 * its self-tests run. {@link io.gmgw.crypto.CryptoModule} is the implementation; the self-tests take this interface so
 * that they do not depend on the package of the module that runs them.
 */
public interface ModuleUnderTest {
    Sm2 sm2();

    Sm3 sm3();

    Sm4 sm4();

    SecureRandom random();
}
