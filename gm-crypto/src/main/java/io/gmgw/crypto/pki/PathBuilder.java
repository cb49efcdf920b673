package io.gmgw.crypto.pki;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Builds candidate certification paths from an end entity up to a trust anchor (RFC 4158 style, depth first): the
 * issuer of a certificate is any known certificate whose subject equals its issuer name (RFC 5280 §7.1 comparison, as
 * Bouncy Castle's {@code X500Name} does it) and, where both carry key identifiers, whose subjectKeyIdentifier equals
 * its authorityKeyIdentifier (§4.2.1.1). Trust anchors are tried before other issuers, so the shortest trusted path
 * comes first.
 *
 * <p>The search is bounded: no certificate (nor the same subject with the same key) twice in a path, at most
 * {@code maxLength} certificates per path, at most {@link #MAX_VISITS} certificates visited in all — so neither loops
 * among cross-certificates nor a peer presenting many same-named CAs can make it run long. One builder per search; not
 * thread-safe.
 */
final class PathBuilder {
    static final int MAX_VISITS = 256;

    private final List<Sm2Certificate> anchors;
    private final List<Sm2Certificate> pool;
    private final int maxLength;
    private int visits;
    private boolean truncated;
    private boolean exhausted;
    private Sm2Certificate deadEnd;

    /** {@code anchors} are trusted; {@code others} (presented and configured intermediates) are only candidates. */
    PathBuilder(List<Sm2Certificate> anchors, List<Sm2Certificate> others, int maxLength) {
        this.anchors = List.copyOf(new LinkedHashSet<>(anchors));
        Set<Sm2Certificate> rest = new LinkedHashSet<>(others);
        rest.removeAll(this.anchors);
        List<Sm2Certificate> all = new ArrayList<>(this.anchors);
        all.addAll(rest);
        this.pool = all;
        this.maxLength = maxLength;
    }

    /**
     * Offers every path from {@code leaf} to an anchor to {@code consumer}, leaf first, until it returns true.
     *
     * @return whether the consumer accepted a path
     */
    boolean search(Sm2Certificate leaf, Predicate<List<Sm2Certificate>> consumer) {
        List<Sm2Certificate> path = new ArrayList<>();
        path.add(leaf);
        return extend(path, consumer);
    }

    /** Whether some path was cut short by the length limit before reaching an anchor. */
    boolean truncated() {
        return truncated;
    }

    /** Whether the search stopped because it visited {@link #MAX_VISITS} certificates. */
    boolean exhausted() {
        return exhausted;
    }

    /** The first certificate met whose issuer could not be found, or null. */
    Sm2Certificate deadEnd() {
        return deadEnd;
    }

    private boolean extend(List<Sm2Certificate> path, Predicate<List<Sm2Certificate>> consumer) {
        Sm2Certificate current = path.get(path.size() - 1);
        if (anchors.contains(current)) {
            return consumer.test(List.copyOf(path));
        }
        if (path.size() >= maxLength) {
            truncated = true;
            return false;
        }
        if (++visits > MAX_VISITS) {
            exhausted = true;
            return false;
        }
        boolean found = false;
        for (Sm2Certificate candidate : pool) {
            if (!issues(candidate, current) || inPath(path, candidate)) {
                continue;
            }
            found = true;
            path.add(candidate);
            boolean accepted = extend(path, consumer);
            path.remove(path.size() - 1);
            if (accepted) {
                return true;
            }
        }
        if (!found && deadEnd == null) {
            deadEnd = current;
        }
        return false;
    }

    /** Whether {@code issuer} may have issued {@code cert}, judged by names and key identifiers (not signatures). */
    static boolean issues(Sm2Certificate issuer, Sm2Certificate cert) {
        if (!issuer.subject().equals(cert.issuer())) {
            return false;
        }
        byte[] aki = cert.authorityKeyIdentifier();
        byte[] ski = issuer.subjectKeyIdentifier();
        return aki == null || ski == null || Arrays.equals(aki, ski);
    }

    private static boolean inPath(List<Sm2Certificate> path, Sm2Certificate candidate) {
        for (Sm2Certificate c : path) {
            if (c.equals(candidate) || (c.subject().equals(candidate.subject())
                    && c.publicKey().equals(candidate.publicKey()))) {
                return true;
            }
        }
        return false;
    }
}
