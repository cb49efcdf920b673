package io.gmgw.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.status.Status;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** conf/logback.xml, the file operators edit, loads cleanly and has what the launcher and ops rely on. */
class LogbackConfigTest {
    private static final Path CONF = Path.of("..", "conf", "logback.xml");
    private static final List<String> SUBSYSTEMS =
            List.of("crypto", "audit", "pki", "tlcp", "cstp", "ike", "esp", "pkcs11", "acl", "cfg", "cli");

    @TempDir
    Path logDir;

    @Test
    void loadsWithoutWarningsWithALoggerPerSubsystemAndARotatingLogFile() throws Exception {
        LoggerContext context = new LoggerContext();
        context.putProperty("gmgw.log.dir", logDir.toString());
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try {
            configurator.doConfigure(CONF.toFile());
            List<String> problems = context.getStatusManager().getCopyOfStatusList().stream()
                    .filter(s -> s.getLevel() >= Status.WARN).map(Status::getMessage).toList();
            assertEquals(List.of(), problems);

            for (String name : SUBSYSTEMS) {
                assertNotNull(context.exists(name), "no logger for subsystem " + name);
                assertNotNull(context.exists(name).getLevel(), name + " has no level of its own");
            }
            // audit.log is the hash-chained audit log gmgw writes itself: Logback must never write into it.
            assertEquals(List.of(), files(context.getLogger("audit")));
            assertTrue(context.getLogger("audit").isAdditive(), "audit events reach the console and gmgw.log");
            Logger failures = context.getLogger(FailureReporter.FAILURE_LOGGER);
            assertFalse(failures.isAdditive(), "failures must not reach the console");
            assertEquals(List.of(logDir.resolve("gmgw.log").toString()), files(failures));
            assertTrue(failures.iteratorForAppenders().next() instanceof RollingFileAppender<ILoggingEvent>,
                    "gmgw.log rotates");
            assertFalse(Files.exists(logDir.resolve("audit.log")));
        } finally {
            context.stop();
        }
    }

    @Test
    void theJarCarriesTheSameFileAsItsFallback() throws IOException {
        try (InputStream builtIn = Gmgw.class.getResourceAsStream("/logback.xml")) {
            assertNotNull(builtIn, "logback.xml missing from the jar's resources");
            assertEquals(Files.readString(CONF), new String(builtIn.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static List<String> files(Logger logger) {
        List<String> files = new ArrayList<>();
        for (var it = logger.iteratorForAppenders(); it.hasNext(); ) {
            Appender<ILoggingEvent> appender = it.next();
            if (appender instanceof FileAppender<ILoggingEvent> file) {
                files.add(file.getFile());
            }
        }
        return files;
    }
}
