package io.gmgw.gateway.otp.store;

import io.gmgw.files.DurableFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code users.index} in the token store: every serial in the folder and which user holds which token, so a login
 * reads this file (cached while it is unchanged on disk) and one token file instead of every token file.
 *
 * <p>The index is a hint that the store keeps a superset of the truth: a pair (user, serial) that holds on disk is
 * always in it, because the store writes the index before a token file gains a user, and drops a pair only after the
 * token file has lost it. A pair in the index that does not hold (the token file is gone, or names another user) is
 * found when it is used, and the index is rebuilt from the token files; so is a missing or damaged index, or one whose
 * serials differ from the folder's token files (a file restored by hand) when the store is opened.
 */
final class UserIndex {
    static final String FILE = "users.index";
    static final String FORMAT = "gmgw-otp-users-1";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The index's content: every serial, and user to serial. */
    record Snapshot(Set<String> serials, Map<String, String> users) {
        Snapshot {
            serials = Set.copyOf(serials);
            users = Map.copyOf(users);
        }

        static Snapshot of(Collection<TokenRecord> tokens) {
            Set<String> serials = new TreeSet<>();
            Map<String, String> users = new HashMap<>();
            for (TokenRecord r : tokens) {
                serials.add(r.serial());
                r.user().ifPresent(u -> users.put(u, r.serial()));
            }
            return new Snapshot(serials, users);
        }

        Snapshot with(String serial, Optional<String> user) {
            Set<String> s = new TreeSet<>(serials);
            s.add(serial);
            Map<String, String> u = new HashMap<>(users);
            user.ifPresent(name -> u.put(name, serial));
            return new Snapshot(s, u);
        }

        /** Without {@code serial}'s pairs; without the serial too when {@code removed}. */
        Snapshot without(String serial, boolean removed) {
            Set<String> s = new TreeSet<>(serials);
            if (removed) {
                s.remove(serial);
            }
            Map<String, String> u = new HashMap<>(users);
            u.values().removeIf(serial::equals);
            return new Snapshot(s, u);
        }
    }

    private final Path file;
    private Object cachedKey;
    private Snapshot cached;

    UserIndex(Path dir) {
        this.file = dir.resolve(FILE);
    }

    /** The index on disk; empty when it is missing or damaged (then it must be rebuilt). */
    synchronized Optional<Snapshot> read() throws IOException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        // a rewrite is a rename: a new inode, so the key changes even within one timestamp tick
        Object key = java.util.List.of(Objects.requireNonNullElse(a.fileKey(), ""), a.lastModifiedTime(), a.size());
        if (key.equals(cachedKey)) {
            return Optional.of(cached);
        }
        Optional<Snapshot> s = decode(Files.readAllBytes(file));
        if (s.isPresent()) {
            cachedKey = key;
            cached = s.get();
        }
        return s;
    }

    /** Writes the index whole, durably (the caller holds the store's lock). */
    synchronized void write(Snapshot s) throws IOException {
        DurableFiles.replace(file, encode(s), true);
        cachedKey = null;
        cached = null;
    }

    static byte[] encode(Snapshot s) {
        ObjectNode o = JSON.createObjectNode();
        o.put("format", FORMAT);
        s.serials().stream().sorted().forEach(o.putArray("serials")::add);
        ObjectNode users = o.putObject("users");
        new TreeMap<>(s.users()).forEach(users::put);
        return (JSON.writeValueAsString(o) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    static Optional<Snapshot> decode(byte[] content) {
        try {
            JsonNode o = JSON.readTree(content);
            JsonNode serials = o.get("serials");
            JsonNode users = o.get("users");
            if (!FORMAT.equals(o.path("format").asString(null)) || serials == null || !serials.isArray()
                    || users == null || !users.isObject()) {
                return Optional.empty();
            }
            Set<String> s = new TreeSet<>();
            for (JsonNode n : serials) {
                if (!n.isString()) {
                    return Optional.empty();
                }
                s.add(n.asString());
            }
            Map<String, String> u = new HashMap<>();
            for (Map.Entry<String, JsonNode> e : users.properties()) {
                if (!e.getValue().isString() || !s.contains(e.getValue().asString())) {
                    return Optional.empty();
                }
                u.put(e.getKey(), e.getValue().asString());
            }
            return Optional.of(new Snapshot(s, u));
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }
}
