package io.gmgw.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The cycle search finds every cycle and nothing else. */
class PackageCyclesTest {
    @Test
    void everyStronglyConnectedGroupIsACycle() {
        Map<String, Set<String>> g = new TreeMap<>(Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a", "d"),
                "d", Set.of("e"), "e", Set.of("d"), "f", Set.of("a")));
        assertEquals(List.of(Set.of("d", "e"), Set.of("a", "b", "c")), PackageCycles.cycles(g));
        assertEquals(List.of(), PackageCycles.cycles(Map.of("a", Set.of("b"), "b", Set.of())));
    }
}
