package io.gmgw.pkcs11;

import io.gmgw.pkcs11.key.TokenKeys;
import io.gmgw.pkcs11.token.Pkcs11Module;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The soft smart key as the tests set it up: its store (GMGW_SOFTKEY_DIR, set by surefire) wiped and configured,
 * tokens initialised through the binding, and the "pull the key out" switch.
 */
public final class SoftKey {
    public static final String SO_PIN = "so-pin-8765";
    public static final String USER_PIN = "user-pin-1234";

    private SoftKey() {
    }

    public static Path store() {
        return Path.of(System.getProperty("gmgw.softkey.store"));
    }

    /** Wipes the store and writes softkey.conf; the module must not be loaded (initialised) at this point. */
    public static void reset(String profile, int slots, int userPinRetries) throws IOException {
        Path store = store();
        if (Files.exists(store)) {
            try (Stream<Path> s = Files.walk(store)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(store);
        Files.writeString(store.resolve("softkey.conf"), "# written by the tests\nprofile = " + profile
                + "\nslots = " + slots + "\nuser_pin_retries = " + userPinRetries + "\nso_pin_retries = 5\n",
                StandardCharsets.UTF_8);
    }

    /** C_InitToken with the SO PIN, then the user PIN set by the SO (C_InitPIN). */
    public static void initToken(Pkcs11Library lib, long slot, String label) {
        lib.initToken(slot, SO_PIN.toCharArray(), label);
        long s = lib.openSession(slot, true);
        try {
            lib.login(s, Ck.CKU_SO, SO_PIN.toCharArray());
            lib.initPin(s, USER_PIN.toCharArray());
            lib.logout(s);
        } finally {
            lib.closeSession(s);
        }
    }

    /** Logs in as the user on {@code slot}'s token and generates an SM2 key pair labelled {@code label} inside it. */
    public static void generateKey(Pkcs11Module module, long slot, String label) {
        generate(module, slot, new String[] {label}, new byte[][] {null});
    }

    /** As {@link #generateKey}, a double pair: "sign" with CKA_ID 01 and "enc" with CKA_ID 02. */
    public static void generateSignAndEncKeys(Pkcs11Module module, long slot) {
        generate(module, slot, new String[] {"sign", "enc"}, new byte[][] {{1}, {2}});
    }

    private static void generate(Pkcs11Module module, long slot, String[] labels, byte[][] ids) {
        Pkcs11Library lib = module.library();
        long s = lib.openSession(slot, true);
        try {
            lib.login(s, Ck.CKU_USER, USER_PIN.toCharArray());
            for (int i = 0; i < labels.length; i++) {
                TokenKeys.generate(lib, s, module.profile(), labels[i], ids[i]);
            }
        } finally {
            lib.closeSession(s);
        }
    }

    /** Simulates pulling the key out of slot {@code slot}: the slot then reports no token. */
    public static void pull(long slot) throws IOException {
        Files.writeString(store().resolve("slot" + slot).resolve("removed"), "");
    }

    public static void insert(long slot) throws IOException {
        Files.deleteIfExists(store().resolve("slot" + slot).resolve("removed"));
    }

    /** A file holding the user PIN (mode 0600), for pin-source=file:. */
    public static Path userPinFile(Path dir) throws IOException {
        Path f = dir.resolve("user.pin");
        io.gmgw.testing.SecretFiles.write(f, USER_PIN + "\n");
        return f;
    }
}
