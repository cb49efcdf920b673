package io.gmgw.ipsec.ike.task;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * An in-memory wire between two sessions: delivers what each sends to the other until nothing is in flight, keeping
 * every datagram and event; {@code drop} decides (by direction and per-direction index) which datagrams are lost.
 */
final class Wire {
    final IsakmpSession left;
    final IsakmpSession right;
    final List<byte[]> leftSent = new ArrayList<>();
    final List<byte[]> rightSent = new ArrayList<>();
    final List<IkeEvent> leftEvents = new ArrayList<>();
    final List<IkeEvent> rightEvents = new ArrayList<>();
    BiPredicate<Boolean, Integer> drop = (fromLeft, index) -> false;

    Wire(IsakmpSession left, IsakmpSession right) {
        this.left = left;
        this.right = right;
    }

    /** Handles a step of the left (true) or right session and everything it causes. */
    void run(boolean fromLeft, TaskStep step, Instant now) {
        List<Object[]> queue = new ArrayList<>();
        queue.add(new Object[] {fromLeft, step});
        for (int guard = 0; !queue.isEmpty(); guard++) {
            if (guard > 100) {
                throw new AssertionError("the sessions ping-pong forever");
            }
            Object[] next = queue.removeFirst();
            boolean l = (Boolean) next[0];
            TaskStep s = (TaskStep) next[1];
            (l ? leftEvents : rightEvents).addAll(s.events());
            for (Outbound o : s.send()) {
                List<byte[]> sent = l ? leftSent : rightSent;
                sent.add(o.datagram());
                if (drop.test(l, sent.size() - 1)) {
                    continue;
                }
                IsakmpSession to = l ? right : left;
                queue.add(new Object[] {!l, to.receive(o.datagram(), o.natTPort(), now)});
            }
        }
    }

    void tick(Instant now) {
        run(true, left.tick(now), now);
        run(false, right.tick(now), now);
    }

    <T extends IkeEvent> List<T> events(boolean ofLeft, Class<T> kind) {
        return (ofLeft ? leftEvents : rightEvents).stream().filter(kind::isInstance).map(kind::cast).toList();
    }
}
