package io.gmgw.gateway.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * One mapping of the file read against {@link GatewaySchema}: typed readers for its keys (a key that is absent takes
 * the schema's default), every error recorded at the node it is about, and {@link #finish()} reporting the keys
 * nobody read as unknown, with the nearest known key as the suggestion. A reader that meets a wrong value records the
 * error and returns the default, so that binding goes on and every error of the file is found in one run.
 */
final class Section {
    /** A value of a list, with its node for errors about it. */
    record Item(String text, Node node) {
    }

    /** An entry of a map whose keys the operator names (groups, pools, users). */
    record Entry(String name, Node keyNode, Node value) {
    }

    private final ConfigProblems problems;
    private final Path base;
    private final String schemaPath;
    private final String shownPath;
    private final Node where;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
    private final Set<String> read = new HashSet<>();
    private boolean requireKeys = true;

    private Section(ConfigProblems problems, Path base, String schemaPath, String shownPath, Node where, Node value) {
        this.problems = problems;
        this.base = base;
        this.schemaPath = schemaPath;
        this.shownPath = shownPath;
        this.where = where;
        if (value == null || isNull(value)) {
            return;
        }
        if (!(value instanceof MappingNode map)) {
            problems.at(value, (shownPath.isEmpty() ? "the file" : shownPath) + " must be a section of keys, one "
                    + "'key: value' per line indented under it; write "
                    + (shownPath.isEmpty() ? "'listen:' and the other sections" : "'" + key(shownPath)
                    + ":' with its keys indented below it"));
            return;
        }
        for (NodeTuple t : map.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k) || isNull(t.getKeyNode())) {
                problems.at(t.getKeyNode(), prefix() + "a key must be a plain name; write name: value");
                continue;
            }
            NodeTuple first = entries.putIfAbsent(k.getValue(), t);
            if (first != null) {
                problems.at(k, prefix() + "duplicate key '" + k.getValue() + "' (first at line "
                        + line(first.getKeyNode()) + "); keep one of them");
            }
        }
    }

    private static String key(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    /** The top level of the file. */
    static Section root(ConfigProblems problems, Path base, Node document) {
        return new Section(problems, base, "", "", null, document);
    }

    /** The configuration's folder: where relative paths start. */
    Path base() {
        return base;
    }

    ConfigProblems problems() {
        return problems;
    }

    /** The key's dotted name as messages show it ({@code groups.eng.acl}). */
    String shown(String key) {
        return shownPath.isEmpty() ? key : shownPath + "." + key;
    }

    /** Whether {@code key} is in the file. */
    boolean has(String key) {
        schemaKey(key);
        return entries.containsKey(key);
    }

    /** Required keys of a section that is turned off ({@code enabled: false}) are not demanded. */
    void requireKeys(boolean require) {
        this.requireKeys = require;
    }

    /** Where an error about the section as a whole points: its key, or the file's start. */
    Node where() {
        return where;
    }

    /** The key's node in the file (for errors about a key that is there), or the section's. */
    Node keyNode(String key) {
        NodeTuple t = entries.get(key);
        return t != null ? t.getKeyNode() : where;
    }

    /** The value node of {@code key}, or null when it is absent; the key counts as read. */
    Node value(String key) {
        schemaKey(key);
        read.add(key);
        NodeTuple t = entries.get(key);
        return t == null ? null : t.getValueNode();
    }

    /** An error about the value of {@code key} (or, when absent, about the section). */
    void error(String key, String message) {
        Node n = value(key);
        problems.at(n != null ? n : where, shown(key) + ": " + message);
    }

    void error(Node node, String message) {
        problems.at(node, message);
    }

    /** The subsection {@code key} (empty when absent). */
    Section section(String key) {
        Node v = value(key);
        Section s = new Section(problems, base, schemaPath(key), shown(key), v == null ? where : keyNode(key), v);
        if (v == null && schemaKey(key).required() && requireKeys) {
            missing(key);
            s.requireKeys(false); // its own required keys are missing with it: one error says it
        }
        return s;
    }

    /** The subsection for one entry of a map ({@code groups.eng}). */
    Section entrySection(String mapKey, Entry entry) {
        String nameKey = schemaPath(mapKey) + "." + (mapKey.equals("users") ? "USER" : "NAME");
        return new Section(problems, base, nameKey, shown(mapKey) + "." + entry.name(), entry.keyNode(),
                entry.value());
    }

    /** The entries of a map whose keys the operator names, in file order; duplicates are reported. */
    List<Entry> entries(String key) {
        Node v = value(key);
        List<Entry> out = new ArrayList<>();
        if (v == null || isNull(v)) {
            if (v == null && schemaKey(key).required() && requireKeys) {
                missing(key);
            }
            return out;
        }
        if (!(v instanceof MappingNode map)) {
            problems.at(v, shown(key) + " must be a map of NAME: entries, one per line indented under it");
            return out;
        }
        Map<String, Node> seen = new LinkedHashMap<>();
        for (NodeTuple t : map.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k) || isNull(k) || k.getValue().isBlank()) {
                problems.at(t.getKeyNode(), shown(key) + ": a name must be a plain word; write NAME: ...");
                continue;
            }
            Node first = seen.putIfAbsent(k.getValue(), k);
            if (first != null) {
                problems.at(k, shown(key) + ": duplicate name '" + k.getValue() + "' (first at line " + line(first)
                        + "); keep one of them, or give this one another name");
                continue;
            }
            out.add(new Entry(k.getValue(), k, t.getValueNode()));
        }
        return out;
    }

    /** The text of a single value, or the default ({@code null} for an unset or missing required key). */
    String string(String key) {
        Node v = scalarValue(key);
        if (v == null) {
            return defaultText(key);
        }
        return ((ScalarNode) v).getValue();
    }

    /** The text and node of a single value, or null when absent (errors for a wrong shape are recorded). */
    Item item(String key) {
        Node v = scalarValue(key);
        if (v == null) {
            defaultText(key); // reports a missing required key
            return null;
        }
        return new Item(((ScalarNode) v).getValue(), v);
    }

    boolean bool(String key) {
        Node v = scalarValue(key);
        String text = v == null ? defaultText(key) : ((ScalarNode) v).getValue();
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> {
                problems.at(v, shown(key) + ": '" + text + "' is not a boolean; write true or false");
                yield Boolean.parseBoolean(schemaKey(key).defaultValue());
            }
        };
    }

    /** A whole number within {@code min..max}; {@code meaning} says what the bounds are about. */
    int integer(String key, int min, int max, String meaning) {
        Node v = scalarValue(key);
        String text = v == null ? defaultText(key) : ((ScalarNode) v).getValue();
        long n;
        try {
            n = Long.parseLong(text.strip().replace("_", ""));
        } catch (NumberFormatException e) {
            problems.at(v, shown(key) + ": '" + text + "' is not a whole number; write a number from " + min
                    + " to " + max + (meaning.isEmpty() ? "" : " (" + meaning + ")"));
            return Integer.parseInt(schemaKey(key).defaultValue());
        }
        if (n < min || n > max) {
            problems.at(v, shown(key) + ": " + n + " is out of range; write a number from " + min + " to " + max
                    + (meaning.isEmpty() ? "" : " (" + meaning + ")"));
            return Integer.parseInt(schemaKey(key).defaultValue());
        }
        return (int) n;
    }

    /**
     * A duration ({@link Durations}) of at least {@code min}; {@code none} (returned as empty) only when
     * {@code noneMeans} says what it means, else refused.
     */
    Optional<Duration> duration(String key, Duration min, String noneMeans) {
        Node v = scalarValue(key);
        String text = v == null ? defaultText(key) : ((ScalarNode) v).getValue();
        if (text.equalsIgnoreCase("none") && noneMeans != null) {
            return Optional.empty();
        }
        Duration d = Durations.parse(text);
        String hint = "write a number with a unit: 90s, 10m, 2h (ms, s, m, h, d)"
                + (noneMeans != null ? ", or none for " + noneMeans : "");
        if (d == null) {
            String suggestion = text.strip().matches("\\d{1,9}") ? "; write " + text.strip() + "s for seconds" : "";
            problems.at(v, shown(key) + ": '" + text + "' is not a duration" + (suggestion.isEmpty() ? "; " + hint
                    : suggestion + " (units: ms, s, m, h, d)"));
            return defaultDuration(key);
        }
        if (d.compareTo(min) < 0) {
            problems.at(v, shown(key) + ": " + text + " is too short; write " + Durations.format(min) + " or more"
                    + (noneMeans != null && d.isZero() ? ", or none for " + noneMeans : ""));
            return defaultDuration(key);
        }
        return Optional.of(d);
    }

    /** Whether {@code key} is written as an empty list ({@code []}, or a list whose items are all wrong is not). */
    boolean emptyList(String key) {
        NodeTuple t = entries.get(key);
        return t != null && (isNull(t.getValueNode())
                || t.getValueNode() instanceof SequenceNode seq && seq.getValue().isEmpty());
    }

    /** Whether {@code key} is written as a map without entries ({@code {}}, or nothing after the colon). */
    boolean emptyMap(String key) {
        NodeTuple t = entries.get(key);
        return t != null && (isNull(t.getValueNode())
                || t.getValueNode() instanceof MappingNode map && map.getValue().isEmpty());
    }

    /** A list of single values (a scalar alone is refused with the list form to write). */
    List<Item> list(String key) {
        Node v = value(key);
        if (v == null) {
            return defaultList(key);
        }
        if (isNull(v)) {
            return List.of();
        }
        if (!(v instanceof SequenceNode seq)) {
            String one = v instanceof ScalarNode s ? s.getValue() : "...";
            problems.at(v, shown(key) + " must be a list; write [" + one + "] or one '- value' line per item");
            return defaultList(key);
        }
        List<Item> out = new ArrayList<>();
        for (Node n : seq.getValue()) {
            if (!(n instanceof ScalarNode s) || isNull(n)) {
                problems.at(n, shown(key) + ": each item must be a single value; write - value");
                continue;
            }
            out.add(new Item(s.getValue(), n));
        }
        return out;
    }

    /** The schema's default of {@code key} as written, null for unset and required keys. */
    String defaultOf(String key) {
        ConfigKey k = schemaKey(key);
        return k.required() || k.defaultValue().equals(ConfigKey.UNSET) ? null : k.defaultValue();
    }

    /** Reports a required key that is absent. */
    void missing(String key) {
        String what = switch (schemaKey(key).type()) {
            case SECTION -> ":' and its keys below";
            case MAP -> ":' and one 'NAME:' entry below";
            case PATHS -> ": [FILE, ...]'";
            default -> ": " + schemaKey(key).type().shown().toUpperCase(Locale.ROOT).replace(' ', '-') + "'";
        };
        String in = shownPath.isEmpty() ? "the file" : shownPath;
        problems.at(where, in + " has no " + key + "; add '" + key + what
                + (shownPath.isEmpty() ? "" : " under " + shownPath));
    }

    /** Reports every key of the section that no reader asked for. */
    void finish() {
        List<String> known = GatewaySchema.namesIn(schemaPath);
        for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
            if (read.contains(e.getKey())) {
                continue;
            }
            String in = shownPath.isEmpty() ? "" : shownPath + ": ";
            Optional<String> near = Suggestions.nearest(e.getKey(), known);
            problems.at(e.getValue().getKeyNode(), in + "unknown key '" + e.getKey() + "'; " + near.map(n -> "write "
                    + n + " instead").orElseGet(() -> "the keys " + (shownPath.isEmpty() ? "at the top" : "of "
                    + shownPath) + " are " + String.join(", ", known)));
        }
    }

    private Node scalarValue(String key) {
        Node v = value(key);
        if (v == null) {
            return null;
        }
        if (isNull(v)) {
            problems.at(v, shown(key) + " has no value; write a " + schemaKey(key).type().shown()
                    + " after the colon, or remove the line");
            return null;
        }
        if (!(v instanceof ScalarNode)) {
            problems.at(v, shown(key) + " must be a single " + schemaKey(key).type().shown() + ", not a "
                    + (v instanceof SequenceNode ? "list" : "section") + "; write " + key + ": VALUE");
            return null;
        }
        return v;
    }

    /** The schema default as text: null for unset, and for a required key (reported when required now). */
    private String defaultText(String key) {
        ConfigKey k = schemaKey(key);
        if (k.required()) {
            if (requireKeys && !entries.containsKey(key)) {
                missing(key);
            }
            return null;
        }
        return k.defaultValue().equals(ConfigKey.UNSET) ? null : k.defaultValue();
    }

    private Optional<Duration> defaultDuration(String key) {
        String d = schemaKey(key).defaultValue();
        return d.equals("none") ? Optional.empty() : Optional.ofNullable(Durations.parse(d));
    }

    private List<Item> defaultList(String key) {
        String d = defaultText(key);
        if (d == null || d.equals("[]")) {
            return List.of();
        }
        List<Item> out = new ArrayList<>();
        for (String part : d.substring(1, d.length() - 1).split(",")) {
            out.add(new Item(part.strip(), null));
        }
        return out;
    }

    private ConfigKey schemaKey(String key) {
        return GatewaySchema.key(schemaPath(key)).orElseThrow(() -> new IllegalStateException("the binder reads "
                + schemaPath(key) + ", which GatewaySchema does not list"));
    }

    private String schemaPath(String key) {
        return schemaPath.isEmpty() ? key : schemaPath + "." + key;
    }

    private String prefix() {
        return shownPath.isEmpty() ? "" : shownPath + ": ";
    }

    static boolean isNull(Node n) {
        return n instanceof ScalarNode && Tag.NULL.equals(n.getTag());
    }

    private static int line(Node n) {
        return n.getStartMark().map(m -> m.getLine() + 1).orElse(1);
    }
}
