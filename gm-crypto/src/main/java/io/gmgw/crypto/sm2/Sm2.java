package io.gmgw.crypto.sm2;

import io.gmgw.crypto.CryptoModule;
import java.util.Objects;

/** SM2 (GB/T 32918-2016); obtained from {@link CryptoModule#sm2()}. */
public final class Sm2 {
    private final CryptoModule module;

    public Sm2(CryptoModule module) {
        this.module = Objects.requireNonNull(module, "module");
    }
}
