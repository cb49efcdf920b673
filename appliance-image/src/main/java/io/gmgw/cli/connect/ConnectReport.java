package io.gmgw.cli.connect;

import io.gmgw.sslvpn.client.TunnelParameters;
import io.gmgw.sslvpn.client.VpnClient;
import io.gmgw.sslvpn.client.packet.Pinger;
import java.net.InetAddress;
import java.util.List;

/** What {@code gmgw connect --json} prints at exit: how the session went, its tunnel, its traffic, the pings. */
record ConnectReport(String gateway, String result, String message, int exitCode, String protocol,
        String cipherSuite, Boolean sessionResumed, Tunnel tunnel, int reconnects, Traffic traffic, Ping ping) {

    record Tunnel(String ipv4, String ipv6, int mtu, List<String> dns, List<String> routes, List<String> routes6,
            long dpdSeconds, long keepaliveSeconds, boolean smartcardRemovalDisconnect) {
        static Tunnel of(TunnelParameters p) {
            return new Tunnel(p.netmask4().map(String::valueOf).orElse(null),
                    p.address6().map(String::valueOf).orElse(null), p.mtu(),
                    p.dns().stream().map(InetAddress::getHostAddress).toList(),
                    p.splitInclude4().stream().map(String::valueOf).toList(),
                    p.splitInclude6().stream().map(String::valueOf).toList(), p.dpd().toSeconds(),
                    p.keepalive().toSeconds(), p.smartcardRemovalDisconnect());
        }
    }

    record Traffic(long packetsIn, long bytesIn, long packetsOut, long bytesOut, long droppedOut) {
    }

    record Ping(String target, int transmitted, int received, List<Double> rttMs) {
        static Ping of(Pinger.Result r) {
            return new Ping(r.target().getHostAddress(), r.transmitted(), r.received(),
                    r.rttNanos().stream().map(n -> n / 1e6).toList());
        }
    }

    static ConnectReport of(String gateway, VpnClient.Outcome o, String result, int exitCode, Pinger.Result ping) {
        var t = o.traffic();
        return new ConnectReport(gateway, result, o.message(), exitCode,
                o.session().map(s -> s.protocol()).orElse(null), o.session().map(s -> s.cipherSuite()).orElse(null),
                o.session().map(s -> s.resumed()).orElse(null), o.parameters().map(Tunnel::of).orElse(null),
                o.reconnects(), new Traffic(t.packetsIn(), t.bytesIn(), t.packetsOut(), t.bytesOut(), t.dropsOut()),
                ping == null ? null : Ping.of(ping));
    }
}
