package io.gmgw.gateway.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/control-api.md's table of error codes is the enum's, row for row. */
class ControlApiDocTest {
    @Test
    void theErrorCodeTableIsTheEnum() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "control-api.md"));
        String table = doc.substring(doc.indexOf("<!-- codes:"), doc.indexOf("<!-- /codes -->"));
        List<String> rows = table.lines().filter(l -> l.startsWith("| `")).toList();
        List<String> expected = Arrays.stream(ControlErrorCode.values())
                .map(c -> "| `" + c.name() + "` | " + c.meaning() + " |").toList();
        assertEquals(expected, rows);
    }

    @Test
    void theRequestTypesOfTheGatewayAreDocumented() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "control-api.md"));
        ControlDispatcher d = GatewayRequests.register(ControlDispatcher.builder("x"), new SampleGateway(),
                io.gmgw.audit.Audit.toLogger(java.time.Clock.systemUTC())).build();
        for (String type : d.requestTypes()) {
            assertEquals(true, doc.contains("### `" + type + "`"), "docs/control-api.md lacks a section on " + type);
        }
    }
}
