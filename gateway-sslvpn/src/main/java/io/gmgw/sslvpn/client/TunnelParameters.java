package io.gmgw.sslvpn.client;

import io.gmgw.gateway.ip.IpPrefix;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the gateway's reply to {@code CONNECT /CSCOSSLC/tunnel} set up (cstp.md §4): addresses and netmasks, DNS,
 * domain, routes, MTU, timers, and every {@code X-CSTP-*} header as received ({@link #cstpHeaders()}, in order,
 * for scripts as openconnect's {@code CISCO_CSTP_OPTIONS}). Built by {@link #fromHeaders(List)}.
 *
 * @param address4 the IPv4 address, if any
 * @param netmask4 its netmask as a prefix of the address (length 32 when the gateway sent none)
 * @param address6 the IPv6 address with its prefix length, if any
 * @param splitInclude4 routes into the tunnel (none: everything goes into the tunnel)
 * @param keepalive send KEEPALIVE after this long without sending (zero: never)
 * @param dpd dead-peer-detection interval (zero: off)
 */
public record TunnelParameters(Optional<Inet4Address> address4, Optional<IpPrefix> netmask4,
        Optional<IpPrefix> address6, List<InetAddress> dns, List<InetAddress> nbns, List<String> defaultDomains,
        List<IpPrefix> splitInclude4, List<IpPrefix> splitExclude4, List<IpPrefix> splitInclude6,
        List<IpPrefix> splitExclude6, List<String> splitDns, int mtu, Optional<Integer> baseMtu, Duration keepalive,
        Duration dpd, Optional<Duration> idleTimeout, Optional<Duration> sessionTimeout, Optional<Duration> rekeyTime,
        String rekeyMethod, boolean smartcardRemovalDisconnect, String banner,
        List<Map.Entry<String, String>> cstpHeaders) {

    /** openconnect keeps at most three DNS and three NBNS servers (cstp.md §4). */
    public static final int MAX_SERVERS = 3;
    /** Bound on routes taken from one reply, so a hostile gateway cannot make us hold unbounded state. */
    public static final int MAX_ROUTES = 4096;

    public TunnelParameters {
        dns = List.copyOf(dns);
        nbns = List.copyOf(nbns);
        defaultDomains = List.copyOf(defaultDomains);
        splitInclude4 = List.copyOf(splitInclude4);
        splitExclude4 = List.copyOf(splitExclude4);
        splitInclude6 = List.copyOf(splitInclude6);
        splitExclude6 = List.copyOf(splitExclude6);
        splitDns = List.copyOf(splitDns);
        cstpHeaders = List.copyOf(cstpHeaders);
    }

    /**
     * Reads the reply headers (names case-insensitive, list-valued ones repeated). A reply without a tunnel MTU or
     * without any address is refused as openconnect refuses it ("No MTU received", "No IP address received"), and so
     * is a compression we did not offer (openconnect aborts on it, §6).
     */
    public static TunnelParameters fromHeaders(List<Map.Entry<String, String>> headers) {
        Builder b = new Builder();
        for (Map.Entry<String, String> h : headers) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            String value = h.getValue().strip();
            if (name.startsWith("x-cstp-")) {
                b.raw.add(Map.entry(h.getKey(), h.getValue()));
            }
            try {
                b.take(name, value);
            } catch (IllegalArgumentException e) {
                throw new VpnClientException(VpnClientException.Kind.PROTOCOL, "the gateway's CONNECT reply header "
                        + h.getKey() + ": " + value + " is malformed: " + e.getMessage());
            }
        }
        return b.build();
    }

    /** The addresses of this tunnel, for the reconnect check (cstp.md §9). */
    public String addressSummary() {
        List<String> parts = new ArrayList<>();
        address4.ifPresent(a -> parts.add(a.getHostAddress() + "/" + netmask4.map(IpPrefix::length).orElse(32)));
        address6.ifPresent(a -> parts.add(a.toString()));
        return String.join(", ", parts);
    }

    /** True when {@code other} gave the same IPv4 address, netmask and IPv6 address (openconnect's test, §9). */
    public boolean sameAddresses(TunnelParameters other) {
        return address4.equals(other.address4) && netmask4.equals(other.netmask4) && address6.equals(other.address6);
    }

    private static final class Builder {
        final List<Map.Entry<String, String>> raw = new ArrayList<>();
        Inet4Address address4;
        IpPrefix netmask4;
        InetAddress legacyAddress6;
        IpPrefix legacyNetmask6;
        IpPrefix address6;
        final List<InetAddress> dns = new ArrayList<>();
        final List<InetAddress> nbns = new ArrayList<>();
        final List<String> domains = new ArrayList<>();
        final List<IpPrefix> inc4 = new ArrayList<>();
        final List<IpPrefix> exc4 = new ArrayList<>();
        final List<IpPrefix> inc6 = new ArrayList<>();
        final List<IpPrefix> exc6 = new ArrayList<>();
        final List<String> splitDns = new ArrayList<>();
        int cstpMtu;
        int dtlsMtu;
        Integer baseMtu;
        Duration keepalive = Duration.ZERO;
        Duration dpd = Duration.ZERO;
        Duration idle;
        Duration session;
        Duration rekey;
        String rekeyMethod = "none";
        boolean smartcard;
        String banner = "";
        int routes;

        void take(String name, String v) {
            switch (name) {
                case "x-cstp-address" -> {
                    InetAddress a = CstpPrefixes.literal(v);
                    if (a instanceof Inet4Address a4) {
                        address4 = a4;
                    } else {
                        legacyAddress6 = a; // legacy IPv6 form: a bare address, told apart by ':' (§4)
                    }
                }
                case "x-cstp-netmask" -> {
                    if (v.contains(":")) {
                        legacyNetmask6 = CstpPrefixes.parse(v);
                    } else {
                        InetAddress m = CstpPrefixes.literal(v);
                        netmask4 = new IpPrefix(m, CstpPrefixes.maskLength(m.getAddress(), v));
                    }
                }
                case "x-cstp-address-ip6" -> {
                    IpPrefix p = CstpPrefixes.parse(v);
                    if (p.isIpv4()) {
                        throw new IllegalArgumentException("an IPv4 address in an IPv6 header");
                    }
                    address6 = p;
                }
                case "x-cstp-dns", "x-cstp-dns-ip6" -> addServer(dns, CstpPrefixes.literal(v));
                case "x-cstp-nbns" -> addServer(nbns, CstpPrefixes.literal(v));
                case "x-cstp-default-domain" -> {
                    for (String d : v.split("[\\s,]+")) {
                        if (!d.isEmpty() && domains.size() < 16) {
                            domains.add(d);
                        }
                    }
                }
                case "x-cstp-split-include" -> route(inc4, v, true);
                case "x-cstp-split-exclude" -> route(exc4, v, true);
                case "x-cstp-split-include-ip6" -> route(inc6, v, false);
                case "x-cstp-split-exclude-ip6" -> route(exc6, v, false);
                case "x-cstp-split-dns" -> {
                    if (splitDns.size() < 64) {
                        splitDns.add(v);
                    }
                }
                case "x-cstp-mtu" -> cstpMtu = mtu(v);
                case "x-dtls-mtu" -> dtlsMtu = mtu(v);
                case "x-cstp-base-mtu" -> baseMtu = mtu(v);
                case "x-cstp-keepalive" -> keepalive = seconds(v).orElse(Duration.ZERO);
                case "x-cstp-dpd" -> dpd = seconds(v).orElse(Duration.ZERO);
                case "x-cstp-idle-timeout" -> idle = seconds(v).orElse(null);
                case "x-cstp-session-timeout" -> session = seconds(v).orElse(null);
                case "x-cstp-rekey-time" -> rekey = seconds(v).orElse(null);
                case "x-cstp-rekey-method" -> rekeyMethod = v;
                case "x-cstp-smartcard-removal-disconnect" -> smartcard = "true".equalsIgnoreCase(v);
                case "x-cstp-banner" -> banner = percentDecoded(v);
                case "x-cstp-content-encoding" -> throw new VpnClientException(VpnClientException.Kind.PROTOCOL,
                        "the gateway chose compression '" + v + "', which gmgw never offers (cstp.md §6)");
                default -> {
                    // other headers are kept raw only (cstp.md §4: openconnect ignores the rest as well)
                }
            }
        }

        /** openconnect %XX-decodes the banner (§4); a '+' stays a '+', a broken escape leaves the text as sent. */
        private static String percentDecoded(String v) {
            try {
                return URLDecoder.decode(v.replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return v;
            }
        }

        private void addServer(List<InetAddress> list, InetAddress a) {
            if (list.size() < MAX_SERVERS) {
                list.add(a);
            }
        }

        private void route(List<IpPrefix> list, String v, boolean ipv4) {
            IpPrefix p = CstpPrefixes.parse(v);
            if (p.isIpv4() != ipv4) {
                throw new IllegalArgumentException("a route of the other address family");
            }
            if (++routes > MAX_ROUTES) {
                throw new IllegalArgumentException("more than " + MAX_ROUTES + " routes");
            }
            list.add(p.network()); // openconnect fixes host bits set in a route (§4)
        }

        private static int mtu(String v) {
            int m;
            try {
                m = Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a number");
            }
            if (m < 1 || m > 65535) {
                throw new IllegalArgumentException("out of 1..65535");
            }
            return m;
        }

        /** Seconds, or {@code none}/0 for "not set". */
        private static Optional<Duration> seconds(String v) {
            if (v.equalsIgnoreCase("none")) {
                return Optional.empty();
            }
            long s;
            try {
                s = Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a number of seconds or 'none'");
            }
            if (s < 0 || s > 100L * 365 * 86400) {
                throw new IllegalArgumentException("out of range");
            }
            return s == 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(s));
        }

        TunnelParameters build() {
            int mtu = Math.max(cstpMtu, dtlsMtu); // the larger one wins (§4, §7)
            if (mtu == 0) {
                throw new VpnClientException(VpnClientException.Kind.PROTOCOL, "No MTU received: the gateway's "
                        + "CONNECT reply has no X-CSTP-MTU (cstp.md §4 requires it)");
            }
            if (mtu < 576) {
                throw new VpnClientException(VpnClientException.Kind.PROTOCOL, "the gateway gave a tunnel MTU of "
                        + mtu + ", below the 576 every IPv4 host must take");
            }
            if (address6 == null && legacyAddress6 != null) {
                int len = legacyNetmask6 != null ? legacyNetmask6.length() : 128;
                address6 = new IpPrefix(legacyAddress6, len);
            } else if (address6 == null && legacyNetmask6 != null && !legacyNetmask6.isIpv4()) {
                address6 = legacyNetmask6; // openconnect derives the address from an IPv6 netmask alone
            }
            if (address4 == null && address6 == null) {
                throw new VpnClientException(VpnClientException.Kind.PROTOCOL, "No IP address received: the "
                        + "gateway's CONNECT reply has neither X-CSTP-Address nor X-CSTP-Address-IP6");
            }
            IpPrefix mask4 = address4 == null ? null
                    : netmask4 != null ? new IpPrefix(address4, netmask4.length()) : new IpPrefix(address4, 32);
            return new TunnelParameters(Optional.ofNullable(address4), Optional.ofNullable(mask4),
                    Optional.ofNullable(address6).map(a -> a.address() instanceof Inet6Address ? a : null), dns, nbns,
                    domains, inc4, exc4, inc6, exc6, splitDns, mtu, Optional.ofNullable(baseMtu), keepalive, dpd,
                    Optional.ofNullable(idle), Optional.ofNullable(session), Optional.ofNullable(rekey),
                    Objects.requireNonNullElse(rekeyMethod, "none"), smartcard, banner, raw);
        }
    }
}
