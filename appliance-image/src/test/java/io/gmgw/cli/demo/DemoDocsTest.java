package io.gmgw.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** README's first command stays {@code ./gmgw demo}; docs/demo.md's step table lists exactly the demo's steps. */
class DemoDocsTest {
    private static final Path ROOT = Path.of("..");

    @Test
    void readmesFirstCommandIsTheDemo() throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve("README.md"));
        int fence = lines.indexOf("```sh");
        assertTrue(fence >= 0, "README has a sh block");
        assertTrue(lines.get(fence + 1).startsWith("./gmgw demo "), lines.get(fence + 1));
    }

    @Test
    void theStepTableListsEveryStepInOrder() throws IOException {
        String doc = Files.readString(ROOT.resolve("docs/demo.md"));
        String table = doc.substring(doc.indexOf("| step |"), doc.indexOf("\n\n", doc.indexOf("| step |")));
        Matcher m = Pattern.compile("(?m)^\\| `([^`]+)` \\|").matcher(table);
        List<String> documented = m.results().map(r -> r.group(1)).toList();
        assertEquals(DemoSteps.all().stream().map(DemoStep::name).toList(), documented);
    }
}
