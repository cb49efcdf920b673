package io.gmgw.ipsec.interop;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * One IKEv1 exchange between two charons as they logged it: the UDP payloads each received (port-4500 ones with their
 * non-ESP marker), in order, and the secrets and derived values they logged. Recorded live by
 * {@link StrongSwanKeyScheduleTest}, or read from the copy committed under
 * {@code src/test/resources/io/gmgw/ipsec/interop/strongswan-5.9.8-psk/} (throw-away PSK and DH secrets of a test run).
 */
public record RecordedExchange(List<byte[]> toResponder, List<byte[]> toInitiator, Map<String, byte[]> logged) {
    static final String RESOURCE = "io/gmgw/ipsec/interop/strongswan-5.9.8-psk/";
    /** The initiator's logged values the check uses, by charon's label. */
    static final List<String> INITIATOR_LABELS = List.of("shared Diffie Hellman secret", "SKEYID", "SKEYID_d",
            "SKEYID_a", "SKEYID_e", "encryption key Ka", "initial IV", "HASH_I", "Hash(2)", "DH secret",
            "encryption initiator key", "integrity initiator key", "encryption responder key",
            "integrity responder key");
    /** The responder's, stored with the prefix "responder ". */
    static final List<String> RESPONDER_LABELS = List.of("shared Diffie Hellman secret", "Hash(1)");

    static RecordedExchange fromLogs(CharonLog initiator, CharonLog responder) {
        Map<String, byte[]> logged = new LinkedHashMap<>();
        for (String label : INITIATOR_LABELS) {
            logged.put(label, initiator.first(label));
        }
        for (String label : RESPONDER_LABELS) {
            logged.put("responder " + label, responder.first(label));
        }
        return new RecordedExchange(responder.all("received packet"), initiator.all("received packet"), logged);
    }

    byte[] value(String label) {
        byte[] v = logged.get(label);
        if (v == null) {
            throw new AssertionError("no logged value '" + label + "'");
        }
        return v;
    }

    /** Writes the exchange into {@code dir}: index.txt, one .bin per packet, logged.properties (hex). */
    void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        try (var old = Files.newDirectoryStream(dir, "*.bin")) {
            for (Path p : old) {
                Files.delete(p); // a former recording may have had more packets
            }
        }
        List<String> index = new ArrayList<>();
        for (int i = 0; i < toResponder.size(); i++) {
            index.add(write(dir, "to-responder-%02d.bin".formatted(i), toResponder.get(i)));
        }
        for (int i = 0; i < toInitiator.size(); i++) {
            index.add(write(dir, "to-initiator-%02d.bin".formatted(i), toInitiator.get(i)));
        }
        Files.write(dir.resolve("index.txt"), index);
        StringBuilder p = new StringBuilder("# values charon logged (ike = 4, chd = 4); throw-away test secrets\n");
        new TreeMap<>(logged).forEach((k, v) -> p.append(k.replace(" ", "\\ ")).append('=')
                .append(HexFormat.of().formatHex(v)).append('\n'));
        Files.writeString(dir.resolve("logged.properties"), p);
    }

    private static String write(Path dir, String name, byte[] data) throws IOException {
        Files.write(dir.resolve(name), data);
        return name;
    }

    /** The committed recording. */
    public static RecordedExchange committed() {
        List<byte[]> toResponder = new ArrayList<>();
        List<byte[]> toInitiator = new ArrayList<>();
        for (String name : new String(read("index.txt"), StandardCharsets.US_ASCII).split("\n")) {
            if (!name.isBlank()) {
                (name.startsWith("to-responder") ? toResponder : toInitiator).add(read(name.strip()));
            }
        }
        Properties p = new Properties();
        try (InputStream in = open("logged.properties")) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, byte[]> logged = new LinkedHashMap<>();
        for (String k : p.stringPropertyNames()) {
            logged.put(k, HexFormat.of().parseHex(p.getProperty(k)));
        }
        return new RecordedExchange(toResponder, toInitiator, logged);
    }

    private static byte[] read(String name) {
        try (InputStream in = open(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(String name) {
        InputStream in = RecordedExchange.class.getClassLoader().getResourceAsStream(RESOURCE + name);
        if (in == null) {
            throw new AssertionError("missing " + RESOURCE + name);
        }
        return in;
    }
}
