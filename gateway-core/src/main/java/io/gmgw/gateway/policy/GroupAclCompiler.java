package io.gmgw.gateway.policy;

import io.gmgw.acl.format.AclDocument;
import io.gmgw.acl.format.AclFormat;
import io.gmgw.acl.format.AclRule;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a group's ACL file, as acl-integrity's Cisco IOS reader splits it ({@link AclDocument}: lines, blocks,
 * entries with their line numbers), into a {@link GroupAcl}. The file holds at most one IPv4 list ({@code ip
 * access-list extended NAME}, or numbered {@code access-list 100-199|2000-2699}) and one IPv6 list ({@code ipv6
 * access-list NAME}), remarks and {@code !} comments; anything else in it would be signed without being enforced,
 * so it is refused. Entries must come in rising sequence order: IOS evaluates by sequence number, and an auditor
 * reading the signed file must see the order that applies.
 */
final class GroupAclCompiler {
    private static final Pattern HEADER = Pattern.compile("^(ip access-list extended|ipv6 access-list) \\S+$");
    private static final Pattern REMARK = Pattern.compile("^(access-list \\S+ |\\d+ |sequence \\d+ )?remark( .*)?$");
    private static final Pattern EXTENDED_NUMBER = Pattern.compile("1\\d\\d|2[0-6]\\d\\d");

    private GroupAclCompiler() {
    }

    static GroupAcl compile(String group, String file, long version, String sm3, AclDocument doc) {
        if (doc.format() != AclFormat.CISCO_IOS) {
            throw new AclSyntaxException(0, "the file reads as " + doc.format().id() + "; a group ACL is written "
                    + "as a Cisco IOS extended access list ('ip access-list extended NAME' and 'ipv6 access-list "
                    + "NAME' blocks)");
        }
        Map<String, List<AclRule>> lists = new LinkedHashMap<>();
        for (AclRule r : doc.rules()) {
            lists.computeIfAbsent(r.context(), k -> new ArrayList<>()).add(r);
        }
        String v4Name = null;
        String v6Name = null;
        List<AccessListEntry> v4 = List.of();
        List<AccessListEntry> v6 = List.of();
        for (Map.Entry<String, List<AclRule>> list : lists.entrySet()) {
            String name = list.getKey();
            int family = family(name, list.getValue().get(0));
            String other = family == 4 ? v4Name : v6Name;
            if (other != null) {
                throw new AclSyntaxException(list.getValue().get(0).line(), "a second IPv" + family + " list '"
                        + name + "' (the first is '" + other + "'): a group has one list per address family");
            }
            List<AccessListEntry> entries = entries(list.getValue(), family);
            if (family == 4) {
                v4Name = name;
                v4 = entries;
            } else {
                v6Name = name;
                v6 = entries;
            }
        }
        Set<String> ruleTexts = new HashSet<>();
        for (AclRule r : doc.rules()) {
            ruleTexts.add(r.text());
        }
        for (String line : new String(doc.canonical(), StandardCharsets.UTF_8).split("\n")) {
            if (!line.isEmpty() && !HEADER.matcher(line).matches() && !REMARK.matcher(line).matches()
                    && !ruleTexts.contains(line)) {
                throw new AclSyntaxException(0, "'" + line + "' is not part of an extended access list: a group ACL "
                        + "file holds one 'ip access-list extended NAME' (or numbered access-list 100-199, "
                        + "2000-2699) and one 'ipv6 access-list NAME', with their entries and remarks; standard and "
                        + "MAC lists, interface bindings and other configuration are not read");
            }
        }
        return new GroupAcl(group, file, version, sm3, v4Name, v4, v6Name, v6);
    }

    private static int family(String context, AclRule first) {
        if (context.startsWith("ipv6 access-list ")) {
            return 6;
        }
        if (context.startsWith("ip access-list extended ")) {
            return 4;
        }
        if (context.startsWith("access-list ")) {
            String number = context.substring("access-list ".length());
            if (EXTENDED_NUMBER.matcher(number).matches()) {
                return 4;
            }
            throw new AclSyntaxException(first.line(), "'" + context + "' is " + (number.matches("\\d+")
                    ? "a standard access list (it matches sources only)" : "ASA syntax (netmasks, not wildcards)")
                    + "; write an 'ip access-list extended NAME' block with wildcard masks");
        }
        throw new AclSyntaxException(first.line(), "'" + context + "' is not an extended access list; write 'ip "
                + "access-list extended NAME' or 'ipv6 access-list NAME'");
    }

    private static List<AccessListEntry> entries(List<AclRule> rules, int family) {
        List<AccessListEntry> out = new ArrayList<>(rules.size());
        int last = 0;
        for (AclRule r : rules) {
            AccessListEntry e = EntryParser.parse(r, family, last + 10); // IOS numbers unnumbered entries +10
            if (e.sequence() <= last) {
                throw new AclSyntaxException(r.line(), "sequence number " + e.sequence() + " after " + last + " in '"
                        + r.text() + "': IOS evaluates entries by sequence number, so write them in that order "
                        + "(each number once)");
            }
            last = e.sequence();
            out.add(e);
        }
        return out;
    }
}
