package io.gmgw.pkcs11;

import io.gmgw.testing.PackageCycles;
import java.util.List;
import org.junit.jupiter.api.Test;

/** pkcs11-bridge's packages form no cycle. */
class PackageCycleTest {
    @Test
    void noCycle() {
        PackageCycles.assertNoCyclesBeyond(PackageCycles.classesOf(Pkcs11Library.class), "io.gmgw", List.of());
    }
}
