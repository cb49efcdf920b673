package io.gmgw.acl.log;

import io.gmgw.audit.AuditEvent;
import java.util.Base64;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One line of a hash-chained log: a signed ACL version, a security event ({@link AuditEvent}) or a signed checkpoint.
 * ACL chains ({@code gmgw acl sign --log}) and the audit log ({@code audit.log}) are both made of these records and
 * verified by the same {@link AuditChain} reader. Every record names its sequence number
 * (1-based line number) and the SM3 of the previous line ({@code prev}, 64 zeros for the first). A line is exactly
 * the compact JSON {@link #toJson()} writes, members in that order: reading re-serialises each record and refuses a
 * line that differs, so no byte of a record can change without notice.
 */
public sealed interface ChainRecord permits ChainRecord.Version, ChainRecord.Event, ChainRecord.Checkpoint {
    JsonMapper JSON = JsonMapper.builder().build();
    String GENESIS = "0".repeat(64);

    long seq();

    /** SM3 (hex) of the previous record's line. */
    String prev();

    String toJson();

    /**
     * A signed ACL version: the file's digests, what it is, and its CMS signature (base64 DER), whose manifest holds
     * the same name, version and {@code prev}, so the signature itself binds the version into the chain.
     */
    record Version(long seq, String prev, String name, long version, long size, String sm3, String canonicalSm3,
            String format, int rules, String signedAt, String cms) implements ChainRecord {
        public byte[] cmsBytes() {
            return strictBase64(cms);
        }

        @Override
        public String toJson() {
            ObjectNode o = JSON.createObjectNode();
            o.put("seq", seq);
            o.put("type", "version");
            o.put("prev", prev);
            o.put("name", name);
            o.put("version", version);
            o.put("size", size);
            o.put("sm3", sm3);
            o.put("canonicalSm3", canonicalSm3);
            o.put("format", format);
            o.put("rules", rules);
            o.put("signedAt", signedAt);
            o.put("cms", cms);
            return JSON.writeValueAsString(o);
        }
    }

    /**
     * A security event: the {@link AuditEvent}'s members follow {@code seq}, {@code type} and {@code prev} in the
     * same object, so a line reads as the event itself with its place in the chain.
     */
    record Event(long seq, String prev, AuditEvent event) implements ChainRecord {
        static final Set<String> FRAMING = Set.of("seq", "type", "prev");

        @Override
        public String toJson() {
            ObjectNode o = JSON.createObjectNode();
            o.put("seq", seq);
            o.put("type", "event");
            o.put("prev", prev);
            event.writeTo(o);
            return JSON.writeValueAsString(o);
        }
    }

    /**
     * A checkpoint: an SM2 signature (default ID) by {@code signer} (base64 DER certificate) over
     * {@link #toBeSigned}, which names the chain's head at that point and the SM3 of the signer's certificate, so the
     * records before it cannot be changed, removed or reordered, nor the checkpoint itself altered, without breaking
     * a signature.
     */
    record Checkpoint(long seq, String prev, String time, String signer, String signature) implements ChainRecord {
        /** What the signature covers: a fixed text with the sequence number, head and time. */
        public byte[] toBeSigned(byte[] signerSm3) {
            return ("gmgw-acl-log-checkpoint-1\nseq=" + seq + "\nprev=" + prev + "\ntime=" + time + "\nsigner-sm3="
                    + java.util.HexFormat.of().formatHex(signerSm3) + "\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        }

        public byte[] signerBytes() {
            return strictBase64(signer);
        }

        public byte[] signatureBytes() {
            return strictBase64(signature);
        }

        @Override
        public String toJson() {
            ObjectNode o = JSON.createObjectNode();
            o.put("seq", seq);
            o.put("type", "checkpoint");
            o.put("prev", prev);
            o.put("time", time);
            o.put("signer", signer);
            o.put("signature", signature);
            return JSON.writeValueAsString(o);
        }
    }

    /** Base64 that only one string encodes (the decoder ignores the padding bits of the last character). */
    static byte[] strictBase64(String text) {
        byte[] b = Base64.getDecoder().decode(text);
        if (!Base64.getEncoder().encodeToString(b).equals(text)) {
            throw new IllegalArgumentException("non-canonical base64 (altered?)");
        }
        return b;
    }

    /** Parses one line; {@link IllegalArgumentException} with the reason when it is not a record gmgw wrote. */
    static ChainRecord parse(String line) {
        JsonNode n;
        try {
            n = JSON.readTree(line);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not JSON");
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        String type = text(n, "type");
        ChainRecord r = switch (type) {
            case "version" -> new Version(number(n, "seq"), text(n, "prev"), text(n, "name"), number(n, "version"),
                    number(n, "size"), text(n, "sm3"), text(n, "canonicalSm3"), text(n, "format"),
                    Math.toIntExact(number(n, "rules")), text(n, "signedAt"), text(n, "cms"));
            case "event" -> new Event(number(n, "seq"), text(n, "prev"), AuditEvent.readFrom(n, Event.FRAMING));
            case "checkpoint" -> new Checkpoint(number(n, "seq"), text(n, "prev"), text(n, "time"), text(n, "signer"),
                    text(n, "signature"));
            default -> throw new IllegalArgumentException("unknown record type '" + type + "'");
        };
        if (!r.toJson().equals(line)) {
            throw new IllegalArgumentException("the line is not the record as gmgw writes it (altered?)");
        }
        return r;
    }

    private static String text(JsonNode n, String name) {
        JsonNode v = n.get(name);
        if (v == null || !v.isString()) {
            throw new IllegalArgumentException("member '" + name + "' missing or not a string");
        }
        return v.asString();
    }

    private static long number(JsonNode n, String name) {
        JsonNode v = n.get(name);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new IllegalArgumentException("member '" + name + "' missing or not an integer");
        }
        return v.asLong();
    }
}
