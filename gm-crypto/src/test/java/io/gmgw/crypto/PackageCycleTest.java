package io.gmgw.crypto;

import io.gmgw.testing.PackageCycles;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * gm-crypto's packages form no cycle at all. The algorithm packages (sm2, sm3, sm4, random) take a
 * {@link io.gmgw.crypto.core.ModuleContext} and throw the exceptions of io.gmgw.crypto.core instead of using
 * CryptoModule's package, which builds them; the self-tests take a {@link io.gmgw.crypto.selftest.ModuleUnderTest}
 * and hold the SM2 known-answer tests themselves. crypto.key and crypto.pki used each other until the issuers asked
 * for an {@link io.gmgw.crypto.sm2.Sm2Signer} instead of a key handle.
 */
class PackageCycleTest {
    private static final List<Set<String>> KNOWN = List.of();

    @Test
    void noCycle() {
        PackageCycles.assertNoCyclesBeyond(PackageCycles.classesOf(CryptoModule.class), "io.gmgw", KNOWN);
    }
}
