package io.gmgw.gateway.policy;

/**
 * The address part of an entry, as masks over the two longs of {@link io.gmgw.gateway.packet.IpPacket}'s addresses:
 * an address matches when {@code (hi & hiMask) == hiValue && (lo & loMask) == loValue}. {@code any} is all-zero masks;
 * an IPv4 wildcard {@code 10.1.0.0 0.0.255.255} is {@code loMask = ~wildcard} over the low 32 bits; an IPv6 prefix
 * sets the top {@code length} bits. {@code text} is how the ACL wrote it, for reports.
 */
public record AddressMatch(long hiValue, long hiMask, long loValue, long loMask, String text) {
    public static final AddressMatch ANY = new AddressMatch(0, 0, 0, 0, "any");

    /** An IPv4 address with a Cisco wildcard (set bits are "don't care"); bits under the wildcard are ignored. */
    static AddressMatch ipv4(int address, int wildcard, String text) {
        long mask = ~wildcard & 0xffffffffL;
        return new AddressMatch(0, 0, address & mask, mask, text);
    }

    /** An IPv6 prefix of {@code length} bits (128 for a host). */
    static AddressMatch ipv6(long hi, long lo, int length, String text) {
        long hiMask = length == 0 ? 0 : length >= 64 ? -1L : -1L << (64 - length);
        long loMask = length <= 64 ? 0 : length == 128 ? -1L : -1L << (128 - length);
        return new AddressMatch(hi & hiMask, hiMask, lo & loMask, loMask, text);
    }

    public boolean matches(long hi, long lo) {
        return (hi & hiMask) == hiValue && (lo & loMask) == loValue;
    }
}
