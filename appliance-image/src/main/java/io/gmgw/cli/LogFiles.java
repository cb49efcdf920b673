package io.gmgw.cli;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.FileAppender;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/** Where a logger's events end up on disk, so a failure message can tell the operator where to look. */
final class LogFiles {
    private LogFiles() {
    }

    /**
     * The file of the first file appender that receives the events of {@code loggerName} (its own appenders, then
     * its ancestors' while additive), or empty when they go to no file or SLF4J is not bound to Logback.
     */
    static Optional<Path> of(String loggerName) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return Optional.empty();
        }
        String name = loggerName;
        while (true) {
            Logger logger = context.exists(name);
            if (logger != null) {
                for (Iterator<Appender<ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext(); ) {
                    if (it.next() instanceof FileAppender<ILoggingEvent> file && file.isStarted()) {
                        return Optional.of(Path.of(file.getFile()).toAbsolutePath());
                    }
                }
                if (!logger.isAdditive()) {
                    return Optional.empty();
                }
            }
            if (name.equals(org.slf4j.Logger.ROOT_LOGGER_NAME)) {
                return Optional.empty();
            }
            int dot = name.lastIndexOf('.');
            name = dot < 0 ? org.slf4j.Logger.ROOT_LOGGER_NAME : name.substring(0, dot);
        }
    }
}
