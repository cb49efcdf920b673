package io.gmgw.acl.format;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code iptables-save} / {@code ip6tables-save} text, read line by line exactly as {@code iptables-restore} (and
 * {@code ip6tables-restore}, legacy and nft variants alike) reads it, so that two files with one canonical form are
 * one ruleset to the tool:
 * <ul>
 *   <li>lines end at LF only, and the tool reads at most {@value #MAX_LINE} bytes as one line (a longer line goes on
 *       as a new line: a rule hidden at the end of a long comment would be applied), so a CR, a longer line or a
 *       control character is refused;
 *   <li>an empty line and a line whose first character is {@code #} are skipped (a {@code #} after blanks is not a
 *       comment to the tool, and a line of blanks is an error: both are refused);
 *   <li>{@code COMMIT} counts only alone on its line; {@code *table} and {@code :chain policy [p:b]} are split at
 *       blanks (space, tab), anything after them refused;
 *   <li>a rule line ({@code [p:b]} counters first, optional) is split into arguments as the tool's own tokenizer
 *       does: blanks separate, double quotes group (a backslash inside quotes takes the next character literally,
 *       the closing quote ends the argument), and the canonical line is those arguments, re-quoted where needed, one
 *       space apart.
 * </ul>
 * Volatile: comment lines (they carry the generation time) and packet/byte counters ({@code [p:b]} on chain lines
 * and, with {@code -c}, before rules).
 */
final class IptablesSaveParser implements AclParser {
    /** iptables-restore reads lines with fgets into 10,240 bytes: 10,239 characters, LF included. */
    static final int MAX_LINE = 10_238;
    private static final Set<String> TABLES = Set.of("filter", "nat", "mangle", "raw", "security");
    private static final Pattern TABLE = Pattern.compile("^\\*(filter|nat|mangle|raw|security)$");
    private static final Pattern COUNTERS = Pattern.compile("\\[\\d+:\\d+\\]");

    @Override
    public boolean recognises(List<String> lines) {
        return lines.stream().anyMatch(l -> TABLE.matcher(l).matches()) && lines.contains("COMMIT");
    }

    @Override
    public Parsed parse(String text) {
        TextLines.refuseControls(text, "iptables-restore", true, false);
        List<String> canonical = new ArrayList<>();
        List<AclRule> rules = new ArrayList<>();
        String table = null;
        for (TextLines.Line l : TextLines.split(text)) {
            String s = l.text();
            int line = l.number();
            if (s.length() > MAX_LINE / 3 && s.getBytes(StandardCharsets.UTF_8).length > MAX_LINE) {
                throw new AclFormatException("line " + line + " is longer than the " + MAX_LINE + " bytes "
                        + "iptables-restore reads as one line: the tool would read the rest as another line; split "
                        + "it or shorten it");
            }
            if (s.isEmpty() || s.charAt(0) == '#') {
                continue;
            }
            if (table != null && s.equals("COMMIT")) {
                canonical.add(s);
                table = null;
                continue;
            }
            String stripped = s.strip();
            if (TextLines.isBlankLine(s)) {
                throw new AclFormatException("line " + line + " holds only blanks: iptables-restore reads it as a "
                        + "command without arguments and fails; make it empty or remove it");
            }
            if (stripped.startsWith("#")) {
                throw new AclFormatException("line " + line + ": a '#' comment must start in the first column; "
                        + "iptables-restore reads '" + TextLines.abbreviate(stripped) + "' after blanks as a rule");
            }
            if (stripped.equals("COMMIT")) {
                throw new AclFormatException("line " + line + ": " + (table == null ? "COMMIT outside a table"
                        : "COMMIT must stand alone on its line, without blanks (iptables-restore does not see it "
                        + "otherwise)"));
            }
            if (s.charAt(0) == '*') {
                if (table != null) {
                    throw new AclFormatException("line " + line + ": table " + stripped + " starts before table *"
                            + table + " ends with COMMIT (is the file truncated or two files joined?)");
                }
                table = tableName(s, line);
                canonical.add("*" + table);
            } else if (s.charAt(0) == ':') {
                requireTable(table, line, s);
                canonical.add(chainLine(s, line));
            } else {
                requireTable(table, line, s);
                String arguments = ruleArguments(s, line);
                // Tool output is already in canonical spelling (single spaces, nothing quoted): taken as it is.
                List<String> args = IptablesArguments.isCanonical(arguments) ? List.of(arguments.split(" ", 3))
                        : IptablesArguments.split(arguments, line);
                if (args.size() < 2 || !(args.get(0).equals("-A") || args.get(0).equals("-I"))) {
                    throw new AclFormatException("line " + line + ": '" + TextLines.abbreviate(stripped)
                            + "' is not an iptables-save line (*table, :chain, -A rule, COMMIT or # comment)");
                }
                String rule = IptablesArguments.isCanonical(arguments) ? arguments : IptablesArguments.join(args);
                canonical.add(rule);
                rules.add(new AclRule(table + " " + args.get(1), rule, line));
            }
        }
        if (table != null) {
            throw new AclFormatException("table *" + table + " has no COMMIT at the end of the file (truncated?)");
        }
        return new Parsed(canonical, rules);
    }

    /** {@code *NAME}: the tool takes the first blank-separated word and ignores the rest, which gmgw refuses. */
    private static String tableName(String s, int line) {
        String[] words = words(s.substring(1));
        if (words.length != 1 || !TABLES.contains(words[0])) {
            throw new AclFormatException("line " + line + ": '" + TextLines.abbreviate(s) + "' is not a table line: "
                    + "write *filter, *nat, *mangle, *raw or *security alone on the line");
        }
        return words[0];
    }

    /** {@code :CHAIN POLICY [p:b]} becomes {@code :CHAIN POLICY}; more words (which the tool ignores) are refused. */
    private static String chainLine(String s, int line) {
        String[] words = words(s.substring(1));
        if (words.length < 2 || words.length > 3 || words.length == 3 && !COUNTERS.matcher(words[2]).matches()) {
            throw new AclFormatException("line " + line + ": '" + TextLines.abbreviate(s) + "' is not a chain line: "
                    + "write :CHAIN POLICY [packets:bytes]");
        }
        return ":" + words[0] + " " + words[1];
    }

    /** The rule's arguments after the {@code [p:b]} counters the tool accepts in the first column. */
    private static String ruleArguments(String s, int line) {
        if (s.charAt(0) != '[') {
            return s;
        }
        int end = s.indexOf(']');
        if (end < 0 || !COUNTERS.matcher(s.substring(0, end + 1)).matches()) {
            throw new AclFormatException("line " + line + ": '" + TextLines.abbreviate(s) + "' starts with '[' but "
                    + "not with counters [packets:bytes]");
        }
        return s.substring(end + 1);
    }

    private static String[] words(String s) {
        String t = s.strip();
        return t.isEmpty() ? new String[0] : t.split("[ \t]+");
    }

    private static void requireTable(String table, int line, String s) {
        if (table == null) {
            throw new AclFormatException("line " + line + ": '" + TextLines.abbreviate(s.strip()) + "' is outside a "
                    + "*table … COMMIT block");
        }
    }
}
