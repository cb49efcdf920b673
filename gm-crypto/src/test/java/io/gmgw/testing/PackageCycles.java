package io.gmgw.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;

/**
 * Package cycles in a module's compiled classes, found by the JDK's own jdeps ({@code -verbose:package} lists which
 * package uses which) and Tarjan's strongly connected components. Each module's test names the cycles it still has
 * (none, ideally); a new cycle, or a known one that grows, fails the build.
 */
public final class PackageCycles {
    private PackageCycles() {
    }

    /** The classes folder or jar {@code type} was loaded from. */
    public static Path classesOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Package → the packages starting with {@code prefix} it uses (itself left out), from jdeps. */
    public static Map<String, Set<String>> dependencies(Path classes, String prefix) {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new AssertionError("this JDK has no "
                + "jdeps tool (module jdk.jdeps)"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = jdeps.run(new PrintWriter(out), new PrintWriter(err), "-verbose:package", classes.toString());
        assertEquals(0, code, () -> "jdeps failed: " + err + out);
        Pattern edge = Pattern.compile("^\\s*(" + Pattern.quote(prefix) + "[\\w.]*)\\s+->\\s+("
                + Pattern.quote(prefix) + "[\\w.]*)\\s");
        Map<String, Set<String>> uses = new TreeMap<>();
        for (String line : out.toString().split("\n")) {
            Matcher m = edge.matcher(line);
            if (m.find() && !m.group(1).equals(m.group(2))) {
                uses.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(m.group(2));
                uses.computeIfAbsent(m.group(2), k -> new TreeSet<>());
            }
        }
        return uses;
    }

    /** The cycles: every strongly connected component of more than one package, each sorted. */
    public static List<Set<String>> cycles(Map<String, Set<String>> uses) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<Set<String>> out = new ArrayList<>();
        int[] counter = {0};
        for (String v : uses.keySet()) {
            if (!index.containsKey(v)) {
                strongConnect(v, uses, index, low, stack, onStack, out, counter);
            }
        }
        return out;
    }

    private static void strongConnect(String v, Map<String, Set<String>> uses, Map<String, Integer> index,
            Map<String, Integer> low, Deque<String> stack, Set<String> onStack, List<Set<String>> out, int[] counter) {
        index.put(v, counter[0]);
        low.put(v, counter[0]++);
        stack.push(v);
        onStack.add(v);
        for (String w : uses.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                strongConnect(w, uses, index, low, stack, onStack, out, counter);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> component = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            if (component.size() > 1) {
                out.add(component);
            }
        }
    }

    /**
     * Fails unless every cycle among {@code prefix} packages in {@code classes} lies within one of {@code known}: a new
     * cycle, or a known one that takes in another package, is a failure naming it and its edges.
     */
    public static void assertNoCyclesBeyond(Path classes, String prefix, List<Set<String>> known) {
        Map<String, Set<String>> uses = dependencies(classes, prefix);
        if (uses.isEmpty()) {
            fail("jdeps listed no " + prefix + " package of " + classes + ": nothing was checked");
        }
        for (Set<String> cycle : cycles(uses)) {
            if (known.stream().noneMatch(k -> k.containsAll(cycle))) {
                StringBuilder edges = new StringBuilder();
                for (String p : cycle) {
                    edges.append("\n  ").append(p).append(" -> ")
                            .append(uses.get(p).stream().filter(cycle::contains).toList());
                }
                fail("a package cycle in " + classes + ": " + cycle + edges);
            }
        }
    }
}
