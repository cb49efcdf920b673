package io.gmgw.crypto;

import io.gmgw.testing.PackageCycles;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * gm-crypto's packages form no cycle beyond the one it still has: the module root (CryptoModule, which runs the
 * self-tests), the self-tests (which take the module) and sm2 (whose known-answer tests are self-tests). The algorithm
 * packages no longer take part: they take a {@link io.gmgw.crypto.core.ModuleContext} and throw the exceptions of
 * io.gmgw.crypto.core. crypto.key and crypto.pki used each other until the issuers asked for an
 * {@link io.gmgw.crypto.sm2.Sm2Signer} instead of a key handle.
 */
class PackageCycleTest {
    private static final List<Set<String>> KNOWN = List.of(Set.of("io.gmgw.crypto", "io.gmgw.crypto.selftest",
            "io.gmgw.crypto.sm2"));

    @Test
    void noCycleBeyondTheModuleCore() {
        PackageCycles.assertNoCyclesBeyond(PackageCycles.classesOf(CryptoModule.class), "io.gmgw", KNOWN);
    }
}
