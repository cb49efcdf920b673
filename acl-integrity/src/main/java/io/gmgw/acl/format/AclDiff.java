package io.gmgw.acl.format;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rule-level difference between two versions of an ACL: rules removed and added (by context and canonical text,
 * so counters, comments and whitespace never show up as changes), and whether the rules both have were reordered —
 * which matters, because the first matching rule decides. The common prefix and suffix are matched first; in between,
 * a longest common subsequence when that is small enough (up to 4 million cells), else a multiset comparison.
 */
public record AclDiff(List<AclRule> removed, List<AclRule> added, boolean reordered) {
    private static final long LCS_LIMIT = 4_000_000L;

    public AclDiff {
        removed = List.copyOf(removed);
        added = List.copyOf(added);
    }

    public boolean isEmpty() {
        return removed.isEmpty() && added.isEmpty() && !reordered;
    }

    public static AclDiff between(AclDocument older, AclDocument newer) {
        List<AclRule> a = older.rules();
        List<AclRule> b = newer.rules();
        int start = 0;
        while (start < a.size() && start < b.size() && a.get(start).key().equals(b.get(start).key())) {
            start++;
        }
        int endA = a.size();
        int endB = b.size();
        while (endA > start && endB > start && a.get(endA - 1).key().equals(b.get(endB - 1).key())) {
            endA--;
            endB--;
        }
        List<AclRule> midA = a.subList(start, endA);
        List<AclRule> midB = b.subList(start, endB);
        if ((long) midA.size() * midB.size() <= LCS_LIMIT) {
            return lcs(midA, midB);
        }
        return multiset(midA, midB);
    }

    private static AclDiff lcs(List<AclRule> a, List<AclRule> b) {
        int n = a.size();
        int m = b.size();
        int[][] len = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                len[i][j] = a.get(i).key().equals(b.get(j).key()) ? len[i + 1][j + 1] + 1
                        : Math.max(len[i + 1][j], len[i][j + 1]);
            }
        }
        List<AclRule> removed = new ArrayList<>();
        List<AclRule> added = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < n && j < m) {
            if (a.get(i).key().equals(b.get(j).key())) {
                i++;
                j++;
            } else if (len[i + 1][j] >= len[i][j + 1]) {
                removed.add(a.get(i++));
            } else {
                added.add(b.get(j++));
            }
        }
        removed.addAll(a.subList(i, n));
        added.addAll(b.subList(j, m));
        // A rule that moved shows up as removed here and added there: report it as a reordering.
        AclDiff moved = multiset(removed, added);
        boolean reordered = moved.removed().size() < removed.size();
        return new AclDiff(moved.removed(), moved.added(), reordered);
    }

    private static AclDiff multiset(List<AclRule> a, List<AclRule> b) {
        Map<String, Integer> counts = new HashMap<>();
        for (AclRule r : b) {
            counts.merge(r.key(), 1, Integer::sum);
        }
        List<AclRule> removed = new ArrayList<>();
        for (AclRule r : a) {
            Integer c = counts.get(r.key());
            if (c == null || c == 0) {
                removed.add(r);
            } else {
                counts.put(r.key(), c - 1);
            }
        }
        Map<String, Integer> left = new HashMap<>();
        for (AclRule r : a) {
            left.merge(r.key(), 1, Integer::sum);
        }
        List<AclRule> added = new ArrayList<>();
        for (AclRule r : b) {
            Integer c = left.get(r.key());
            if (c == null || c == 0) {
                added.add(r);
            } else {
                left.put(r.key(), c - 1);
            }
        }
        boolean reordered = removed.size() < a.size() && !a.isEmpty() && !b.isEmpty()
                && (removed.size() + added.size() < a.size() + b.size());
        return new AclDiff(removed, added, reordered);
    }
}
