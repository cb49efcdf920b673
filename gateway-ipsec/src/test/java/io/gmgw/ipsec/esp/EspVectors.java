package io.gmgw.ipsec.esp;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.ipsec.ike.config.TrafficSelector;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** The packets of {@code vectors/esp-vectors.txt} (written by esp-vectors.py, see vectors/README.md). */
final class EspVectors {
    /** The receiver's side of every vector and the sender's. */
    static final TrafficSelector RECEIVER = TrafficSelector.parse("10.1.0.0/16");
    static final TrafficSelector SENDER = TrafficSelector.parse("10.2.0.0/16");
    static final InetSocketAddress PEER = new InetSocketAddress("192.0.2.1", 4500);
    static final CryptoModule MODULE = CryptoModule.start(CryptoModule.Options.deterministic(
            "esp-tests".getBytes(StandardCharsets.US_ASCII)));

    record Vector(String transformName, int icvBits, String innerKind, int spi, int seq, byte[] encryptionKey,
            byte[] integrityKey, byte[] iv, byte[] inner, byte[] esp) {
        EspTransform transform() {
            return switch (transformName) {
                case "aes-cbc-hmac-sha256" -> EspTransform.aesCbcHmacSha256(encryptionKey.length);
                case "aes-gcm16" -> EspTransform.aesGcm16(encryptionKey.length - 4);
                case "sm4-cbc-hmac-sm3" -> new EspTransform(EspAlgorithm.SM4_CBC_HMAC_SM3, 16, 32, icvBits / 8);
                case "sm4-gcm16" -> EspTransform.sm4Gcm16();
                default -> throw new IllegalArgumentException(transformName);
            };
        }

        /** Our side: receives what the vector's sender sent (inbound keys = the vector's). */
        EspSaPair receiver(SecureRandom random) {
            return EspSaPair.create(toString(), transform(), 0x0badf00d, encryptionKey, integrityKey, spi,
                    encryptionKey, integrityKey, RECEIVER, SENDER, PEER, EspSaSettings.DEFAULT, MODULE, random,
                    e -> { });
        }

        /** The vector's sender, its CBC IV fixed to the vector's. */
        EspSaPair sender() {
            return EspSaPair.create(toString(), transform(), spi, encryptionKey, integrityKey, 0x0badf00d,
                    encryptionKey, integrityKey, SENDER, RECEIVER, PEER, EspSaSettings.DEFAULT, MODULE,
                    new io.gmgw.crypto.selftest.FixedRandom(iv), e -> { });
        }

        @Override
        public String toString() {
            return transformName + (transformName.contains("sm3") ? "-" + icvBits : "") + " " + innerKind;
        }
    }

    private EspVectors() {
    }

    static List<Vector> all() {
        try (InputStream in = EspVectors.class.getResourceAsStream("/vectors/esp-vectors.txt")) {
            return parse(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Vector> parse(String text) {
        List<Vector> out = new ArrayList<>();
        Map<String, String> v = new HashMap<>();
        for (String line : (text + "\n\n").split("\n", -1)) {
            if (line.startsWith("#")) {
                continue;
            }
            if (line.isBlank()) {
                if (!v.isEmpty()) {
                    HexFormat hex = HexFormat.of();
                    out.add(new Vector(v.get("transform"), Integer.parseInt(v.get("icv_bits")), v.get("inner_kind"),
                            Integer.parseUnsignedInt(v.get("spi"), 16), Integer.parseUnsignedInt(v.get("seq"), 16),
                            hex.parseHex(v.get("encryption_key")), hex.parseHex(v.get("integrity_key")),
                            hex.parseHex(v.get("iv")), hex.parseHex(v.get("inner")), hex.parseHex(v.get("esp"))));
                    v.clear();
                }
                continue;
            }
            int eq = line.indexOf('=');
            v.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return out;
    }
}
