package io.gmgw.cli.control;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How the control commands write times, durations and byte counts for people. */
public final class Formats {
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private Formats() {
    }

    /** {@code 2026-12-07 09:00:00 UTC}. */
    public static String time(Instant instant) {
        return instant == null ? "-" : UTC.format(instant);
    }

    /** {@code 45s}, {@code 12m05s}, {@code 3h05m}, {@code 2d04h}: no space, so a table cell stays one awk field. */
    public static String duration(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return "%dm%02ds".formatted(s / 60, s % 60);
        }
        if (s < 86400) {
            return "%dh%02dm".formatted(s / 3600, s % 3600 / 60);
        }
        return "%dd%02dh".formatted(s / 86400, s % 86400 / 3600);
    }

    /** {@code 512B}, {@code 1.5KiB}, {@code 20.0MiB}, ... */
    public static String bytes(long n) {
        if (n < 1024) {
            return n + "B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f%s", v, units[u]);
    }
}
