package io.gmgw.sslvpn.gateway;

import io.gmgw.gateway.ratelimit.SourcePrefix;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ban points per source, ocserv's model (max-ban-score, ban-points-*, ban-reset-time): each connection and each
 * failed login adds points; a source whose score reaches the maximum is refused before the secure channel's handshake
 * and the HTTP phase; points (and the ban) are forgotten {@code resetNanos} after the last one. A source is an IPv4
 * address or an IPv6 /64, as the handshake rate limiter counts them ({@link SourcePrefix}): one IPv6 host usually
 * has a whole /64 and would otherwise escape a ban by changing address. Bounded: when full, an expired entry goes,
 * else the lowest score that is not a ban; a ban is never forgotten early. Thread-safe; times are ticker nanoseconds
 * passed in.
 */
public final class BanList {
    private static final class Score {
        int points;
        long last;
    }

    private final int maxScore;
    private final long resetNanos;
    private final int capacity;
    private final Map<SourcePrefix, Score> scores = new LinkedHashMap<>(64, 0.75f, true);

    public BanList(int maxScore, long resetNanos, int capacity) {
        this.maxScore = maxScore;
        this.resetNanos = resetNanos;
        this.capacity = capacity;
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
            if (scores.size() >= capacity && !makeRoom(now)) {
                return false; // the table holds nothing but bans: those stay, this source goes uncounted for now
            }
            s = new Score();
            scores.put(SourcePrefix.of(source), s);
        }
        boolean was = s.points >= maxScore;
        s.points = (int) Math.min(Integer.MAX_VALUE, (long) s.points + points);
        s.last = now;
        return !was && s.points >= maxScore;
    }

    /**
     * A banned source (an IPv4 address, or an IPv6 /64 written {@code 2001:db8:1:2::/64}): its points, and how many
     * nanoseconds from {@code now} until the ban is lifted.
     */
    public record Banned(String source, int points, long remainingNanos) {
    }

    /** The sources banned at {@code now}, for the control socket's status. */
    public synchronized List<Banned> banned(long now) {
        List<Banned> out = new ArrayList<>();
        for (Map.Entry<SourcePrefix, Score> e : scores.entrySet()) {
            Score s = e.getValue();
            long remaining = s.last + resetNanos - now;
            if (s.points >= maxScore && remaining > 0) {
                out.add(new Banned(e.getKey().toString(), s.points, remaining));
            }
        }
        return out;
    }

    public synchronized int score(InetAddress source, long now) {
        Score s = current(source, now);
        return s == null ? 0 : s.points;
    }

    private Score current(InetAddress source, long now) {
        SourcePrefix key = SourcePrefix.of(source);
        Score s = scores.get(key);
        if (s != null && now - s.last >= resetNanos) {
            scores.remove(key);
            return null;
        }
        return s;
    }

    /**
     * Frees one entry: the first expired one met (least recently used first), else the lowest score below a ban
     * (the scan stops at a score of 1, nothing is lower). False when every entry is a live ban.
     */
    private boolean makeRoom(long now) {
        Map.Entry<SourcePrefix, Score> victim = null;
        for (Iterator<Map.Entry<SourcePrefix, Score>> it = scores.entrySet().iterator(); it.hasNext();) {
            Map.Entry<SourcePrefix, Score> e = it.next();
            Score s = e.getValue();
            if (now - s.last >= resetNanos) {
                it.remove();
                return true;
            }
            if (s.points < maxScore && (victim == null || s.points < victim.getValue().points)) {
                victim = e;
                if (s.points <= 1) {
                    break;
                }
            }
        }
        if (victim == null) {
            return false;
        }
        scores.remove(victim.getKey());
        return true;
    }

    public synchronized int size() {
        return scores.size();
    }
}
