package io.gmgw.gateway.config;

import io.gmgw.gateway.otp.OtpPolicy;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Binds {@code otp}: the dynamic tokens' store and seed key, and the verifier's tolerances (docs/otp.md). The store
 * and the key are demanded only when some group's login uses a password ({@code needed}).
 */
final class OtpBinder {
    private OtpBinder() {
    }

    /** @param needed the group whose login needs a dynamic password, or null when none does */
    static OtpSettings otp(Section s, String needed) {
        Path store = ConfigFiles.path(s, "token-store", false);
        String seedKey = seedKey(s);
        if (needed != null) {
            for (String key : new String[] {"token-store", "seed-key"}) {
                if (!s.has(key)) {
                    s.error(key, "group " + needed + " logs in with a dynamic password, so the gateway needs its "
                            + "tokens: add otp: with token-store: FOLDER and seed-key: file:KEYFILE (as gmgw otp "
                            + "uses them)");
                    break;
                }
            }
        }
        int behind = s.integer("time-steps-behind", 0, OtpPolicy.MAX_TIME_WINDOW, "intervals");
        int ahead = s.integer("time-steps-ahead", 0, OtpPolicy.MAX_TIME_WINDOW, "intervals");
        int lookAhead = s.integer("counter-look-ahead", 0, OtpPolicy.MAX_COUNTER_LOOK_AHEAD, "counter values");
        int drift = s.integer("max-drift-steps", 0, OtpPolicy.MAX_DRIFT_STEPS, "intervals");
        int failures = s.integer("max-failures", 1, OtpPolicy.MAX_FAILURES, "failed passwords in a row");
        Duration form = s.duration("form-timeout", Duration.ofSeconds(10), null).orElseThrow();
        s.finish();
        return new OtpSettings(Optional.ofNullable(store), Optional.ofNullable(seedKey),
                new OtpPolicy(behind, ahead, lookAhead, drift, failures), form);
    }

    /**
     * {@code file:PATH} (or a bare path; relative to the configuration's folder) for the software key the demo uses,
     * or a {@code pkcs11:} URI for a key in a token or HSM.
     */
    private static String seedKey(Section s) {
        Section.Item i = s.item("seed-key");
        if (i == null) {
            return null;
        }
        String t = i.text().strip();
        if (t.toLowerCase(Locale.ROOT).startsWith("pkcs11:")) {
            return t;
        }
        String path = t.startsWith("file://") ? t.substring("file://".length())
                : t.startsWith("file:") ? t.substring("file:".length()) : t;
        if (path.isEmpty()) {
            s.error(i.node(), s.shown("seed-key") + ": no key file named; write file:PATH, the SM4 key file of gmgw "
                    + "otp (32 hex digits, mode 0600), or a pkcs11: URI");
            return null;
        }
        try {
            return "file:" + s.base().resolve(path).normalize();
        } catch (InvalidPathException e) {
            s.error(i.node(), s.shown("seed-key") + ": '" + t + "' is not a file path; write file:PATH or a pkcs11: "
                    + "URI");
            return null;
        }
    }
}
