package io.gmgw.cli.token;

import io.gmgw.cli.ExitCode;
import io.gmgw.cli.ExitCodes;
import io.gmgw.cli.JsonOption;
import io.gmgw.pkcs11.Ck;
import io.gmgw.pkcs11.MechanismInfo;
import io.gmgw.pkcs11.TokenInfo;
import io.gmgw.pkcs11.token.Pkcs11Module;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code gmgw token info}: one token in detail, with its mechanisms named by the vendor profile. */
@ExitCodes({ExitCode.UNAVAILABLE, ExitCode.CONFIG})
@Command(name = "info", mixinStandardHelpOptions = true,
        description = {"Show one token: label, serial, model, flags, PIN state, and its mechanisms, named where the "
                + "vendor profile knows them (SM2/SM3/SM4 codes are vendor-defined).",
                "Select the token with --token, --serial or --slot; with none, the only token present."},
        footerHeading = "%nExample:%n",
        footer = "  gmgw token info --module /usr/lib/softhsm/libsofthsm2.so --token gw")
final class TokenInfoCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private TokenOptions token;

    @Mixin
    private JsonOption json;

    @Override
    public Integer call() {
        try (Pkcs11Module m = token.open()) {
            TokenInfo t = token.token(m);
            Map<Long, String> names = TokenViews.mechanismNames(m.profile());
            List<TokenViews.MechanismView> mechs = new ArrayList<>();
            for (long code : m.library().mechanisms(t.slotId())) {
                MechanismInfo mi = m.library().mechanismInfo(t.slotId(), code);
                List<String> can = new ArrayList<>();
                String[] words = {"encrypt", "decrypt", "digest", "sign", "verify", "generate", "generate-key-pair",
                    "derive"};
                long[] flags = {Ck.CKF_ENCRYPT, Ck.CKF_DECRYPT, Ck.CKF_DIGEST, Ck.CKF_SIGN, Ck.CKF_VERIFY,
                    Ck.CKF_GENERATE, Ck.CKF_GENERATE_KEY_PAIR, Ck.CKF_DERIVE};
                for (int i = 0; i < words.length; i++) {
                    if (mi.can(flags[i])) {
                        can.add(words[i]);
                    }
                }
                mechs.add(new TokenViews.MechanismView(TokenViews.hex(code), names.getOrDefault(code, ""), can));
            }
            TokenViews.Info info = new TokenViews.Info(TokenViews.Module.of(m), t.slotId(), TokenViews.Token.of(t), mechs);
            PrintWriter out = spec.commandLine().getOut();
            if (json.enabled()) {
                json.print(out, info);
                return ExitCode.OK.code();
            }
            out.println(info.module().line());
            out.println("Slot " + t.slotId() + ": token '" + t.label() + "', serial " + t.serialNumber() + ", "
                    + t.manufacturer() + " " + t.model());
            out.println("  user PIN: " + t.userPinState() + " (PIN length " + t.minPinLength() + ".." + t.maxPinLength()
                    + "), sessions open: " + t.sessionCount());
            out.println("  flags: " + String.join(" ", t.flagNames()));
            out.println("  mechanisms:");
            for (TokenViews.MechanismView mv : mechs) {
                out.printf("    %-12s %-32s %s%n", mv.code(), mv.name(), String.join(",", mv.can()));
            }
            out.flush();
            return ExitCode.OK.code();
        }
    }
}
