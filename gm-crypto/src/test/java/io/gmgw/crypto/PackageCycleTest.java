package io.gmgw.crypto;

import io.gmgw.testing.PackageCycles;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * gm-crypto's packages form no cycle beyond the one it still has: the module root (CryptoModule, which builds the
 * algorithms and runs the self-tests) and the algorithm and self-test packages (which take the module to check its
 * state and draw randomness). crypto.key and crypto.pki used each other until the issuers asked for an
 * {@link io.gmgw.crypto.sm2.Sm2Signer} instead of a key handle.
 */
class PackageCycleTest {
    private static final List<Set<String>> KNOWN = List.of(Set.of("io.gmgw.crypto", "io.gmgw.crypto.random",
            "io.gmgw.crypto.selftest", "io.gmgw.crypto.sm2", "io.gmgw.crypto.sm3", "io.gmgw.crypto.sm4"));

    @Test
    void noCycleBeyondTheModuleCore() {
        PackageCycles.assertNoCyclesBeyond(PackageCycles.classesOf(CryptoModule.class), "io.gmgw", KNOWN);
    }
}
