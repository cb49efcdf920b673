package io.gmgw.cli.token;

import io.gmgw.pkcs11.Ck;
import io.gmgw.pkcs11.ModuleInfo;
import io.gmgw.pkcs11.SlotInfo;
import io.gmgw.pkcs11.TokenInfo;
import io.gmgw.pkcs11.profile.VendorProfile;
import io.gmgw.pkcs11.token.Pkcs11Module;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What the token commands print, as records (text and --json from the same data). */
final class TokenViews {
    private TokenViews() {
    }

    record Module(String path, String manufacturer, String description, String cryptokiVersion, String profile) {
        static Module of(Pkcs11Module m) {
            ModuleInfo i = m.info();
            return new Module(m.path().toString(), i.manufacturer(), i.description(), i.cryptokiVersion(),
                    m.profile().name());
        }

        String line() {
            return "Module " + path + ": " + manufacturer + " / " + description + " (Cryptoki " + cryptokiVersion
                    + "), vendor profile " + profile;
        }
    }

    record Token(String label, String serial, String manufacturer, String model, boolean initialized, String userPin,
            long sessions, List<String> flags) {
        static Token of(TokenInfo t) {
            return new Token(t.label(), t.serialNumber(), t.manufacturer(), t.model(), t.initialized(),
                    t.userPinState(), t.sessionCount(), t.flagNames());
        }
    }

    record Slot(long slot, String description, boolean tokenPresent, Token token) {
        static Slot of(SlotInfo s, TokenInfo t) {
            return new Slot(s.slotId(), s.description(), s.tokenPresent(), t == null ? null : Token.of(t));
        }
    }

    record Listing(Module module, List<Slot> slots) {
    }

    record MechanismView(String code, String name, List<String> can) {
    }

    record Info(Module module, long slot, Token token, List<MechanismView> mechanisms) {
    }

    record ObjectView(long handle, String kind, String label, String id, String keyType, Boolean sensitive,
            Boolean extractable, Boolean privateObject, String publicKey, String subject, String serial,
            String notAfter) {
    }

    record Objects(Module module, long slot, String token, boolean loggedIn, List<ObjectView> objects) {
    }

    /** Names of the mechanisms a profile knows, plus the standard ones gmgw uses. */
    static Map<Long, String> mechanismNames(VendorProfile p) {
        Map<Long, String> n = new LinkedHashMap<>();
        put(n, p.sm2KeyGen(), "SM2 key pair generation");
        put(n, p.sm2SignE(), "SM2 sign (raw e)");
        put(n, p.sm2SignWithZ(), "SM2 sign with SM3 (Z in token)");
        put(n, p.sm2Encrypt(), "SM2 encrypt/decrypt");
        put(n, p.sm3(), "SM3");
        put(n, p.sm4KeyGen(), "SM4 key generation");
        put(n, p.sm4Ecb(), "SM4-ECB");
        put(n, p.sm4Cbc(), "SM4-CBC");
        put(n, p.sm2KeyExchange(), "SM2 key exchange");
        n.putIfAbsent(Ck.CKM_EC_KEY_PAIR_GEN, "CKM_EC_KEY_PAIR_GEN");
        n.putIfAbsent(Ck.CKM_ECDSA, "CKM_ECDSA");
        n.putIfAbsent(Ck.CKM_ECDH1_DERIVE, "CKM_ECDH1_DERIVE");
        return n;
    }

    private static void put(Map<Long, String> n, long code, String name) {
        if (code != 0) {
            n.putIfAbsent(code, name);
        }
    }

    static String hex(long code) {
        return "0x" + Long.toHexString(code).toUpperCase(Locale.ROOT);
    }
}
