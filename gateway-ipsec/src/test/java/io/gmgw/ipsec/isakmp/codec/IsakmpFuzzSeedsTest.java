package io.gmgw.ipsec.isakmp.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.gmgw.ipsec.interop.RecordedExchange;
import io.gmgw.ipsec.isakmp.ExchangeType;
import io.gmgw.ipsec.isakmp.IsakmpHeader;
import io.gmgw.ipsec.isakmp.Octets;
import io.gmgw.ipsec.isakmp.PayloadType;
import io.gmgw.ipsec.isakmp.message.EncryptedIsakmpMessage;
import io.gmgw.ipsec.isakmp.message.IsakmpMessage;
import io.gmgw.ipsec.isakmp.payload.Payload;
import io.gmgw.ipsec.natt.NonEspMarker;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fuzz targets' seeds are what this class makes (the strongSwan captures, message 1 and the whole recorded PSK
 * exchange of two charons, and the GM samples of {@link IsakmpSamples}), each decoding without error, so that the
 * fuzzer starts deep inside every payload decoder.
 * When the samples change, record the seeds anew with {@code ./mvnw -o -pl gateway-ipsec test
 * -Dtest=IsakmpFuzzSeedsTest -Dsurefire.failIfNoSpecifiedTests=false -Dgmgw.isakmp.writeFuzzSeeds=true} and commit
 * the files it writes.
 */
class IsakmpFuzzSeedsTest {
    static final String INPUTS = "io/gmgw/ipsec/isakmp/codec/IsakmpDecoderFuzzTestInputs/";
    static final String WRITE = "gmgw.isakmp.writeFuzzSeeds";

    static Map<String, byte[]> seeds() throws IOException {
        IsakmpEncoder encoder = new IsakmpEncoder();
        Random r = new Random(0x1153);
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        seeds.put("messages/strongswan-main-mode-1", StrongSwanCaptureTest.messageOne());
        seeds.put("messages/gm-main-mode-1", encoder.encode(IsakmpSamples.gmMessage1()));
        seeds.put("messages/gm-main-mode-2", encoder.encode(IsakmpSamples.gmMessage2(r)));
        seeds.put("messages/gm-main-mode-3", encoder.encode(IsakmpSamples.gmMessage3(r)));
        IsakmpMessage quick = IsakmpMessage.of(IsakmpSamples.header(IsakmpSamples.CKY_R, ExchangeType.QUICK_MODE, 0,
                0x5eed), List.of(IsakmpSamples.gmEspSa(129), IsakmpSamples.randomPayload(r, false)));
        byte[] chain = encoder.encodePayloads(quick.payloads());
        IsakmpHeader encrypted = new IsakmpHeader(IsakmpSamples.CKY_I, IsakmpSamples.CKY_R,
                quick.header().nextPayload(), IsakmpHeader.VERSION_GM, ExchangeType.QUICK_MODE,
                IsakmpHeader.FLAG_ENCRYPTION, 0x5eed);
        seeds.put("messages/gm-quick-mode-encrypted", encoder.encode(new EncryptedIsakmpMessage(encrypted,
                Octets.of(Arrays.copyOf(chain, (chain.length / 16 + 1) * 16)))));
        // the real exchange of two charons (RecordedExchange): every packet, the non-ESP marker removed
        RecordedExchange charon = RecordedExchange.committed();
        for (int n = 0; n < charon.toResponder().size() + charon.toInitiator().size(); n++) {
            boolean toResponder = n < charon.toResponder().size();
            int k = toResponder ? n : n - charon.toResponder().size();
            byte[] p = (toResponder ? charon.toResponder() : charon.toInitiator()).get(k);
            byte[] ike = NonEspMarker.classify(p, 0, p.length) == NonEspMarker.Kind.IKE ? NonEspMarker.strip(p) : p;
            seeds.put("messages/strongswan-psk-to-%s-%02d".formatted(toResponder ? "responder" : "initiator", k), ike);
        }
        int i = 0;
        for (PayloadType t : PayloadType.values()) {
            if (t == PayloadType.NONE || t == PayloadType.PROPOSAL || t == PayloadType.TRANSFORM) {
                continue;
            }
            Payload p = sampleOf(t, r);
            byte[] body = encoder.body(p);
            byte[] seed = new byte[body.length + 1];
            seed[0] = (byte) t.code();
            System.arraycopy(body, 0, seed, 1, body.length);
            seeds.put("bodies/" + (i++ < 10 ? "0" : "") + (i - 1) + "-" + t.name().toLowerCase(), seed);
        }
        return seeds;
    }

    /** A random payload of type {@code t}, drawn until one comes (SealedBody excluded: its type is NONCE/ID). */
    private static Payload sampleOf(PayloadType t, Random r) {
        while (true) {
            Payload p = t == PayloadType.SECURITY_ASSOCIATION ? IsakmpSamples.gmPhase1Sa()
                    : t == PayloadType.SYMMETRIC_KEY ? new io.gmgw.ipsec.isakmp.payload.SymmetricKey(
                            IsakmpSamples.bytes(r, 121)) : IsakmpSamples.randomPayload(r, false);
            if (p.type() == t) {
                return p;
            }
        }
    }

    @Test
    void theCommittedSeedsAreCurrentAndDecode() throws IOException {
        Map<String, byte[]> seeds = seeds();
        Path dir = Path.of(System.getProperty("basedir", "."), "src/test/resources", INPUTS);
        if (Boolean.getBoolean(WRITE)) {
            for (Map.Entry<String, byte[]> e : seeds.entrySet()) {
                Files.createDirectories(dir.resolve(e.getKey()).getParent());
                Files.write(dir.resolve(e.getKey()), e.getValue());
            }
        }
        IsakmpDecoder decoder = new IsakmpDecoder(IsakmpLimits.DEFAULT);
        PayloadBodyDecoder bodies = new PayloadBodyDecoder(IsakmpLimits.DEFAULT);
        for (Map.Entry<String, byte[]> e : seeds.entrySet()) {
            byte[] committed = committed(e.getKey());
            assertArrayEquals(e.getValue(), committed, () -> e.getKey() + " is stale; record the seeds anew with -D"
                    + WRITE + "=true");
            if (e.getKey().startsWith("messages/")) {
                decoder.decode(committed);
            } else {
                PayloadType t = PayloadType.of(committed[0] & 0xff).orElseThrow();
                assertEquals(t, bodies.decode(t, Arrays.copyOfRange(committed, 1, committed.length)).type());
            }
        }
        assertInstanceOf(EncryptedIsakmpMessage.class, decoder.decode(committed(
                "messages/gm-quick-mode-encrypted")));
        RecordedExchange charon = RecordedExchange.committed();
        assertEquals(5 + charon.toResponder().size() + charon.toInitiator().size() + 14, seeds.size());
    }

    /** The committed seed: from the class path, or from the source tree when this run has just recorded it. */
    private static byte[] committed(String name) {
        if (Boolean.getBoolean(WRITE)) {
            try {
                return Files.readAllBytes(Path.of(System.getProperty("basedir", "."), "src/test/resources", INPUTS,
                        name));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        try (InputStream in = IsakmpFuzzSeedsTest.class.getClassLoader().getResourceAsStream(INPUTS + name)) {
            if (in == null) {
                throw new AssertionError("no committed seed " + INPUTS + name + "; record with -D" + WRITE + "=true");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
