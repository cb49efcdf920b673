package io.gmgw.cli.demo;

import java.util.List;

/** The steps of {@code gmgw demo}, in the order they run. Add a step here: one line. */
public final class DemoSteps {
    private DemoSteps() {
    }

    public static List<DemoStep> all() {
        return List.of(
                new SelfTestSummaryStep(),
                new DemoDirectoryStep(),
                new PkiDemoStep());
    }
}
