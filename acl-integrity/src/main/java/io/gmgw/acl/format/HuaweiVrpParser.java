package io.gmgw.acl.format;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Huawei VRP and H3C Comware ACLs: {@code acl number 3000} (also {@code acl name X}, {@code acl ipv6 number N},
 * Comware's {@code acl advanced 3000} / {@code acl basic 2000}) followed by {@code rule [N] permit|deny …} lines;
 * {@code description} and {@code step} lines are kept but are not rules. Volatile: {@code #} separator lines and hit
 * counters ({@code (N times matched)}, {@code (N matches)}) from {@code display acl} at the end of a rule. Lines as
 * {@link RouterLines} reads them.
 */
final class HuaweiVrpParser implements AclParser {
    private static final Pattern ACL = Pattern.compile("^acl (ipv6 )?(number \\S+|name \\S+|advanced \\S+|basic \\S+"
            + "|mac \\S+|\\d+)( .*)?$");
    private static final Pattern RULE = Pattern.compile("^rule (\\d+ )?(permit|deny) ?.*");
    /** {@code display acl} hit counts, at the end of a rule only (a description's text is content). */
    private static final Pattern COUNTERS = Pattern.compile(" \\((\\d+ times matched|\\d+ matches|\\d+ match)\\)$");

    @Override
    public boolean recognises(List<String> lines) {
        return lines.stream().anyMatch(l -> ACL.matcher(l).matches())
                && lines.stream().anyMatch(l -> RULE.matcher(l).matches());
    }

    @Override
    public Parsed parse(String text) {
        List<String> canonical = new ArrayList<>();
        List<AclRule> rules = new ArrayList<>();
        String block = null;
        for (TextLines.Line l : RouterLines.of(text, "a Huawei VRP or H3C Comware device")) {
            String s = l.text();
            int line = l.number();
            if (s.isEmpty() || s.startsWith("#")) {
                continue;
            }
            if (ACL.matcher(s).matches()) {
                block = s;
            } else if (RULE.matcher(s).matches()) {
                if (block == null) {
                    throw new AclFormatException("line " + line + ": rule outside an 'acl' block");
                }
                s = COUNTERS.matcher(s).replaceFirst("");
                rules.add(new AclRule(block, s, line));
            } else if (s.equals("quit") || s.equals("return")) {
                block = null;
            }
            canonical.add(s);
        }
        return new Parsed(canonical, rules);
    }
}
