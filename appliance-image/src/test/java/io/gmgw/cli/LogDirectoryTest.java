package io.gmgw.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Logs go where operators expect them: the configured folder, else the user's state directory; never the checkout. */
class LogDirectoryTest {
    private static Properties properties(String... pairs) {
        Properties p = new Properties();
        p.setProperty("user.home", "/home/ops");
        for (int i = 0; i < pairs.length; i += 2) {
            p.setProperty(pairs[i], pairs[i + 1]);
        }
        return p;
    }

    @Test
    void theSystemPropertyWinsThenTheEnvironmentThenTheStateDirectory() {
        assertEquals(Path.of("/srv/logs"), LogDirectory.resolve(properties("gmgw.log.dir", "/srv/logs"),
                Map.of("GMGW_LOG_DIR", "/var/log/gmgw")));
        assertEquals(Path.of("/var/log/gmgw"), LogDirectory.resolve(properties(),
                Map.of("GMGW_LOG_DIR", "/var/log/gmgw", "XDG_STATE_HOME", "/x")));
        assertEquals(Path.of("/x/state/gmgw"), LogDirectory.resolve(properties(),
                Map.of("XDG_STATE_HOME", "/x/state")));
        assertEquals(Path.of("/home/ops/.local/state/gmgw"), LogDirectory.resolve(properties(), Map.of()));
    }

    @Test
    void emptyOrRelativeSettingsDoNotLandInTheCurrentDirectoryBySurprise() {
        assertEquals(Path.of("/home/ops/.local/state/gmgw"), LogDirectory.resolve(properties("gmgw.log.dir", " "),
                Map.of("GMGW_LOG_DIR", "", "XDG_STATE_HOME", "relative/not/allowed")));
        assertEquals(Path.of("logs").toAbsolutePath(), LogDirectory.resolve(properties(),
                Map.of("GMGW_LOG_DIR", "logs")), "an explicit relative folder is taken as given, made absolute");
    }
}
