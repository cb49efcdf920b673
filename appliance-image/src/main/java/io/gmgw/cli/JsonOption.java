package io.gmgw.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Option;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code --json} option every read command offers ({@code @Mixin JsonOption json;}): machine-readable output on
 * the command's output writer, one pretty-printed JSON document, fields in declaration order.
 */
public final class JsonOption {
    @Option(names = "--json", description = "Print the result as JSON instead of text.")
    private boolean enabled;

    public boolean enabled() {
        return enabled;
    }

    /** Writes {@code value} (a record, list or map) as one JSON document followed by a newline. */
    public void print(PrintWriter out, Object value) {
        JsonMapper mapper = JsonMapper.builder().disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY).build();
        out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(value));
        out.flush();
    }
}
