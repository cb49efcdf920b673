package io.gmgw.cli.demo;

import io.gmgw.crypto.selftest.SelfTestReport;

/**
 * Reports the power-on self-tests. They have already run and passed by the time the steps run (the demo asks the
 * launcher for an approved module first), so this step only says so.
 */
final class SelfTestSummaryStep implements DemoStep {
    @Override
    public String name() {
        return "self-tests";
    }

    @Override
    public String run(DemoContext context) {
        SelfTestReport report = context.module().lastSelfTestReport();
        String names = String.join(", ", report.results().stream().map(SelfTestReport.Result::name).toList());
        return "passed " + report.results().size() + " power-on self-tests (" + names + ")";
    }
}
