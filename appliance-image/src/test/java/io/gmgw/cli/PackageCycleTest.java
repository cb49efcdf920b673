package io.gmgw.cli;

import io.gmgw.testing.PackageCycles;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The launcher's packages form no cycle (the command groups use the launcher's core; the core names them only in
 * Gmgw's subcommand list). cli and cli.demo used each other until DemoCommand moved to its steps.
 */
class PackageCycleTest {
    @Test
    void noCycle() {
        PackageCycles.assertNoCyclesBeyond(PackageCycles.classesOf(Launcher.class), "io.gmgw", List.of());
    }
}
