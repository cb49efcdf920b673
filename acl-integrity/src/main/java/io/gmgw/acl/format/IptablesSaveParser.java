package io.gmgw.acl.format;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code iptables-save} / {@code ip6tables-save} text: {@code *table}, chain lines {@code :NAME POLICY [p:b]}, rules
 * {@code -A CHAIN …} (or {@code -I}), {@code COMMIT}. Volatile: {@code #} comment lines (they carry the generation
 * time) and packet/byte counters ({@code [p:b]} on chain lines and, with {@code -c}, before rules).
 */
final class IptablesSaveParser implements AclParser {
    private static final Pattern TABLE = Pattern.compile("^\\*(filter|nat|mangle|raw|security)$");
    private static final Pattern CHAIN_COUNTERS = Pattern.compile(" ?\\[\\d+:\\d+\\]$");
    private static final Pattern RULE_COUNTERS = Pattern.compile("^\\[\\d+:\\d+\\] ");

    @Override
    public boolean recognises(List<String> lines) {
        return lines.stream().anyMatch(l -> TABLE.matcher(l).matches()) && lines.contains("COMMIT");
    }

    @Override
    public Parsed parse(List<String> rawLines) {
        List<String> canonical = new ArrayList<>();
        List<AclRule> rules = new ArrayList<>();
        String table = null;
        for (int i = 0; i < rawLines.size(); i++) {
            String s = TextLines.squeeze(rawLines.get(i), '\0');
            int line = i + 1;
            if (s.isEmpty() || s.startsWith("#")) {
                continue;
            }
            if (s.startsWith("[")) {
                s = RULE_COUNTERS.matcher(s).replaceFirst("");
            }
            if (s.startsWith("*")) {
                if (table != null) {
                    throw new AclFormatException("line " + line + ": table " + s + " starts before table *" + table
                            + " ends with COMMIT (is the file truncated or two files joined?)");
                }
                table = s.substring(1);
            } else if (s.equals("COMMIT")) {
                if (table == null) {
                    throw new AclFormatException("line " + line + ": COMMIT outside a table");
                }
                table = null;
            } else if (s.startsWith(":")) {
                requireTable(table, line, s);
                s = CHAIN_COUNTERS.matcher(s).replaceFirst("");
            } else if (s.startsWith("-A ") || s.startsWith("-I ")) {
                requireTable(table, line, s);
                String chain = s.split(" ", 3)[1];
                rules.add(new AclRule(table + " " + chain, s, line));
            } else {
                throw new AclFormatException("line " + line + ": '" + abbreviate(s) + "' is not an iptables-save "
                        + "line (*table, :chain, -A rule, COMMIT or # comment)");
            }
            canonical.add(s);
        }
        if (table != null) {
            throw new AclFormatException("table *" + table + " has no COMMIT at the end of the file (truncated?)");
        }
        return new Parsed(canonical, rules);
    }

    private static void requireTable(String table, int line, String s) {
        if (table == null) {
            throw new AclFormatException("line " + line + ": '" + abbreviate(s) + "' is outside a *table … COMMIT "
                    + "block");
        }
    }

    static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
