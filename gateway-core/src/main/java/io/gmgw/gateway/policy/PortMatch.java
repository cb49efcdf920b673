package io.gmgw.gateway.policy;

import java.util.Arrays;

/**
 * A TCP or UDP port condition as Cisco IOS writes it: {@code eq P…}, {@code neq P…}, {@code lt P}, {@code gt P},
 * {@code range A B} (inclusive). A packet without ports (a non-initial fragment) matches none.
 */
public record PortMatch(Operator operator, int[] ports, String text) {
    public enum Operator { EQ, NEQ, LT, GT, RANGE }

    public PortMatch {
        ports = ports.clone();
    }

    public boolean matches(int port) {
        if (port < 0) {
            return false;
        }
        return switch (operator) {
            case EQ -> contains(port);
            case NEQ -> !contains(port);
            case LT -> port < ports[0];
            case GT -> port > ports[0];
            case RANGE -> port >= ports[0] && port <= ports[1];
        };
    }

    private boolean contains(int port) {
        for (int p : ports) {
            if (p == port) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int[] ports() {
        return ports.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PortMatch m && m.operator == operator && Arrays.equals(m.ports, ports);
    }

    @Override
    public int hashCode() {
        return operator.hashCode() * 31 + Arrays.hashCode(ports);
    }

    @Override
    public String toString() {
        return text;
    }
}
