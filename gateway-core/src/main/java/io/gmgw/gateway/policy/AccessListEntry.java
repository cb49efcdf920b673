package io.gmgw.gateway.policy;

import io.gmgw.gateway.packet.IpPacket;

/**
 * One {@code permit}/{@code deny} entry of a group's ACL, compiled for matching. {@code protocol} is -1 for
 * {@code ip}/{@code ipv6} (any); {@code sourcePorts}/{@code destinationPorts} null for none; {@code icmpType} and
 * {@code icmpCode} -1 for any; {@code tcpFlags} the flags that must all be set (0 for none); {@code text} and
 * {@code line} are the entry as signed, for counters and audit records.
 *
 * <p>Fragments follow Cisco IOS ("Access Control Lists and IP Fragments"): a non-initial fragment has no ports, flags
 * or ICMP type, so an entry without such layer-4 conditions matches it on addresses and protocol; a {@code permit}
 * entry with layer-4 conditions permits it on addresses and protocol too (the first fragment was checked in full, and
 * without it the rest is useless); a {@code deny} entry with layer-4 conditions does not match it (it cannot tell,
 * so the next entry decides). An entry with {@code fragments} matches non-initial fragments only.
 */
public record AccessListEntry(String list, int family, int sequence, boolean permit, int protocol,
        AddressMatch source, PortMatch sourcePorts, AddressMatch destination, PortMatch destinationPorts,
        int icmpType, int icmpCode, boolean established, int tcpFlags, boolean fragments, boolean log, String text,
        int line) {
    static final int ACK = 0x10;
    static final int RST = 0x04;

    /** Whether the entry looks past addresses and protocol. */
    public boolean hasLayer4() {
        return sourcePorts != null || destinationPorts != null || icmpType >= 0 || established || tcpFlags != 0;
    }

    /** Whether {@code p} (well-formed, of this entry's family) matches, travelling {@code direction}. */
    public boolean matches(IpPacket p, Direction direction) {
        if (protocol >= 0 && p.protocol() != protocol) {
            return false;
        }
        boolean swap = direction == Direction.TO_CLIENT;
        boolean addresses = swap
                ? source.matches(p.destinationHigh(), p.destinationLow())
                        && destination.matches(p.sourceHigh(), p.sourceLow())
                : source.matches(p.sourceHigh(), p.sourceLow())
                        && destination.matches(p.destinationHigh(), p.destinationLow());
        if (!addresses) {
            return false;
        }
        if (p.isNonInitialFragment()) {
            return fragments || !hasLayer4() || permit;
        }
        if (fragments) {
            return false;
        }
        if (sourcePorts != null && !sourcePorts.matches(swap ? p.destinationPort() : p.sourcePort())) {
            return false;
        }
        if (destinationPorts != null && !destinationPorts.matches(swap ? p.sourcePort() : p.destinationPort())) {
            return false;
        }
        if (established && (p.tcpFlags() & (ACK | RST)) == 0) {
            return false;
        }
        if (tcpFlags != 0 && (p.tcpFlags() & tcpFlags) != tcpFlags) {
            return false;
        }
        if (icmpType >= 0) {
            int type = p.icmpType();
            // To the client, an informational request type also matches its reply: "permit icmp any host X echo"
            // lets the client ping X and get the answers, as one rule covers a TCP conversation both ways.
            boolean typeMatches = type == icmpType || swap && type == ServiceNames.replyTo(icmpType, family);
            if (!typeMatches || icmpCode >= 0 && p.icmpCode() != icmpCode) {
                return false;
            }
        }
        return true;
    }

    /** The entry as an operator reads it in a report: {@code LIST seq N: TEXT (line L)}. */
    public String describe() {
        return list + " seq " + sequence + ": " + text + " (line " + line + ")";
    }
}
