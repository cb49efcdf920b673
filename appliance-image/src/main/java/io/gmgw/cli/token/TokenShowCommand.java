package io.gmgw.cli.token;

import io.gmgw.cli.ExitCode;
import io.gmgw.cli.ExitCodes;
import io.gmgw.cli.JsonOption;
import io.gmgw.crypto.core.MalformedEncodingException;
import io.gmgw.crypto.key.PasswordSource;
import io.gmgw.crypto.pki.Sm2Certificate;
import io.gmgw.pkcs11.Attribute;
import io.gmgw.pkcs11.Ck;
import io.gmgw.pkcs11.Pkcs11Exception;
import io.gmgw.pkcs11.Pkcs11Library;
import io.gmgw.pkcs11.TokenInfo;
import io.gmgw.pkcs11.key.TokenKeys;
import io.gmgw.pkcs11.profile.VendorProfile;
import io.gmgw.pkcs11.token.Pkcs11Module;
import io.gmgw.pkcs11.token.Token;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gmgw token show}: the objects on a token (never a secret value). */
@ExitCodes({ExitCode.UNAVAILABLE, ExitCode.CONFIG, ExitCode.PERMISSION_DENIED})
@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"List the objects on the token: keys (type, label, id, sensitive/extractable, public key), "
                + "certificates (subject, serial, expiry) and others. Private objects appear only when logged in "
                + "with --pin-source. Never shows a secret value."},
        footerHeading = "%nExample:%n",
        footer = "  gmgw token show --token gw --pin-source prompt --json")
final class TokenShowCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private TokenOptions token;

    @Option(names = "--pin-source", paramLabel = "SOURCE",
            description = "Log in with the user PIN (file:/path, env:NAME, systemd-credential:NAME or prompt) to see "
                    + "private objects too.")
    private String pin;

    @Mixin
    private JsonOption json;

    @Override
    public Integer call() {
        try (Pkcs11Module m = token.open()) {
            TokenInfo t = token.token(m);
            PasswordSource source = pin == null ? null : token.pinSource("--pin-source", pin);
            List<TokenViews.ObjectView> objects;
            if (source != null) {
                try (Token pool = m.token(token.selector(), source, 1)) {
                    objects = pool.call((lib, s) -> objects(lib, s, m.profile()));
                }
            } else {
                long s = m.library().openSession(t.slotId(), false);
                try {
                    objects = objects(m.library(), s, m.profile());
                } finally {
                    m.library().closeSession(s);
                }
            }
            TokenViews.Objects view = new TokenViews.Objects(TokenViews.Module.of(m), t.slotId(), t.label(),
                    source != null, objects);
            PrintWriter out = spec.commandLine().getOut();
            if (json.enabled()) {
                json.print(out, view);
                return ExitCode.OK.code();
            }
            out.println(view.module().line());
            out.println("Token '" + t.label() + "' (slot " + t.slotId() + ", serial " + t.serialNumber() + "): "
                    + objects.size() + " objects" + (source == null ? " (not logged in: private objects hidden)" : ""));
            for (TokenViews.ObjectView o : objects) {
                StringBuilder line = new StringBuilder("  ").append(String.format("%-12s", o.kind()))
                        .append(" '").append(o.label()).append("'");
                if (o.id() != null) {
                    line.append(" id ").append(o.id());
                }
                if (o.keyType() != null) {
                    line.append(", ").append(o.keyType());
                }
                if (Boolean.TRUE.equals(o.sensitive())) {
                    line.append(", sensitive");
                }
                if (Boolean.FALSE.equals(o.extractable())) {
                    line.append(", never exported");
                }
                if (o.subject() != null) {
                    line.append(", ").append(o.subject()).append(", serial ").append(o.serial()).append(", until ")
                            .append(o.notAfter());
                }
                out.println(line);
            }
            out.flush();
            return ExitCode.OK.code();
        }
    }

    private static List<TokenViews.ObjectView> objects(Pkcs11Library lib, long s, VendorProfile profile) {
        List<TokenViews.ObjectView> out = new ArrayList<>();
        for (long h : lib.findObjects(s, List.of())) {
            byte[] cls = lib.attribute(s, h, Ck.CKA_CLASS);
            long c = cls == null ? -1 : Attribute.toLong(cls);
            String kind = c == Ck.CKO_PRIVATE_KEY ? "private-key" : c == Ck.CKO_PUBLIC_KEY ? "public-key"
                    : c == Ck.CKO_CERTIFICATE ? "certificate" : c == Ck.CKO_SECRET_KEY ? "secret-key"
                    : c == Ck.CKO_DATA ? "data" : "class " + c;
            byte[] label = lib.attribute(s, h, Ck.CKA_LABEL);
            byte[] id = lib.attribute(s, h, Ck.CKA_ID);
            String keyType = null;
            String publicKey = null;
            if (c == Ck.CKO_PRIVATE_KEY || c == Ck.CKO_PUBLIC_KEY || c == Ck.CKO_SECRET_KEY) {
                byte[] kt = lib.attribute(s, h, Ck.CKA_KEY_TYPE);
                long k = kt == null ? -1 : Attribute.toLong(kt);
                byte[] params = lib.attribute(s, h, Ck.CKA_EC_PARAMS);
                keyType = k == profile.ckkSm2() && k != 0 ? "SM2" : k == Ck.CKK_EC
                        ? (params != null && Arrays.equals(params, Ck.sm2EcParams()) ? "EC on the SM2 curve" : "EC")
                        : k == profile.ckkSm4() && k != 0 ? "SM4" : "key type " + TokenViews.hex(k);
                byte[] point = lib.attribute(s, h, Ck.CKA_EC_POINT);
                publicKey = point == null ? null : HexFormat.of().formatHex(TokenKeys.ecPoint(point));
            }
            String subject = null;
            String serial = null;
            String notAfter = null;
            if (c == Ck.CKO_CERTIFICATE) {
                byte[] der = lib.attribute(s, h, Ck.CKA_VALUE);
                try {
                    Sm2Certificate cert = Sm2Certificate.fromDer(der);
                    subject = cert.subject().toString();
                    serial = cert.serialHex();
                    notAfter = cert.notAfter().toString();
                } catch (MalformedEncodingException | NullPointerException e) {
                    subject = "(not an SM2 certificate)";
                }
            }
            out.add(new TokenViews.ObjectView(h, kind, label == null ? "" : new String(label, StandardCharsets.UTF_8),
                    id == null || id.length == 0 ? null : HexFormat.of().formatHex(id), keyType,
                    bool(lib, s, h, Ck.CKA_SENSITIVE), bool(lib, s, h, Ck.CKA_EXTRACTABLE),
                    bool(lib, s, h, Ck.CKA_PRIVATE), publicKey, subject, serial, notAfter));
        }
        return out;
    }

    private static Boolean bool(Pkcs11Library lib, long s, long h, long type) {
        try {
            byte[] v = lib.attribute(s, h, type);
            return v == null || v.length != 1 ? null : v[0] != 0;
        } catch (Pkcs11Exception e) {
            return null;
        }
    }
}
