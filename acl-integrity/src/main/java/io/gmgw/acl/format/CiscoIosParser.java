package io.gmgw.acl.format;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Cisco IOS ACLs in configuration syntax: numbered {@code access-list N permit|deny …} lines (also the ASA's named
 * {@code access-list NAME extended …}), and {@code ip access-list standard|extended NAME} / {@code ipv6 access-list
 * NAME} blocks whose entries are {@code [seq] permit|deny …} (IPv6 blocks: {@code [sequence seq] permit|deny …}). {@code remark} lines are kept but are not rules. Lines
 * of other configuration (interfaces, {@code ip access-group}) are kept and end a block. Volatile: {@code !} comment
 * lines, the {@code Building configuration...} / {@code Current configuration : N bytes} banner and hit counters
 * {@code (N matches)} from {@code show access-lists} at the end of an entry. Lines as {@link RouterLines} reads them.
 */
final class CiscoIosParser implements AclParser {
    private static final Pattern NUMBERED = Pattern.compile("^access-list \\S+ (extended |standard |dynamic \\S+ )?"
            + "(permit|deny) .*");
    private static final Pattern ACCESS_LIST = Pattern.compile("^access-list \\S+ .*");
    private static final Pattern NAMED = Pattern.compile("^(ip|ipv6|mac) access-list (standard |extended |role-based )?"
            + "\\S+$");
    /** An entry: IPv4 blocks number it {@code 10 permit …}, IPv6 blocks {@code sequence 10 permit …}. */
    private static final Pattern ENTRY = Pattern.compile("^(\\d+ |sequence \\d+ )?(permit|deny) .*");
    private static final Pattern SUB_MODE = Pattern.compile("^(\\d+ )?(remark|evaluate|statistics|fragments)\\b.*");
    /** {@code show access-lists} hit counts, at the end of an entry only (a remark's text is content). */
    private static final Pattern MATCHES = Pattern.compile(" \\(\\d+ match(es)?\\)$");
    private static final Pattern BANNER = Pattern.compile("^(Building configuration\\.\\.\\.|Current configuration ?:"
            + " ?\\d+ bytes)$");

    @Override
    public boolean recognises(List<String> lines) {
        return lines.stream().anyMatch(l -> ACCESS_LIST.matcher(l).matches() || NAMED.matcher(l).matches());
    }

    @Override
    public Parsed parse(String text) {
        List<String> canonical = new ArrayList<>();
        List<AclRule> rules = new ArrayList<>();
        String block = null;
        for (TextLines.Line l : RouterLines.of(text, "a Cisco IOS device")) {
            String s = l.text();
            int line = l.number();
            if (s.isEmpty() || s.startsWith("!") || BANNER.matcher(s).matches()) {
                continue;
            }
            if (NUMBERED.matcher(s).matches()) {
                s = MATCHES.matcher(s).replaceFirst("");
                rules.add(new AclRule("access-list " + s.split(" ")[1], s, line));
                block = null;
            } else if (NAMED.matcher(s).matches()) {
                block = s;
            } else if (block != null && ENTRY.matcher(s).matches()) {
                s = MATCHES.matcher(s).replaceFirst("");
                rules.add(new AclRule(block, s, line));
            } else if (block == null || !SUB_MODE.matcher(s).matches()) {
                block = null;
            }
            canonical.add(s);
        }
        return new Parsed(canonical, rules);
    }
}
