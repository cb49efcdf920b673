package io.gmgw.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * What {@code --verbose} does to logging: lowers the root and every configured logger to DEBUG ({@code -v}) or
 * TRACE ({@code -vv}) for one run, then puts the configured levels back. Loggers set to OFF stay off. A no-op when
 * SLF4J is not bound to Logback.
 */
final class LogLevels {
    private final Map<Logger, Level> configured = new LinkedHashMap<>();

    void raise(int verbosity) {
        if (verbosity <= 0 || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        Level target = verbosity == 1 ? Level.DEBUG : Level.TRACE;
        for (Logger logger : context.getLoggerList()) {
            Level level = logger.getLevel();
            if (level != null && level != Level.OFF && level.toInt() > target.toInt()) {
                configured.put(logger, level);
                logger.setLevel(target);
            }
        }
    }

    void restore() {
        configured.forEach(Logger::setLevel);
        configured.clear();
    }
}
