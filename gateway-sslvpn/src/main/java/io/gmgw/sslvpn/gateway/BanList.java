package io.gmgw.sslvpn.gateway;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ban points per source address, ocserv's model (max-ban-score, ban-points-*, ban-reset-time): each connection and
 * each failed login adds points; a source whose score reaches the maximum is refused before the secure channel's
 * handshake and the HTTP phase; points (and the ban) are forgotten {@code resetNanos} after the last one. Bounded:
 * the least recently scored sources are forgotten first. Thread-safe; times are ticker nanoseconds passed in.
 */
public final class BanList {
    private static final class Score {
        int points;
        long last;
    }

    private final int maxScore;
    private final long resetNanos;
    private final Map<InetAddress, Score> scores;

    public BanList(int maxScore, long resetNanos, int capacity) {
        this.maxScore = maxScore;
        this.resetNanos = resetNanos;
        this.scores = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<InetAddress, Score> eldest) {
                return size() > capacity;
            }
        };
    }

    public synchronized boolean isBanned(InetAddress source, long now) {
        Score s = current(source, now);
        return s != null && s.points >= maxScore;
    }

    /**
     * Adds {@code points} to {@code source}.
     *
     * @return true when this made the source banned (the moment to write the audit line)
     */
    public synchronized boolean add(InetAddress source, int points, long now) {
        if (points <= 0) {
            return false;
        }
        Score s = current(source, now);
        if (s == null) {
            s = new Score();
            scores.put(source, s);
        }
        boolean was = s.points >= maxScore;
        s.points = (int) Math.min(Integer.MAX_VALUE, (long) s.points + points);
        s.last = now;
        return !was && s.points >= maxScore;
    }

    /** A banned source: its points, and how many nanoseconds from {@code now} until the ban is lifted. */
    public record Banned(InetAddress source, int points, long remainingNanos) {
    }

    /** The sources banned at {@code now}, for the control socket's status. */
    public synchronized List<Banned> banned(long now) {
        List<Banned> out = new ArrayList<>();
        for (Map.Entry<InetAddress, Score> e : scores.entrySet()) {
            Score s = e.getValue();
            long remaining = s.last + resetNanos - now;
            if (s.points >= maxScore && remaining > 0) {
                out.add(new Banned(e.getKey(), s.points, remaining));
            }
        }
        return out;
    }

    public synchronized int score(InetAddress source, long now) {
        Score s = current(source, now);
        return s == null ? 0 : s.points;
    }

    private Score current(InetAddress source, long now) {
        Score s = scores.get(source);
        if (s != null && now - s.last >= resetNanos) {
            scores.remove(source);
            return null;
        }
        return s;
    }
}
