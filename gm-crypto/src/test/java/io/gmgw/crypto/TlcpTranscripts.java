package io.gmgw.crypto;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The TLCP transcript files under {@code vectors/tlcp/} (see that folder's description in vectors/README.md): their
 * names and their PEM fields.
 */
public final class TlcpTranscripts {
    public static final List<String> NAMES = List.of(
            "gmjsse-to-kona-E013-oneway", "gmssl-E013-mutual", "gmssl-E013-oneway", "gmssl-E053-oneway",
            "gmssl-to-kona-E053-oneway", "kona-E011-mutual", "kona-E013-mutual", "kona-E013-oneway",
            "kona-E051-mutual", "kona-E053-oneway", "kona-to-gmssl-E013-oneway");

    private TlcpTranscripts() {
    }

    public static JsonNode read(String name) {
        return JsonMapper.builder().build().readTree(Vectors.text("tlcp/" + name + ".json"));
    }

    /** Every {@code *_pem} field of a transcript, by field name. */
    public static Map<String, String> pemFields(String name) {
        JsonNode root = read(name);
        Map<String, String> out = new TreeMap<>();
        List<String> fields = new ArrayList<>(root.propertyNames());
        for (String f : fields) {
            if (f.endsWith("_pem") && !root.get(f).isNull()) {
                out.put(f, root.get(f).asString());
            }
        }
        return out;
    }
}
