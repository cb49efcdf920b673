package io.gmgw.gateway.otp.store;

import io.gmgw.audit.Actor;
import io.gmgw.audit.Audit;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.crypto.otp.DynamicPasswords;
import io.gmgw.gateway.otp.OtpLogins;
import io.gmgw.gateway.otp.OtpPolicy;
import io.gmgw.gateway.otp.OtpVerifier;
import io.gmgw.gateway.otp.TokenStateStore;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

/**
 * The gateway's side of {@link TokenStoreCrashTest}, run as a JVM of its own: opens the token store on disk, logs the
 * user in with each password through {@link OtpLogins}, and stops dead at the chosen point, waiting to be killed:
 * {@code durable} right after the last password's state write has returned (fsync'ed and renamed) and before
 * {@code login} answers, {@code answered} right after it answered. It tells the parent where it is by lines on
 * stdout: {@code DURABLE i VERSION}, {@code AUDIT EVENT OUTCOME}, {@code ANSWER i OUTCOME}, {@code STOPPED}.
 *
 * <p>Arguments: STORE-DIR SEED-KEY-FILE UNIX-SECONDS MAX-FAILURES durable|answered USER PASSWORD...
 */
public final class LoginChild {
    private LoginChild() {
    }

    public static void main(String[] args) throws IOException {
        PrintStream out = System.out;
        CryptoModule module = TestModules.deterministic("otp-login-child");
        Clock clock = Clock.fixed(Instant.ofEpochSecond(Long.parseLong(args[2])), ZoneOffset.UTC);
        OtpPolicy policy = new OtpPolicy(1, 1, 10, 10, Integer.parseInt(args[3]));
        boolean stopWhenDurable = switch (args[4]) {
            case "durable" -> true;
            case "answered" -> false;
            default -> throw new IllegalArgumentException("stop point " + args[4]);
        };
        String user = args[5];
        int last = args.length - 7;
        Audit audit = new Audit(e -> line(out, "AUDIT " + e.event() + " " + e.outcome()), clock,
                Actor.ofThisProcess("gmgw"), Map.of());
        try (TokenStore store = TokenStore.open(Path.of(args[0]), Sm4SeedKey.fromFile(module, Path.of(args[1])),
                audit)) {
            OtpVerifier verifier = new OtpVerifier(new DynamicPasswords(module.sm3(), module.sm4()), policy);
            for (int i = 0; i <= last; i++) {
                int attempt = i;
                // the store as OtpLogins sees it, reporting each write once it is durable
                TokenStateStore reporting = (serial, previous, next) -> {
                    boolean written = store.replace(serial, previous, next);
                    if (written) {
                        line(out, "DURABLE " + attempt + " " + next.version());
                        if (stopWhenDurable && attempt == last) {
                            stop(out);
                        }
                    }
                    return written;
                };
                OtpLogins logins = new OtpLogins(verifier, reporting, audit, clock);
                TokenRecord token = store.forUser(user).orElseThrow();
                String password = args[6 + i];
                OtpLogins.Result r = store.withSeed(token, seed -> logins.login(user, token.serial(),
                        token.profile(), seed, token.state(), password, Optional.empty()));
                line(out, "ANSWER " + i + " " + r.outcome());
            }
            stop(out);
        }
    }

    private static void line(PrintStream out, String text) {
        out.println(text);
        out.flush();
    }

    /** Blocks until killed (or until the parent goes away and stdin closes). */
    private static void stop(PrintStream out) {
        line(out, "STOPPED");
        try {
            while (System.in.read() >= 0) {
                // the parent never writes; it kills
            }
        } catch (IOException e) {
            // the parent went away
        }
        Runtime.getRuntime().halt(3);
    }

}
