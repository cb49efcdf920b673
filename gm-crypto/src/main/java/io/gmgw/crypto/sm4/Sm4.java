package io.gmgw.crypto.sm4;

import io.gmgw.crypto.CryptoModule;
import java.util.Objects;

/** SM4 (GB/T 32907-2016) and its modes; obtained from {@link CryptoModule#sm4()}. */
public final class Sm4 {
    public static final int BLOCK_LENGTH = 16;
    public static final int KEY_LENGTH = 16;

    private final CryptoModule module;

    public Sm4(CryptoModule module) {
        this.module = Objects.requireNonNull(module, "module");
    }

    CryptoModule module() {
        return module;
    }
}
