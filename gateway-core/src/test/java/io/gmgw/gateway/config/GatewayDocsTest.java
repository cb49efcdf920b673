package io.gmgw.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/gateway.md's key table lists exactly the schema's keys, in its order, with their types and defaults. */
class GatewayDocsTest {
    @Test
    void theKeyTableEqualsTheSchema() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "gateway.md"));
        String table = doc.substring(doc.indexOf("<!-- keys:"), doc.indexOf("<!-- /keys -->"));
        List<String> rows = new ArrayList<>();
        for (String line : table.lines().toList()) {
            if (line.startsWith("| `")) {
                String[] cells = line.split(" \\| ");
                assertEquals(4, cells.length, line);
                assertFalse(cells[3].replace("|", "").isBlank(), "no meaning: " + line);
                rows.add(cells[0] + " | " + cells[1] + " | " + cells[2]);
            }
        }
        List<String> expected = new ArrayList<>();
        for (ConfigKey k : GatewaySchema.keys()) {
            String d = k.required() || k.defaultValue().equals(ConfigKey.UNSET) ? k.defaultValue()
                    : "`" + k.defaultValue() + "`";
            expected.add("| `" + k.path() + "` | " + k.type().shown() + " | " + d);
        }
        assertEquals(expected, rows);
    }
}
