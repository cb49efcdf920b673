package io.gmgw.acl.format;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Huawei VRP and H3C Comware ACLs: {@code acl number 3000} (also {@code acl name X}, {@code acl ipv6 number N},
 * Comware's {@code acl advanced 3000} / {@code acl basic 2000}) followed by {@code rule [N] permit|deny …} lines;
 * {@code description} and {@code step} lines are kept but are not rules. Volatile: {@code #} separator lines and hit
 * counters ({@code (N times matched)}, {@code (N matches)}) from {@code display acl}.
 */
final class HuaweiVrpParser implements AclParser {
    private static final Pattern ACL = Pattern.compile("^acl (ipv6 )?(number \\S+|name \\S+|advanced \\S+|basic \\S+"
            + "|mac \\S+|\\d+)( .*)?$");
    private static final Pattern RULE = Pattern.compile("^rule (\\d+ )?(permit|deny) ?.*");
    private static final Pattern COUNTERS = Pattern.compile(" ?\\(\\d+ (times matched|matches|match)\\)");

    @Override
    public boolean recognises(List<String> lines) {
        return lines.stream().anyMatch(l -> ACL.matcher(l).matches())
                && lines.stream().anyMatch(l -> RULE.matcher(l).matches());
    }

    @Override
    public Parsed parse(List<String> rawLines) {
        List<String> canonical = new ArrayList<>();
        List<AclRule> rules = new ArrayList<>();
        String block = null;
        for (int i = 0; i < rawLines.size(); i++) {
            String s = TextLines.squeeze(rawLines.get(i), '\0');
            int line = i + 1;
            if (s.isEmpty() || s.startsWith("#")) {
                continue;
            }
            s = COUNTERS.matcher(s).replaceAll("");
            canonical.add(s);
            if (ACL.matcher(s).matches()) {
                block = s;
            } else if (RULE.matcher(s).matches()) {
                if (block == null) {
                    throw new AclFormatException("line " + line + ": rule outside an 'acl' block");
                }
                rules.add(new AclRule(block, s, line));
            } else if (s.equals("quit") || s.equals("return")) {
                block = null;
            }
        }
        return new Parsed(canonical, rules);
    }
}
