package io.gmgw.gateway.config;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** File paths in the configuration: relative to the configuration's folder, and checked when they must exist. */
final class ConfigFiles {
    private ConfigFiles() {
    }

    /**
     * A file path (relative paths start at the configuration's folder); with {@code mustExist}, a readable regular
     * file. Null when unset or wrong.
     */
    static Path path(Section s, String key, boolean mustExist) {
        Section.Item i = s.item(key);
        if (i == null) {
            String d = s.has(key) ? null : s.defaultOf(key); // a missing or wrong one is reported already
            return d == null ? null : s.base().resolve(d).normalize();
        }
        return resolve(s, key, i, mustExist);
    }

    static List<Path> paths(Section s, String key, boolean mustExist) {
        List<Path> out = new ArrayList<>();
        for (Section.Item i : s.list(key)) {
            Path p = resolve(s, key, i, mustExist);
            if (p != null) {
                out.add(p);
            }
        }
        return out;
    }

    /** {@code text} as a path from the configuration's folder, checked as {@link #path} says. */
    static Path resolve(Section s, String key, Section.Item item, boolean mustExist) {
        Path p;
        try {
            p = s.base().resolve(item.text().strip()).normalize();
        } catch (InvalidPathException e) {
            s.error(item.node(), s.shown(key) + ": '" + item.text() + "' is not a file path; write a path such as "
                    + "pki/root/ca.cert.pem");
            return null;
        }
        if (item.text().isBlank()) {
            s.error(item.node(), s.shown(key) + ": empty path; write the path of a file");
            return null;
        }
        if (mustExist) {
            String relative = Path.of(item.text().strip()).isAbsolute() ? "" : " (relative paths start at the "
                    + "configuration's folder " + s.base() + ")";
            if (!Files.exists(p)) {
                s.error(item.node(), s.shown(key) + ": no such file " + p + relative + "; write the path of an "
                        + "existing file");
                return null;
            }
            if (!Files.isRegularFile(p)) {
                s.error(item.node(), s.shown(key) + ": " + p + " is not a regular file; write the path of a file");
                return null;
            }
            if (!Files.isReadable(p)) {
                s.error(item.node(), s.shown(key) + ": " + p + " cannot be read by this user; fix its permissions "
                        + "or write another file");
                return null;
            }
        }
        return p;
    }
}
