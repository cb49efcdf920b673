package io.gmgw.acl;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.acl.format.AclDocument;
import io.gmgw.testing.PackageCycles;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * No cycle among acl-integrity's packages (acl.sign and acl.log used each other until acl.sign asked the chain only
 * through its {@code AclHistory} interface).
 */
class PackageCycleTest {
    @Test
    void theAclPackagesFormNoCycle() {
        Path classes = PackageCycles.classesOf(AclDocument.class);
        Map<String, Set<String>> uses = PackageCycles.dependencies(classes, "io.gmgw.acl");
        // The listing was read: the packages and an edge every version of the module has.
        assertTrue(uses.keySet().containsAll(List.of("io.gmgw.acl.format", "io.gmgw.acl.sign", "io.gmgw.acl.log",
                "io.gmgw.acl.live")), uses::toString);
        assertTrue(uses.get("io.gmgw.acl.log").contains("io.gmgw.acl.sign"), uses::toString);
        PackageCycles.assertNoCyclesBeyond(classes, "io.gmgw", List.of());
    }
}
