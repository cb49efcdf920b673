package io.gmgw.cli.demo;

import java.io.IOException;

/**
 * One step of {@code gmgw demo}. A step must be safe to run again: it does its work only when the result is missing
 * and otherwise keeps what is there. To add one, implement this and list it in {@link DemoSteps#all()}.
 */
public interface DemoStep {
    /** Short name shown before the outcome, for example {@code directory} or {@code pki}. */
    String name();

    /**
     * Does the step, or nothing when its result already exists.
     *
     * @return one line saying what it did ("created ...") or kept ("... already there, kept")
     * @throws io.gmgw.cli.CommandFailedException with a documented exit code when the step cannot be done
     */
    String run(DemoContext context) throws IOException;
}
