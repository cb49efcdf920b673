package io.gmgw.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The topology itself: reachability as designed, forwarding, bounded commands and waits, and complete clean-up. */
@Timeout(60)
class NamespaceTopologyTest {
    @TempDir
    Path dir;

    @Test
    void theClientReachesTheInsideOnlyThroughTheGatewaysRoutesAndCloseRemovesEverything() throws Exception {
        NamespaceTopology topology = NamespaceTopology.create(dir);
        List<String> names = List.of(topology.client().name(), topology.gateway().name(), topology.inside().name());
        NamespaceProcess daemon;
        java.util.concurrent.atomic.AtomicBoolean hookRan = new java.util.concurrent.atomic.AtomicBoolean();
        try (topology) {
            topology.onClose(() -> hookRan.set(!daemonStillRuns(topology)));
            TopologyAddresses a = topology.addresses();
            TopologyPrograms programs = TopologyPrograms.install(dir);
            assertTrue(NamespaceTopology.listNamespaces().containsAll(names), names.toString());
            // The gateway sees both links; the inside host routes the pools back through it.
            assertTrue(probe(topology.gateway(), programs, a.client4(), 1).ok());
            assertTrue(probe(topology.gateway(), programs, a.inside6(), 1).ok());
            assertTrue(topology.inside().runChecked("ip", "route", "get", "10.71.3.7").contains("via "
                    + a.gatewayInner4()));
            // Without a tunnel the client has no route to the inside network.
            CommandResult unreachable = probe(topology.client(), programs, a.inside4(), 1);
            assertFalse(unreachable.ok(), unreachable.describe());
            assertTrue(unreachable.stdout().contains("\"received\": 0"), unreachable.describe());

            topology.routeClientToInsideDirectly();
            CommandResult v4 = probe(topology.client(), programs, a.inside4(), 2);
            CommandResult v6 = probe(topology.client(), programs, a.inside6(), 2);
            assertTrue(v4.ok() && v6.ok(), "forwarding in the gateway: " + v4.describe() + "\n" + v6.describe());

            // A process left running, and one that its parent left behind (as daemons do).
            daemon = topology.gateway().start("sleeper", "sleep", "600");
            topology.inside().run(Duration.ofSeconds(10), Map.of(), List.of("sh", "-c", "sleep 600 & echo $!"))
                    .orThrow();
            assertTrue(daemon.isAlive());
            assertEquals(1, topology.inside().pids().size(), "the orphaned sleep runs in the inside namespace");
        }
        assertFalse(daemon.isAlive(), "stopped and reaped on close");
        assertTrue(hookRan.get(), "the clean-up hook ran, after the processes were gone");
        List<String> left = NamespaceTopology.listNamespaces();
        for (String name : names) {
            assertFalse(left.contains(name), name + " deleted");
        }
    }

    @Test
    void aCommandOverItsTimeIsKilledAndAWaitEndsWithTheTranscript() throws Exception {
        try (NamespaceTopology topology = NamespaceTopology.create(dir)) {
            long start = System.nanoTime();
            IllegalStateException overrun = assertThrows(IllegalStateException.class, () -> topology.client().run(
                    Duration.ofMillis(300), Map.of(), List.of("sh", "-c", "echo started; sleep 30")));
            assertTrue(overrun.getMessage().contains("did not finish within 300 ms"), overrun.getMessage());
            assertTrue(overrun.getMessage().contains("started"), overrun.getMessage());
            assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 20, "killed, not waited for");

            NamespaceProcess talker = topology.client().start("talker", "sh", "-c", "echo one; echo two; exit 3");
            assertEquals("two", talker.awaitLine(Pattern.compile("^t(w)o$"), Duration.ofSeconds(10)).group());
            TimeoutException never = assertThrows(TimeoutException.class,
                    () -> talker.awaitLine(Pattern.compile("three"), Duration.ofSeconds(10)));
            assertTrue(never.getMessage().contains("before its output ended"), never.getMessage());
            assertTrue(never.getMessage().contains("one\ntwo"), never.getMessage());
            assertEquals(3, talker.awaitExit(Duration.ofSeconds(10)));

            NamespaceProcess silent = topology.client().start("silent", "sleep", "600");
            TimeoutException late = assertThrows(TimeoutException.class,
                    () -> silent.awaitLine(Pattern.compile("x"), Duration.ofMillis(200)));
            assertTrue(late.getMessage().contains("within 200 ms"), late.getMessage());
        }
    }

    @Test
    void leftoversOfARunWhoseJvmIsGoneAreRemovedAndLiveOnesKept() throws Exception {
        try (NamespaceTopology live = NamespaceTopology.create(dir)) {
            Process finished = new ProcessBuilder("true").start();
            finished.waitFor();
            String stale = NamespaceTopology.PREFIX + finished.pid() + "-1-cli";
            Commands.run(Duration.ofSeconds(10), "ip", "netns", "add", stale).orThrow();
            try {
                List<String> removed = NamespaceTopology.removeLeftovers();
                assertTrue(removed.contains(stale), removed.toString());
                assertFalse(removed.contains(live.gateway().name()), removed.toString());
                List<String> now = NamespaceTopology.listNamespaces();
                assertFalse(now.contains(stale), now.toString());
                assertTrue(now.contains(live.gateway().name()), now.toString());
            } finally {
                Commands.run(Duration.ofSeconds(10), "ip", "netns", "del", stale);
            }
        }
    }

    private static boolean daemonStillRuns(NamespaceTopology t) {
        return !t.gateway().pids().isEmpty() || !t.inside().pids().isEmpty();
    }

    private static CommandResult probe(Namespace from, TopologyPrograms programs, String target, int count) {
        return from.run(Duration.ofSeconds(20), Map.of(), List.of(programs.python().toString(),
                programs.path(TopologyPrograms.ICMP_PROBE).toString(), target, Integer.toString(count), "20", "2"));
    }
}
