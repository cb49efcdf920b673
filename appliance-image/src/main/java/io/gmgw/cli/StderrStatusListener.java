package io.gmgw.cli;

import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusListener;

/**
 * Logback's warnings and errors about itself (an unwritable log directory, a typo in logback.xml), one line each on
 * stderr. Named in conf/logback.xml: without a status listener Logback prints its whole status to stdout, which
 * carries command output such as JSON; with Logback's own console listeners it prints every INFO line too.
 */
public final class StderrStatusListener implements StatusListener {
    @Override
    public void addStatusEvent(Status status) {
        if (status.getLevel() < Status.WARN) {
            return;
        }
        Throwable cause = status.getThrowable();
        System.err.println("logback " + (status.getLevel() == Status.ERROR ? "error" : "warning") + ": "
                + status.getMessage() + (cause == null ? "" : " (" + cause + ")"));
    }
}
