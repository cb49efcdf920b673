package io.gmgw.crypto.random;

import io.gmgw.crypto.CryptoModule;
import java.security.SecureRandom;

/** Builds the module's random bit generator. (Interim: the SM3 Hash_DRBG replaces these sources.) */
public final class Drbgs {
    private Drbgs() {
    }

    public static SecureRandom production(CryptoModule module) {
        return new Guarded(module, new SecureRandom());
    }

    public static SecureRandom deterministic(CryptoModule module, byte[] seed) {
        try {
            SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
            r.setSeed(seed);
            return new Guarded(module, r);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class Guarded extends SecureRandom {
        private static final long serialVersionUID = 1L;
        private final transient CryptoModule module;
        private final SecureRandom delegate;

        Guarded(CryptoModule module, SecureRandom delegate) {
            this.module = module;
            this.delegate = delegate;
        }

        @Override
        public void nextBytes(byte[] bytes) {
            module.check();
            delegate.nextBytes(bytes);
        }
    }
}
