package io.gmgw.bench.tunnel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time of other processes from {@code /proc/PID/stat} (proc(5)): utime + stime, fields 14 and 15, in clock ticks
 * of {@code sysconf(_SC_CLK_TCK)}, which Linux fixes at 100 per second for user space (USER_HZ) on every architecture
 * the project builds for. The comm field (2) may hold spaces and parentheses, so fields are counted after its last
 * {@code ')'}.
 */
final class ProcessCpu {
    /** USER_HZ: the unit of the stat file's times. */
    static final long TICKS_PER_SECOND = 100;

    private ProcessCpu() {
    }

    /** utime + stime of each pid that still exists, in ticks. */
    static Map<Long, Long> ticks(List<Long> pids) {
        Map<Long, Long> ticks = new HashMap<>();
        for (long pid : pids) {
            try {
                ticks.put(pid, parseTicks(Files.readString(Path.of("/proc", Long.toString(pid), "stat"))));
            } catch (NoSuchFileException e) {
                // ended: its last share is lost, which the caller sees as a pid missing from the map
            } catch (IOException e) {
                throw new IllegalStateException("cannot read /proc/" + pid + "/stat", e);
            }
        }
        return ticks;
    }

    /** utime + stime from one stat line. */
    static long parseTicks(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        // f[0] is field 3 (state); utime and stime are fields 14 and 15.
        return Long.parseLong(f[14 - 3]) + Long.parseLong(f[15 - 3]);
    }

    /** CPU seconds spent between two readings by the pids present in both. */
    static double secondsBetween(Map<Long, Long> before, Map<Long, Long> after) {
        long ticks = 0;
        for (Map.Entry<Long, Long> e : after.entrySet()) {
            Long b = before.get(e.getKey());
            if (b != null) {
                ticks += e.getValue() - b;
            }
        }
        return (double) ticks / TICKS_PER_SECOND;
    }
}
