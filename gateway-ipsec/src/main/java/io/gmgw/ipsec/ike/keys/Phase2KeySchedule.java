package io.gmgw.ipsec.ike.keys;

import io.gmgw.ipsec.isakmp.PayloadType;
import io.gmgw.ipsec.isakmp.codec.IsakmpEncoder;
import io.gmgw.ipsec.isakmp.payload.Identification;
import io.gmgw.ipsec.isakmp.payload.Nonce;
import io.gmgw.ipsec.isakmp.payload.Payload;
import io.gmgw.ipsec.isakmp.payload.SecurityAssociation;
import io.gmgw.ipsec.profile.QuickModeHashInput;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Quick mode and informational key material as pure functions (RFC 2409 §5.5, §5.7, appendix B; ipsec.md §4):
 * the IVs, HASH(1), HASH(2), HASH(3), the informational HASH and KEYMAT. What HASH(1)/HASH(2) cover is the wire
 * profile's {@link QuickModeHashInput}; the payloads are given as the message carries them, after its HASH payload.
 */
public final class Phase2KeySchedule {
    private final IkePrf prf;
    private final IsakmpEncoder encoder = new IsakmpEncoder();

    public Phase2KeySchedule(IkePrf prf) {
        this.prf = Objects.requireNonNull(prf, "prf");
    }

    /** IV of a phase 2 or informational exchange: HASH(last phase-1 CBC block | M-ID), cut to the block. */
    public byte[] iv(byte[] lastPhase1Block, int messageId, int blockSize) {
        return Arrays.copyOf(prf.hash(lastPhase1Block, u32(messageId)), blockSize);
    }

    /**
     * HASH(1) of the initiator's quick-mode message, whose payloads after HASH(1) are {@code afterHash}. RFC 2409:
     * prf(SKEYID_a, M-ID | every payload after HASH(1) with its header). GM: prf(SKEYID_a, M-ID | Ni_b | SA [| IDci |
     * IDcr]), SA (and the IDs) with or without the generic header as the profile says.
     */
    public byte[] hash1(QuickModeHashInput input, byte[] skeyidA, int messageId, List<Payload> afterHash) {
        byte[] covered = switch (input) {
            case RFC2409_WIRE_ORDER -> encoder.encodePayloads(afterHash);
            case GM_NONCE_FIRST_SA_WITH_HEADER, GM_NONCE_FIRST_SA_BODY ->
                    gmCovered(input, afterHash, nonceBody(afterHash), null);
        };
        return prf.prf(skeyidA, u32(messageId), covered);
    }

    /**
     * HASH(2) of the responder's message. RFC 2409: prf(SKEYID_a, M-ID | Ni_b | every payload after HASH(2)). GM:
     * prf(SKEYID_a, M-ID | Ni_b | SA | Nr_b [| IDci | IDcr]).
     */
    public byte[] hash2(QuickModeHashInput input, byte[] skeyidA, int messageId, byte[] niB, List<Payload> afterHash) {
        byte[] covered = switch (input) {
            case RFC2409_WIRE_ORDER -> Phase1KeySchedule.concat(niB, encoder.encodePayloads(afterHash));
            case GM_NONCE_FIRST_SA_WITH_HEADER, GM_NONCE_FIRST_SA_BODY ->
                    gmCovered(input, afterHash, niB, nonceBody(afterHash));
        };
        return prf.prf(skeyidA, u32(messageId), covered);
    }

    /** HASH(3) = prf(SKEYID_a, 0 | M-ID | Ni_b | Nr_b), the same in both profiles. */
    public byte[] hash3(byte[] skeyidA, int messageId, byte[] niB, byte[] nrB) {
        return prf.prf(skeyidA, new byte[] {0}, u32(messageId), niB, nrB);
    }

    /** Informational HASH(1) = prf(SKEYID_a, M-ID | N/D), N/D with its generic header as sent (RFC 2409 §5.7). */
    public byte[] informationalHash(byte[] skeyidA, int messageId, List<Payload> afterHash) {
        return prf.prf(skeyidA, u32(messageId), encoder.encodePayloads(afterHash));
    }

    /**
     * KEYMAT of {@code length} bytes for one direction: K1 = prf(SKEYID_d, [g(qm)^xy |] protocol | SPI | Ni_b | Nr_b),
     * Kn = prf(SKEYID_d, K(n-1) | [g(qm)^xy |] protocol | SPI | Ni_b | Nr_b); {@code spi} is the receiving side's SPI,
     * {@code gxy} empty without PFS. Encryption key first, then the integrity key.
     */
    public byte[] keymat(byte[] skeyidD, byte[] gxy, int protocol, byte[] spi, byte[] niB, byte[] nrB, int length) {
        byte[] out = new byte[length];
        byte[] proto = {(byte) protocol};
        byte[] k = new byte[0];
        for (int done = 0; done < length; ) {
            byte[] next = prf.prf(skeyidD, k, gxy, proto, spi, niB, nrB);
            Arrays.fill(k, (byte) 0);
            k = next;
            int n = Math.min(k.length, length - done);
            System.arraycopy(k, 0, out, done, n);
            done += n;
        }
        Arrays.fill(k, (byte) 0);
        return out;
    }

    private byte[] gmCovered(QuickModeHashInput input, List<Payload> afterHash, byte[] niB, byte[] nrB) {
        boolean headers = input == QuickModeHashInput.GM_NONCE_FIRST_SA_WITH_HEADER;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(niB);
        out.writeBytes(wire(afterHash, SecurityAssociation.class, headers, true));
        if (nrB != null) {
            out.writeBytes(nrB);
        }
        for (int i = 0; i < afterHash.size(); i++) {
            if (afterHash.get(i) instanceof Identification) {
                out.writeBytes(wire(afterHash, i, headers));
            }
        }
        return out.toByteArray();
    }

    private byte[] nonceBody(List<Payload> afterHash) {
        return afterHash.stream().filter(Nonce.class::isInstance).map(p -> ((Nonce) p).data().toByteArray())
                .findFirst().orElseThrow(() -> new IllegalArgumentException("quick mode without a NONCE payload"));
    }

    private byte[] wire(List<Payload> afterHash, Class<? extends Payload> kind, boolean headers, boolean required) {
        for (int i = 0; i < afterHash.size(); i++) {
            if (kind.isInstance(afterHash.get(i))) {
                return wire(afterHash, i, headers);
            }
        }
        if (required) {
            throw new IllegalArgumentException("quick mode without a " + kind.getSimpleName() + " payload");
        }
        return new byte[0];
    }

    /** Payload i as on the wire (its header's next-payload field naming payload i+1), or its body. */
    private byte[] wire(List<Payload> afterHash, int i, boolean headers) {
        Payload p = afterHash.get(i);
        if (!headers) {
            return encoder.body(p);
        }
        PayloadType next = i + 1 < afterHash.size() ? afterHash.get(i + 1).type() : PayloadType.NONE;
        return encoder.withHeader(p, next);
    }

    private static byte[] u32(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }
}
