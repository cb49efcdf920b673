package io.gmgw.gateway.otp.store;

import io.gmgw.crypto.otp.IdLayout;
import io.gmgw.crypto.otp.OtpAlgorithm;
import io.gmgw.crypto.otp.OtpFactor;
import io.gmgw.crypto.otp.OtpProfile;
import io.gmgw.gateway.otp.TokenState;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The JSON form of a {@link TokenRecord} (one file per token, docs/otp.md "The token store"). */
final class TokenFiles {
    static final String FORMAT = "gmgw-otp-token-1";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private TokenFiles() {
    }

    static byte[] encode(TokenRecord r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("format", FORMAT);
        o.put("serial", r.serial());
        r.user().ifPresent(u -> o.put("user", u));
        OtpProfile p = r.profile();
        o.put("algorithm", p.algorithm().id());
        ArrayNode factors = o.putArray("factors");
        for (OtpFactor f : OtpFactor.values()) {
            if (p.uses(f)) {
                factors.add(f.name().toLowerCase(Locale.ROOT));
            }
        }
        o.put("digits", p.digits());
        o.put("intervalSeconds", p.intervalSeconds());
        o.put("epochSeconds", p.epochSeconds());
        o.put("layout", p.layout().id());
        o.put("sealedSeed", Base64.getEncoder().encodeToString(r.sealedSeed()));
        ObjectNode s = o.putObject("state");
        TokenState t = r.state();
        s.put("version", t.version());
        s.put("lastTimeStep", t.lastTimeStep());
        s.put("nextCounter", t.nextCounter());
        s.put("driftSteps", t.driftSteps());
        s.put("failures", t.failures());
        s.put("locked", t.locked());
        return (JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o) + "\n").getBytes(
                java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * @throws IllegalArgumentException naming the field when the file is not a token file of this format
     */
    static TokenRecord decode(byte[] content) {
        JsonNode o;
        try {
            o = JSON.readTree(content);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
        if (!FORMAT.equals(text(o, "format"))) {
            throw new IllegalArgumentException("format is not " + FORMAT);
        }
        Set<OtpFactor> factors = EnumSet.noneOf(OtpFactor.class);
        JsonNode list = o.get("factors");
        if (list == null || !list.isArray()) {
            throw new IllegalArgumentException("factors is missing");
        }
        for (JsonNode f : list) {
            try {
                factors.add(OtpFactor.valueOf(f.asString().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown factor '" + f.asString() + "'");
            }
        }
        OtpProfile profile = new OtpProfile(OtpAlgorithm.of(text(o, "algorithm")), factors, number(o, "digits"),
                number(o, "intervalSeconds"), whole(o, "epochSeconds"), IdLayout.of(text(o, "layout")));
        JsonNode s = o.get("state");
        if (s == null || !s.isObject()) {
            throw new IllegalArgumentException("state is missing");
        }
        JsonNode locked = s.get("locked");
        if (locked == null || !locked.isBoolean()) {
            throw new IllegalArgumentException("state.locked is missing");
        }
        TokenState state = new TokenState(whole(s, "version"), whole(s, "lastTimeStep"), whole(s, "nextCounter"),
                number(s, "driftSteps"), number(s, "failures"), locked.booleanValue());
        byte[] sealed;
        try {
            sealed = Base64.getDecoder().decode(text(o, "sealedSeed"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sealedSeed is not base64");
        }
        JsonNode user = o.get("user");
        return new TokenRecord(text(o, "serial"), profile,
                user == null ? Optional.empty() : Optional.of(user.asString()), sealed, state);
    }

    private static String text(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || !v.isString()) {
            throw new IllegalArgumentException(field + " is missing or not a string");
        }
        return v.asString();
    }

    private static long whole(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || !v.isIntegralNumber()) {
            throw new IllegalArgumentException(field + " is missing or not a whole number");
        }
        return v.asLong();
    }

    private static int number(JsonNode o, String field) {
        long v = whole(o, field);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(field + " is out of range");
        }
        return (int) v;
    }
}
