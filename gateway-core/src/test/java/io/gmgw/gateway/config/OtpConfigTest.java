package io.gmgw.gateway.config;

import static io.gmgw.gateway.config.ConfigFixture.MINIMAL;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gmgw.gateway.otp.OtpPolicy;
import io.gmgw.gateway.policy.LoginPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code groups.NAME.login} and the {@code otp} section: defaults, values, and each error at its FILE:LINE:COL. */
class OtpConfigTest {
    @TempDir
    Path tmp;

    private ConfigFixture fixture;

    @BeforeEach
    void folder() throws Exception {
        fixture = new ConfigFixture(tmp);
    }

    private static String login(String policy) {
        return MINIMAL.replace("    acl: staff.acl\n", "    acl: staff.acl\n    login: " + policy + "\n");
    }

    @Test
    void certificateLoginAndTheVerifiersDefaultsWhenNothingIsWritten() {
        GatewayConfig c = fixture.load(MINIMAL);
        assertEquals(LoginPolicy.CERTIFICATE, c.groups().get("staff").login());
        assertEquals(new OtpSettings(Optional.empty(), Optional.empty(), OtpPolicy.DEFAULT, Duration.ofMinutes(4)),
                c.otp());
    }

    @Test
    void aPasswordGroupWithItsStoreAndKey() {
        GatewayConfig c = fixture.load(login("certificate+password") + """
                otp:
                  token-store: otp/tokens
                  seed-key: file:otp/seed.key
                  time-steps-behind: 2
                  time-steps-ahead: 0
                  counter-look-ahead: 20
                  max-drift-steps: 30
                  max-failures: 3
                  form-timeout: 90s
                """);
        assertEquals(LoginPolicy.CERTIFICATE_AND_PASSWORD, c.groups().get("staff").login());
        assertEquals(new OtpSettings(Optional.of(tmp.resolve("otp/tokens")), Optional.of("file:"
                + tmp.resolve("otp/seed.key")), new OtpPolicy(2, 0, 20, 30, 3), Duration.ofSeconds(90)), c.otp());
        assertEquals(LoginPolicy.PASSWORD, fixture.load(login("password") + "otp:\n  token-store: /var/t\n"
                + "  seed-key: pkcs11:token=gw;object=otp\n").groups().get("staff").login());
    }

    @Test
    void errorsSayWhereAndWhatToWrite() {
        assertEquals(List.of("gateway.yaml:11:12: groups.staff.login: 'cert' is not a login policy (the certificate, "
                + "a dynamic password, or both); write one of certificate, password, certificate+password"),
                fixture.errors(login("cert")));
        assertEquals(List.of("gateway.yaml:11:12: groups.staff.login: 'pasword' is not a login policy (the "
                + "certificate, a dynamic password, or both); write password instead"),
                fixture.errors(login("pasword")));
        assertEquals(List.of("gateway.yaml:1:1: otp.token-store: group staff logs in with a dynamic password, so the "
                + "gateway needs its tokens: add otp: with token-store: FOLDER and seed-key: file:KEYFILE (as gmgw "
                + "otp uses them)"), fixture.errors(login("password")));
        assertEquals(List.of("gateway.yaml:18:1: otp.seed-key: group staff logs in with a dynamic password, so the "
                + "gateway needs its tokens: add otp: with token-store: FOLDER and seed-key: file:KEYFILE (as gmgw "
                + "otp uses them)"), fixture.errors(login("password") + "otp:\n  token-store: t\n"));
        assertEquals(List.of("gateway.yaml:19:17: otp.max-failures: 0 is out of range; write a number from 1 to 100 "
                + "(failed passwords in a row)", "gateway.yaml:20:23: otp.counter-look-ahead: 51 is out of range; "
                + "write a number from 0 to 50 (counter values)", "gateway.yaml:21:17: otp.form-timeout: '3' is not "
                + "a duration; write 3s for seconds (units: ms, s, m, h, d)", "gateway.yaml:22:3: otp: unknown key "
                + "'window'; the keys of otp are token-store, seed-key, time-steps-behind, time-steps-ahead, "
                + "counter-look-ahead, max-drift-steps, max-failures, form-timeout"),
                fixture.errors(MINIMAL + "otp:\n  token-store: t\n  max-failures: 0\n  counter-look-ahead: 51\n"
                        + "  form-timeout: 3\n  window: 1\n"));
    }
}
