package io.gmgw.ipsec.esp;

import io.gmgw.ipsec.ike.config.TrafficSelector;
import java.net.InetSocketAddress;

/**
 * One installed SA pair as {@code gmgw ipsec status} shows it: algorithms, SPIs, selectors, peer, sequence numbers and
 * both directions' counters. A copy taken at one moment; holds no key.
 *
 * @param transform as {@link EspTransform#describe()}: {@code aes128-gcm16}, {@code sm4-cbc/hmac-sm3-128}
 * @param outboundSequence the last sequence number sent
 * @param highestInboundSequence the highest sequence number accepted
 */
public record EspSaStatus(String name, String transform, int inboundSpi, int outboundSpi, TrafficSelector local,
        TrafficSelector remote, InetSocketAddress peer, long outboundSequence, long highestInboundSequence,
        EspCounters.Snapshot inbound, EspCounters.Snapshot outbound) {
}
