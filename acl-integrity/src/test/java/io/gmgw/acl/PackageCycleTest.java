package io.gmgw.acl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.acl.format.AclDocument;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * No cycle among the io.gmgw.acl packages of the compiled module: the JDK's own jdeps ({@code -verbose:package})
 * lists which package uses which, and a depth-first search finds any way back. (acl.sign and acl.log used each
 * other until acl.sign asked the chain only through its {@code AclHistory} interface.)
 */
class PackageCycleTest {
    private static final Pattern EDGE = Pattern.compile(
            "^\\s*(io\\.gmgw\\.acl[\\w.]*)\\s+->\\s+(io\\.gmgw\\.acl[\\w.]*)\\s");

    @Test
    void theAclPackagesFormNoCycle() throws Exception {
        Path classes = Path.of(AclDocument.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Map<String, Set<String>> uses = dependencies(classes);
        // The listing was read: the packages and some edges every version of the module has.
        assertTrue(uses.keySet().containsAll(List.of("io.gmgw.acl.format", "io.gmgw.acl.sign", "io.gmgw.acl.log",
                "io.gmgw.acl.live")), uses::toString);
        assertTrue(uses.get("io.gmgw.acl.log").contains("io.gmgw.acl.sign"), uses::toString);
        assertEquals(List.of(), cycle(uses), () -> "a package cycle in acl-integrity: " + uses);
    }

    @Test
    void theSearchFindsACycleWhenThereIsOne() {
        Map<String, Set<String>> g = new TreeMap<>(Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a", "d"),
                "d", Set.of()));
        assertEquals(List.of("a", "b", "c", "a"), cycle(g));
        assertEquals(List.of(), cycle(Map.of("a", Set.of("b"), "b", Set.of())));
    }

    /** Package → the io.gmgw.acl packages it uses, from jdeps. */
    static Map<String, Set<String>> dependencies(Path classes) {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new AssertionError("this JDK has no "
                + "jdeps tool (module jdk.jdeps)"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = jdeps.run(new PrintWriter(out), new PrintWriter(err), "-verbose:package", classes.toString());
        assertEquals(0, code, () -> "jdeps failed: " + err + out);
        Map<String, Set<String>> uses = new TreeMap<>();
        for (String line : out.toString().split("\n")) {
            Matcher m = EDGE.matcher(line);
            if (m.find() && !m.group(1).equals(m.group(2))) {
                uses.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(m.group(2));
                uses.computeIfAbsent(m.group(2), k -> new TreeSet<>());
            }
        }
        return uses;
    }

    /** One cycle (its packages, the first repeated at the end), or an empty list. */
    static List<String> cycle(Map<String, Set<String>> uses) {
        Map<String, Integer> state = new TreeMap<>(); // absent: new, 1: on the path, 2: done
        for (String start : new TreeSet<>(uses.keySet())) {
            List<String> path = new ArrayList<>();
            List<String> found = visit(start, uses, state, path);
            if (!found.isEmpty()) {
                return found;
            }
        }
        return List.of();
    }

    private static List<String> visit(String node, Map<String, Set<String>> uses, Map<String, Integer> state,
            List<String> path) {
        Integer s = state.get(node);
        if (s != null && s == 2) {
            return List.of();
        }
        if (s != null && s == 1) {
            List<String> c = new ArrayList<>(path.subList(path.indexOf(node), path.size()));
            c.add(node);
            return c;
        }
        state.put(node, 1);
        path.add(node);
        for (String next : new TreeSet<>(uses.getOrDefault(node, Set.of()))) {
            List<String> found = visit(next, uses, state, path);
            if (!found.isEmpty()) {
                return found;
            }
        }
        path.remove(path.size() - 1);
        state.put(node, 2);
        return List.of();
    }
}
