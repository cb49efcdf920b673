package io.gmgw.acl.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The lexing rules of canonical form gmgw-acl-c14n-2, format by format (docs/acl-integrity.md, "Canonical form"): lines
 * end where the consuming tool ends them, and what the tool would read differently from its canonical form is
 * refused. {@link CanonicalFormToolTest} checks the tool formats against the real tools; the router formats, whose
 * devices are not here, are checked against their documented rules only.
 */
class CanonicalFormTest {
    private static String canonical(AclFormat format, String text) {
        return new String(AclDocument.parse(text.getBytes(StandardCharsets.UTF_8), Optional.of(format)).canonical(),
                StandardCharsets.UTF_8);
    }

    private static String refusal(AclFormat format, String text) {
        return assertThrows(AclFormatException.class, () -> canonical(format, text)).getMessage();
    }

    private static String iptables(String rules) {
        return "*filter\n:INPUT ACCEPT [0:0]\n" + rules + "COMMIT\n";
    }

    @Test
    void iptablesRulesAreTheArgumentsTheToolSplitsThemInto() {
        AclFormat f = AclFormat.IPTABLES_SAVE;
        assertEquals("*filter\n:INPUT ACCEPT\n-A INPUT -m comment --comment \"a\\\" b  c\" -j DROP\nCOMMIT\n",
                canonical(f, iptables("-A INPUT -m comment --comment \"a\\\" b  c\" -j DROP\n")));
        // A backslash-escaped quote does not end the quoted part: the blanks after it are still content.
        assertNotEquals(canonical(f, iptables("-A INPUT -m comment --comment \"a\\\" b  c\" -j DROP\n")),
                canonical(f, iptables("-A INPUT -m comment --comment \"a\\\" b c\" -j DROP\n")));
        // One argument, however it is quoted; a quote in mid-word joins; a closing quote ends the argument.
        for (String same : List.of("\"abcd\"", "ab\"cd\"", "a\"bcd\"")) {
            assertEquals(canonical(f, iptables("-A INPUT -m comment --comment abcd -j DROP\n")),
                    canonical(f, iptables("-A INPUT -m comment --comment " + same + " -j DROP\n")), same);
        }
        assertEquals("-A INPUT -m comment --comment \"abcd ef\" -j DROP",
                rule(canonical(f, iptables("-A INPUT -m comment --comment ab\"cd ef\" -j DROP\n"))));
        assertEquals("-A INPUT -m comment --comment ab cd -j DROP",
                rule(canonical(f, iptables("-A INPUT -m comment --comment \"ab\"cd -j DROP\n"))));
        assertEquals("-A INPUT -m comment --comment \"\" -j DROP",
                rule(canonical(f, iptables("-A INPUT -m comment --comment \"\" -j DROP\n"))));
        assertEquals("-A INPUT -m comment --comment a\\b -j DROP",
                rule(canonical(f, iptables("-A INPUT -m comment --comment \"a\\\\b\" -j DROP\n"))));
        assertEquals("-A INPUT -j DROP", rule(canonical(f, iptables("[1:2]-A\tINPUT \"-j\"   DROP \t\n"))));
    }

    private static String rule(String canonical) {
        return canonical.lines().filter(l -> l.startsWith("-A")).findFirst().orElseThrow();
    }

    @Test
    void iptablesRefusesWhatTheToolWouldReadOtherwise() {
        AclFormat f = AclFormat.IPTABLES_SAVE;
        String hidden = refusal(f, iptables("# note\r-A INPUT -s 203.0.113.9 -j DROP\n"));
        assertTrue(hidden.contains("line 3") && hidden.contains("carriage return"), hidden);
        String tooLong = refusal(f, iptables("# " + "x".repeat(10_237) + "-A INPUT -j DROP\n"));
        assertTrue(tooLong.contains("line 3") && tooLong.contains("10238 bytes"), tooLong);
        canonical(f, iptables("# " + "x".repeat(10_236) + "\n")); // 10,238 bytes: one line to the tool
        assertTrue(refusal(f, iptables("  # note\n")).contains("first column"));
        assertTrue(refusal(f, iptables(" \t\n")).contains("only blanks"));
        assertTrue(refusal(f, "*filter\n-A INPUT -j DROP\nCOMMIT \n").contains("alone on its line"));
        assertTrue(refusal(f, iptables("-A INPUT -j DROP -m comment --comment \"open\n")).contains("not closed"));
        assertTrue(refusal(f, "*filter nat\nCOMMIT\n").contains("not a table line"));
        assertTrue(refusal(f, iptables(":FORWARD DROP [0:0] extra\n")).contains("not a chain line"));
        assertTrue(refusal(f, iptables("[x] -A INPUT -j DROP\n")).contains("counters"));
        assertTrue(refusal(f, iptables("-A INPUT\u000b-j DROP\n")).contains("vertical tab"));
        assertTrue(refusal(f, iptables("-A INPUT -j DROP\u2028\n")).contains("U+2028"));
        assertTrue(refusal(f, iptables("-N other\n")).contains("not an iptables-save line"));
    }

