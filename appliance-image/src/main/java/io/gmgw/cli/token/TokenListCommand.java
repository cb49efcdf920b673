package io.gmgw.cli.token;

import io.gmgw.cli.ExitCode;
import io.gmgw.cli.ExitCodes;
import io.gmgw.cli.JsonOption;
import io.gmgw.pkcs11.Pkcs11Exception;
import io.gmgw.pkcs11.SlotInfo;
import io.gmgw.pkcs11.TokenInfo;
import io.gmgw.pkcs11.token.Pkcs11Module;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code gmgw token list}: the module and its slots, with the token in each. */
@ExitCodes(ExitCode.CONFIG)
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the module's slots and the tokens in them (label, serial, model, user PIN state).",
        footerHeading = "%nExamples:%n",
        footer = {"  gmgw token list --module /usr/lib/softhsm/libsofthsm2.so",
                "  gmgw token list --json"})
final class TokenListCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private TokenOptions token;

    @Mixin
    private JsonOption json;

    @Override
    public Integer call() {
        try (Pkcs11Module m = token.open()) {
            List<TokenViews.Slot> slots = new ArrayList<>();
            for (long id : m.library().slots(false)) {
                SlotInfo s = m.library().slotInfo(id);
                TokenInfo t = null;
                if (s.tokenPresent()) {
                    try {
                        t = m.library().tokenInfo(id);
                    } catch (Pkcs11Exception e) {
                        if (!e.isTokenGone()) {
                            throw e;
                        }
                    }
                }
                slots.add(TokenViews.Slot.of(s, t));
            }
            TokenViews.Listing listing = new TokenViews.Listing(TokenViews.Module.of(m), slots);
            PrintWriter out = spec.commandLine().getOut();
            if (json.enabled()) {
                json.print(out, listing);
                return ExitCode.OK.code();
            }
            out.println(listing.module().line());
            out.printf("%-6s %-20s %-18s %-16s %-10s %s%n", "SLOT", "TOKEN", "SERIAL", "MODEL", "USER PIN", "SESSIONS");
            for (TokenViews.Slot s : slots) {
                if (s.token() == null) {
                    out.printf("%-6d %s%n", s.slot(), "(no token)");
                } else {
                    TokenViews.Token t = s.token();
                    out.printf("%-6d %-20s %-18s %-16s %-10s %d%n", s.slot(), t.initialized() ? "'" + t.label() + "'"
                            : "(not initialised)", t.serial(), t.model(), t.userPin(), t.sessions());
                }
            }
            out.flush();
            return ExitCode.OK.code();
        }
    }
}
