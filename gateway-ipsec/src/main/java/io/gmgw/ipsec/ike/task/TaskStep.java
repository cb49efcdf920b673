package io.gmgw.ipsec.ike.task;

import java.util.ArrayList;
import java.util.List;

/** What one call into an exchange produced: datagrams to send and events to report, in order. */
public record TaskStep(List<Outbound> send, List<IkeEvent> events) {
    public static final TaskStep NOTHING = new TaskStep(List.of(), List.of());

    public TaskStep {
        send = List.copyOf(send);
        events = List.copyOf(events);
    }

    static TaskStep send(Outbound o) {
        return new TaskStep(List.of(o), List.of());
    }

    static TaskStep event(IkeEvent e) {
        return new TaskStep(List.of(), List.of(e));
    }

    TaskStep and(TaskStep o) {
        List<Outbound> s = new ArrayList<>(send);
        s.addAll(o.send);
        List<IkeEvent> e = new ArrayList<>(events);
        e.addAll(o.events);
        return new TaskStep(s, e);
    }
}
