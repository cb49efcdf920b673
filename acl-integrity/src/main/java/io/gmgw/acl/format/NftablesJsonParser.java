package io.gmgw.acl.format;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code nft -j list ruleset}: {@code {"nftables": [{"metainfo": …}, {"table": …}, {"chain": …}, {"rule": …}, …]}}.
 * Lines mean nothing here (CR, LF and tab are JSON whitespace): the canonical form is the parsed value, one compact
 * JSON object per array element, members in the order nft wrote them. Volatile:
 * the {@code metainfo} element (nft and schema versions), every {@code handle} member (kernel-assigned, changes on
 * every reload) and the {@code packets}/{@code bytes} values of counters. Rules are the {@code rule} elements.
 */
final class NftablesJsonParser implements AclParser {
    /**
     * Strict JSON as nft's parser (jansson) reads it: text after the top-level value is an error (jansson refuses it;
     * a lenient reader would sign a ruleset nft never loads), and a member named twice is refused (jansson keeps the
     * last, other readers the first).
     */
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    @Override
    public boolean recognises(List<String> lines) {
        return !lines.isEmpty() && lines.get(0).startsWith("{") && String.join("\n", lines).contains("\"nftables\"");
    }

    @Override
    public Parsed parse(String text) {
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JacksonException e) {
            throw new AclFormatException("not valid JSON: " + e.getOriginalMessage() + " (at line "
                    + e.getLocation().getLineNr() + ")", e);
        }
        if (root == null || !root.isObject() || !root.path("nftables").isArray() || root.size() != 1) {
            throw new AclFormatException("not an nft -j ruleset: the top level must be {\"nftables\": [...]}");
        }
        List<String> canonical = new ArrayList<>();
        List<AclRule> rules = new ArrayList<>();
        int index = 0;
        for (JsonNode element : root.get("nftables")) {
            index++;
            if (!element.isObject() || element.size() != 1) {
                throw new AclFormatException("element " + index + " of \"nftables\" is not an object with one "
                        + "member ({\"table\": …}, {\"rule\": …}, …)");
            }
            String kind = element.propertyNames().iterator().next();
            if (kind.equals("metainfo")) {
                continue;
            }
            JsonNode clean = strip(element.deepCopy(), false);
            String compact = MAPPER.writeValueAsString(clean);
            canonical.add(compact);
            if (kind.equals("rule") || kind.equals("add") && clean.path("add").has("rule")) {
                JsonNode r = kind.equals("rule") ? clean.get("rule") : clean.get("add").get("rule");
                String context = r.path("family").asString("") + " " + r.path("table").asString("") + " "
                        + r.path("chain").asString("");
                rules.add(new AclRule(context.strip(), compact, index));
            }
        }
        return new Parsed(canonical, rules);
    }

    /** Removes handles everywhere and counter values inside counter objects. */
    private static JsonNode strip(JsonNode node, boolean inCounter) {
        if (node instanceof ObjectNode o) {
            o.remove("handle");
            if (inCounter) {
                o.remove("packets");
                o.remove("bytes");
            }
            for (Map.Entry<String, JsonNode> e : o.properties()) {
                strip(e.getValue(), e.getKey().equals("counter"));
            }
        } else if (node.isArray()) {
            for (JsonNode child : node) {
                strip(child, false);
            }
        }
        return node;
    }
}
