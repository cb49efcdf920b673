package io.gmgw.ipsec.esp;

/**
 * The data plane's per-SA knobs.
 *
 * @param replayWindow packets of the anti-replay window (a power of two, at least 1024 by default, RFC 4303 §3.4.3
 *     asks for 32 and recommends 64; RFC 6479 argues for thousands at high rates)
 * @param softSequenceLimit the outbound sequence number after which {@link EspEvent.SoftLimitReached} asks for a rekey,
 *     below 2^32 - 1
 */
public record EspSaSettings(int replayWindow, long softSequenceLimit) {
    /** The sequence number the soft limit defaults to: 2^32 - 2^24, leaving 16 M packets for the rekey to finish. */
    public static final long DEFAULT_SOFT_SEQUENCE_LIMIT = 0xFFFF_FFFFL - (1L << 24);
    public static final EspSaSettings DEFAULT = new EspSaSettings(AntiReplayWindow.DEFAULT_SIZE,
            DEFAULT_SOFT_SEQUENCE_LIMIT);

    public EspSaSettings {
        AntiReplayWindow.requireValidSize(replayWindow);
        if (softSequenceLimit < 1 || softSequenceLimit >= EspOutboundSa.LAST_SEQUENCE) {
            throw new IllegalArgumentException("soft sequence limit " + softSequenceLimit + " is outside 1.."
                    + (EspOutboundSa.LAST_SEQUENCE - 1));
        }
    }
}
