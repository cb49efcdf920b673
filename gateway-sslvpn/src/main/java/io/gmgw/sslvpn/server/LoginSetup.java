package io.gmgw.sslvpn.server;

import io.gmgw.audit.Audit;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.otp.DynamicPasswords;
import io.gmgw.gateway.GatewayException;
import io.gmgw.gateway.config.GatewayConfig;
import io.gmgw.gateway.config.OtpSettings;
import io.gmgw.gateway.otp.OtpLogins;
import io.gmgw.gateway.otp.OtpVerifier;
import io.gmgw.gateway.otp.store.SeedKey;
import io.gmgw.gateway.otp.store.SeedKeys;
import io.gmgw.gateway.otp.store.TokenStore;
import io.gmgw.gateway.policy.LoginPolicy;
import io.gmgw.sslvpn.gateway.Authenticator;
import io.gmgw.sslvpn.gateway.CertificateAuthenticator;
import io.gmgw.sslvpn.gateway.GatewaySettings;
import io.gmgw.sslvpn.gateway.GroupPolicies;
import io.gmgw.sslvpn.gateway.IdentityMapper;
import io.gmgw.sslvpn.gateway.login.PolicyAuthenticator;
import io.gmgw.sslvpn.gateway.login.StoredTokenPasswords;
import io.gmgw.sslvpn.gateway.login.TokenPasswords;
import io.netty.util.concurrent.Ticker;
import java.io.IOException;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's login from its configuration: each group's login policy, and for groups that use a dynamic password
 * the token store (seeds sealed under {@code otp.seed-key}) and the thread that checks passwords off the event loops.
 */
final class LoginSetup {
    /** Logins waiting for their password form at once (each also expires after otp.form-timeout). */
    static final int MAX_PENDING = 4096;
    /** Password checks queued for the checking thread; beyond it a login is refused as busy. */
    static final int CHECK_QUEUE = 256;

    private LoginSetup() {
    }

    /**
     * The authenticator for {@code config}; what it opens (the seed key, the checking thread) goes on
     * {@code resources} to be closed with the server. {@code audit} is written synchronously: a password is accepted
     * only after its otp.verify record is written.
     */
    static Authenticator open(GatewayConfig config, GatewaySettings settings, GroupPolicies policies,
            CryptoModule module, Audit audit, Deque<AutoCloseable> resources) throws IOException {
        Authenticator certificate = new CertificateAuthenticator(new IdentityMapper(settings), policies);
        boolean anyPassword = config.groups().values().stream().anyMatch(g -> g.login().needsPassword());
        if (!anyPassword) {
            return certificate;
        }
        OtpSettings otp = config.otp();
        TokenPasswords passwords = passwords(otp, module, audit, resources);
        ThreadPoolExecutor checks = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(CHECK_QUEUE), r -> {
                    Thread t = new Thread(r, "otp-check");
                    t.setDaemon(true);
                    return t;
                });
        resources.push(checks::shutdownNow);
        boolean passwordOnly = config.groups().values().stream().anyMatch(g -> g.login() == LoginPolicy.PASSWORD);
        return new PolicyAuthenticator(certificate, policies, settings.userGroups(),
                Optional.ofNullable(settings.defaultGroup()), passwordOnly,
                new PolicyAuthenticator.Forms(module.random(), otp.formTimeout(), MAX_PENDING), passwords, checks,
                Ticker.systemTicker());
    }

    private static TokenPasswords passwords(OtpSettings otp, CryptoModule module, Audit audit,
            Deque<AutoCloseable> resources) throws IOException {
        String key = otp.seedKey().orElseThrow(() -> new GatewayException(GatewayException.Kind.CONFIG,
                "otp.seed-key is not set"));
        // file: for the demo; pkcs11:...;type=secret-key keeps the key in its token (docs/otp.md, The seed key).
        SeedKey seedKey = SeedKeys.open(key, module);
        resources.push(seedKey);
        TokenStore store = TokenStore.open(otp.tokenStore().orElseThrow(() -> new GatewayException(
                GatewayException.Kind.CONFIG, "otp.token-store is not set")), seedKey, audit);
        OtpLogins logins = new OtpLogins(new OtpVerifier(new DynamicPasswords(module.sm3(), module.sm4()),
                otp.policy()), store, audit, module.clock());
        return new StoredTokenPasswords(store, logins);
    }
}