    @Test
    void nftStatementsEndWhereTheScannerEndsThem() {
        AclFormat f = AclFormat.NFTABLES;
        String base = "table inet t {\n\tchain c {\n\t\tip saddr 192.0.2.1 drop\n\t}\n}\n";
        String joined = canonical(f, base);
        assertEquals("table inet t {\nchain c {\nip saddr 192.0.2.1 drop\n}\n}\n", joined);
        // A continuation joins; a comment line after it does not break the statement (the scanner takes its LF).
        assertEquals(joined, canonical(f, base.replace("192.0.2.1 drop", "192.0.2.1 \\\n\t\t\tdrop")));
        assertEquals(joined, canonical(f, base.replace("192.0.2.1 drop", "192.0.2.1 \\\n  # why\n\t\t\tdrop")));
        // A blank line after it does: two statements.
        assertTrue(canonical(f, base.replace("192.0.2.1 drop", "192.0.2.1 \\\n\n\t\t\tdrop"))
                .contains("ip saddr 192.0.2.1\ndrop\n"));
        // '#' outside quotes starts a comment anywhere; inside quotes it and the blanks are content.
        assertEquals(joined, canonical(f, base.replace("drop", "drop#no")));
        assertTrue(canonical(f, base.replace("drop", "drop comment \"a  # b\"")).contains("comment \"a  # b\""));
        // Counter values are dropped, but not a quoted comment's text.
        assertEquals(canonical(f, base.replace("drop", "counter packets 1 bytes 2 drop")),
                canonical(f, base.replace("drop", "counter packets 9 bytes 99 drop")));
        assertNotEquals(canonical(f, base.replace("drop", "drop comment \"counter packets 1 bytes 2\"")),
                canonical(f, base.replace("drop", "drop comment \"counter packets 9 bytes 99\"")));
        assertEquals(List.of("ip saddr 192.0.2.1 drop"), AclDocument.parse(base.replace("192.0.2.1 drop",
                "192.0.2.1 \\\n\t\t\tdrop").getBytes(StandardCharsets.UTF_8)).rules().stream().map(AclRule::text)
                .toList());
    }

    @Test
    void nftRefusesWhatTheScannerWouldReadOtherwise() {
        AclFormat f = AclFormat.NFTABLES;
        String base = "table inet t {\n\tchain c {\n\t\tip saddr 192.0.2.1 drop\n\t}\n}\n";
        assertTrue(refusal(f, base.replace("\t\tip", "\t\t# note\rip")).contains("carriage return"));
        assertTrue(refusal(f, base.replace("\n", "\r\n")).contains("line 1"));
        assertTrue(refusal(f, base.replace("drop", "drop comment \"a\nb\"")).contains("not closed on its line"));
        assertTrue(refusal(f, base + "# end").contains("without a line end"));
        assertTrue(refusal(f, base.replace("192.0.2.1 drop", "192.0.2.1 \\ \n drop")).contains("backslash"));
        assertTrue(refusal(f, base.replace("saddr 192", "saddr\f192")).contains("form feed"));
    }

    @Test
    void nftJsonIsItsParsedValueAndStrictlyJson() {
        AclFormat f = AclFormat.NFTABLES_JSON;
        String a = "{\"nftables\": [{\"rule\": {\"family\": \"inet\", \"table\": \"t\", \"chain\": \"c\", "
                + "\"expr\": [{\"drop\": null}]}}]}";
        assertEquals(canonical(f, a), canonical(f, a.replace(", ", ",\r\n\t")));
        assertTrue(refusal(f, a + " {}").contains("not valid JSON"));
        assertTrue(refusal(f, a.replace("\"table\": \"t\"", "\"table\": \"u\", \"table\": \"t\""))
                .contains("not valid JSON"));
    }

    @Test
    void routerConfigurationsTakeCrLfAndRefuseALoneCrAndTabs() {
        for (AclFormat f : List.of(AclFormat.CISCO_IOS, AclFormat.HUAWEI_VRP)) {
            String text = f == AclFormat.CISCO_IOS
                    ? "ip access-list extended EDGE\n 10 permit tcp any any eq 443\n 20 deny ip any any\n"
                    : "acl number 3000\n rule 5 permit tcp\n rule 10 deny ip\n";
            assertEquals(canonical(f, text), canonical(f, text.replace("\n", "\r\n")), f.id());
            assertEquals(canonical(f, text), canonical(f, text.replace(" ", "   ")), f.id());
            String cr = refusal(f, text.replaceFirst("\n ", "\r "));
            assertTrue(cr.contains("line 1") && cr.contains("CR LF"), cr);
            assertTrue(refusal(f, text.replaceFirst(" ", "\t")).contains("command completion"), f.id());
        }
        // Hit counts are dropped at the end of an entry, not from a remark's text.
        String ios = "ip access-list extended EDGE\n remark seen (3 matches)\n 10 permit tcp any any (12 matches)\n";
        assertEquals("ip access-list extended EDGE\nremark seen (3 matches)\n10 permit tcp any any\n",
                canonical(AclFormat.CISCO_IOS, ios));
        String vrp = "acl number 3000\n description x (7 times matched)\n rule 5 permit tcp (7 times matched)\n";
        assertEquals("acl number 3000\ndescription x (7 times matched)\nrule 5 permit tcp\n",
                canonical(AclFormat.HUAWEI_VRP, vrp));
    }
}
