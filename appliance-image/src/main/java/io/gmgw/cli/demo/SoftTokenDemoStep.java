package io.gmgw.cli.demo;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.otp.OtpAlgorithm;
import io.gmgw.crypto.otp.OtpProfile;
import io.gmgw.gateway.otp.store.Sm4SeedKey;
import io.gmgw.gateway.otp.store.TokenRecord;
import io.gmgw.gateway.otp.store.TokenStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * The demo user's soft dynamic token (GB/T 38556, docs/otp.md): {@code DIR/otp/seed.key} (the SM4 key the seeds are
 * sealed under, a {@code file:} key) and {@code DIR/otp/tokens/} with token {@value DemoLayout#SOFT_TOKEN}, event-based,
 * SM3, 6 digits, assigned to {@value DemoLayout#USER}. The group logs in with the certificate and the
 * token's password; the demo's client plays the token (it opens the seed with the same key). Kept when there.
 */
final class SoftTokenDemoStep implements DemoStep {
    /**
     * Event-based: each login takes the next counter's password at once, so the demo can run again within the
     * minute a time-based password would have been spent in (each is accepted once).
     */
    static final OtpProfile PROFILE = OtpProfile.eventBased(OtpAlgorithm.SM3);

    @Override
    public String name() {
        return "soft token";
    }

    @Override
    public String run(DemoContext context) throws IOException {
        DemoLayout layout = context.layout();
        CryptoModule module = context.module();
        Path keyFile = layout.seedKey();
        boolean newKey = !Files.exists(keyFile);
        if (newKey) {
            Files.createDirectories(layout.otpDirectory());
        }
        try (Sm4SeedKey key = newKey ? Sm4SeedKey.generate(module, keyFile) : Sm4SeedKey.fromFile(module, keyFile)) {
            TokenStore store = TokenStore.open(layout.tokenStore(), key, context.audit());
            Optional<TokenRecord> existing = store.forUser(DemoLayout.USER);
            if (existing.isPresent()) {
                return layout.otpDirectory() + " already there, kept (token " + existing.get().serial() + " of "
                        + DemoLayout.USER + ")";
            }
            byte[] seed = new byte[16];
            module.random().nextBytes(seed);
            try {
                store.add(DemoLayout.SOFT_TOKEN, PROFILE, seed, Optional.of(DemoLayout.USER), 0,
                        "gmgw demo soft token");
            } finally {
                Arrays.fill(seed, (byte) 0);
            }
            return "created token " + DemoLayout.SOFT_TOKEN + " for " + DemoLayout.USER + " (event-based, SM3, 6 "
                    + "digits) in " + layout.tokenStore() + ", its seed sealed under "
                    + (newKey ? "the new key " : "") + keyFile;
        }
    }
}
