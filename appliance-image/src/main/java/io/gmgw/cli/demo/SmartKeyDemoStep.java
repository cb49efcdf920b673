package io.gmgw.cli.demo;

import io.gmgw.audit.AuditEventType;
import io.gmgw.cli.Audited;
import io.gmgw.cli.CommandFailedException;
import io.gmgw.cli.ExitCode;
import io.gmgw.cli.token.TokenOptions;
import io.gmgw.crypto.ca.KeyFileProtection;
import io.gmgw.crypto.ca.PairIssuance;
import io.gmgw.crypto.ca.PkiFolder;
import io.gmgw.crypto.key.PasswordSource;
import io.gmgw.crypto.key.SecretSources;
import io.gmgw.crypto.pki.DistinguishedNames;
import io.gmgw.crypto.pki.PemFiles;
import io.gmgw.crypto.pki.Sm2Certificate;
import io.gmgw.crypto.sm2.Sm2PublicKey;
import io.gmgw.files.DurableFiles;
import io.gmgw.pkcs11.Ck;
import io.gmgw.pkcs11.Pkcs11Library;
import io.gmgw.pkcs11.TokenInfo;
import io.gmgw.pkcs11.key.TokenKeys;
import io.gmgw.pkcs11.token.Pkcs11Module;
import io.gmgw.pkcs11.token.Token;
import io.gmgw.pkcs11.token.TokenSelector;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The demo user's smart key: the soft smart key (pkcs11-bridge's native module, docs/pkcs11.md) with its store in
 * {@code DIR/smartkey/store}, a token {@value DemoLayout#TOKEN_LABEL} whose user PIN is in {@code DIR/smartkey/user.pin}
 * (mode 0600, a {@code file:} PIN source), the user's SM2 signing and encryption keys generated inside it (never
 * extractable), their GM/T 0015 pair issued by the demo CA ({@code CN=demo-user, OU=demo}, into
 * {@code pki/issued/demo-user-smartkey/}, certificates only) and both certificates stored on the token beside their
 * keys, so a client names them by {@code pkcs11:token=gmgw-demo;object=sign} and {@code ...;object=enc}. Each part is
 * made only when missing; token init, key generation and certificate import are audited as the {@code gmgw token}
 * commands audit them. Without the soft smart key library the step is skipped, saying what to install.
 */
final class SmartKeyDemoStep implements DemoStep {
    private static final Duration YEAR = Duration.ofDays(365);
    private static final byte[] SIGN_ID = {1};
    private static final byte[] ENC_ID = {2};

    @Override
    public String name() {
        return "smart key";
    }

    @Override
    public String run(DemoContext context) throws IOException {
        DemoLayout layout = context.layout();
        SoftKeyLibrary.Search search = SoftKeyLibrary.locate();
        if (search.library().isEmpty()) {
            // the rest of the demo is still useful (and the connect step says again what is missing)
            return "skipped: " + search.missing();
        }
        Path library = search.library().get();
        List<String> made = new ArrayList<>();
        for (Path d : List.of(layout.smartKey(), layout.softKeyStore())) {
            if (!Files.isDirectory(d)) {
                DurableFiles.privateDirectory(d);
            }
        }
        pinFile(context, layout.soPinFile(), made, "SO PIN");
        pinFile(context, layout.userPinFile(), made, "user PIN");
        PasswordSource userPin = SecretSources.parse("file:" + layout.userPinFile(), "User PIN of the token");
        try (SoftKeyStore store = SoftKeyStore.use(layout.softKeyStore());
                Pkcs11Module module = Pkcs11Module.open(library, (String) null)) {
            TokenInfo token = token(context, module, layout, made);
            requireDemoStore(layout, token);
            try (Token pool = module.token(TokenSelector.label(DemoLayout.TOKEN_LABEL), userPin, 1, context.audit())) {
                Sm2PublicKey sign = key(context, module, token, pool, DemoLayout.SIGN_LABEL, SIGN_ID, made);
                Sm2PublicKey enc = key(context, module, token, pool, DemoLayout.ENC_LABEL, ENC_ID, made);
                PkiFolder.IssuedFolder pair = pair(context, module, token, userPin, made);
                certificate(context, module, token, pool, DemoLayout.SIGN_LABEL, pair.certificate(true), sign, made);
                certificate(context, module, token, pool, DemoLayout.ENC_LABEL, pair.certificate(false), enc, made);
            }
            String where = "token '" + DemoLayout.TOKEN_LABEL + "' in " + layout.softKeyStore() + ", keys pkcs11:token="
                    + DemoLayout.TOKEN_LABEL + ";object=" + DemoLayout.SIGN_LABEL + "|" + DemoLayout.ENC_LABEL
                    + ", PIN file:" + layout.userPinFile();
            if (made.isEmpty()) {
                return "keys and certificates of " + DemoLayout.USER + " already there, kept (" + where + ")";
            }
            return "made " + String.join(", ", made) + " (" + where + ")";
        }
    }

    /** A random PIN in a new 0600 file, unless the file is there. */
    private static void pinFile(DemoContext context, Path file, List<String> made, String what) throws IOException {
        if (Files.exists(file)) {
            return;
        }
        SecureRandom random = context.module().random();
        char[] pin = new char[12];
        for (int i = 0; i < pin.length; i++) {
            pin[i] = (char) ('0' + random.nextInt(10));
        }
        byte[] line = (new String(pin) + "\n").getBytes(StandardCharsets.US_ASCII);
        try {
            DurableFiles.create(file, line, true);
        } finally {
            Arrays.fill(pin, '\0');
            Arrays.fill(line, (byte) 0);
        }
        made.add(what);
    }

    /** The demo's token, initialised in the first free slot when it is not there yet. */
    private static TokenInfo token(DemoContext context, Pkcs11Module module, DemoLayout layout, List<String> made)
            throws IOException {
        TokenSelector selector = TokenSelector.label(DemoLayout.TOKEN_LABEL);
        Optional<TokenInfo> present = module.presentTokens().stream().filter(selector::matches).findFirst();
        if (present.isPresent()) {
            return present.get();
        }
        Pkcs11Library lib = module.library();
        long slot = module.presentTokens().stream().filter(t -> !t.initialized()).mapToLong(TokenInfo::slotId)
                .findFirst().orElseThrow(() -> new CommandFailedException(ExitCode.CANT_CREATE, "the soft smart "
                        + "key store " + layout.softKeyStore() + " has no uninitialised token left; remove "
                        + layout.smartKey() + " and the pair " + layout.pki().issued(DemoLayout.USER_SMART_KEY_PAIR)
                        .directory() + ", then run the demo again"));
        PasswordSource so = SecretSources.parse("file:" + layout.soPinFile(), "SO PIN of the token");
        PasswordSource user = SecretSources.parse("file:" + layout.userPinFile(), "User PIN of the token");
        TokenInfo after = Audited.run(context.audit(), AuditEventType.TOKEN_INIT, "slot " + slot + " of "
                + module.path(), () -> {
                    char[] soPin = so.password();
                    char[] userPin = user.password();
                    try {
                        lib.initToken(slot, soPin, DemoLayout.TOKEN_LABEL);
                        long s = lib.openSession(slot, true);
                        try {
                            lib.login(s, Ck.CKU_SO, soPin);
                            lib.initPin(s, userPin);
                            lib.logout(s);
                        } finally {
                            lib.closeSession(s);
                        }
                        return module.findToken(selector);
                    } finally {
                        Arrays.fill(soPin, '\0');
                        Arrays.fill(userPin, '\0');
                    }
                }, (t, e) -> e.subject(t.serialNumber()).detail("label", DemoLayout.TOKEN_LABEL)
                        .detail("wiped", false));
        made.add("token '" + DemoLayout.TOKEN_LABEL + "'");
        return after;
    }

    /**
     * PKCS#11 initialises a module once per process: if something in this process loaded the soft smart key before
     * (with another store), the token found is not the demo's. Its slot file in the demo's store says it is.
     */
    private static void requireDemoStore(DemoLayout layout, TokenInfo token) {
        if (!Files.isRegularFile(layout.softKeyStore().resolve("slot" + token.slotId()).resolve("token.dat"))) {
            throw new IllegalStateException("the soft smart key was already loaded in this process with another "
                    + "store than " + layout.softKeyStore() + "; run 'gmgw demo' in a process of its own");
        }
    }

    /** The public key of the token's private key {@code label}, generated inside the token when missing. */
    private static Sm2PublicKey key(DemoContext context, Pkcs11Module module, TokenInfo token, Token pool,
            String label, byte[] id, List<String> made) throws IOException {
        Optional<Sm2PublicKey> existing = pool.call((lib, s) -> {
            long[] keys = lib.findObjects(s, TokenKeys.template(Ck.CKO_PRIVATE_KEY, label, null));
            return keys.length == 0 ? Optional.<Sm2PublicKey>empty()
                    : Optional.of(TokenKeys.publicKey(lib, s, keys[0], token.label()));
        });
        if (existing.isPresent()) {
            return existing.get();
        }
        TokenKeys.GeneratedKey k = Audited.run(context.audit(), AuditEventType.KEY_GENERATE,
                uri(module, token, label, id), () -> pool.call((lib, s) -> TokenKeys.generate(lib, s,
                        module.profile(), label, id)),
                (g, e) -> e.subject(token.serialNumber()).detail("algorithm", "SM2")
                        .detail("publicKey", HexFormat.of().formatHex(g.publicKey().encoded())));
        made.add(label + " key");
        return k.publicKey();
    }

    /** The user's pair for the token's two keys, issued by the demo CA when its folder is missing. */
    private static PkiFolder.IssuedFolder pair(DemoContext context, Pkcs11Module module, TokenInfo token,
            PasswordSource pin, List<String> made) throws IOException {
        PkiFolder pki = context.layout().pki();
        PkiFolder.IssuedFolder folder = pki.issued(DemoLayout.USER_SMART_KEY_PAIR);
        if (Files.exists(folder.directory())) {
            return folder;
        }
        PairIssuance.issue(context.module(), context.audit(), pki, new PairIssuance.Request(PairIssuance.Kind.CLIENT,
                DemoLayout.USER, DemoLayout.USER_SMART_KEY_PAIR, DistinguishedNames.parse("CN=" + DemoLayout.USER
                        + ", OU=" + DemoLayout.GROUP), List.of(), YEAR,
                new PairIssuance.KeySource.Existing(uri(module, token, DemoLayout.SIGN_LABEL, SIGN_ID), pin),
                new PairIssuance.KeySource.Existing(uri(module, token, DemoLayout.ENC_LABEL, ENC_ID), pin)),
                KeyFileProtection.none(), null, null);
        made.add("pair CN=" + DemoLayout.USER + ", OU=" + DemoLayout.GROUP + " in " + DemoLayout.USER_SMART_KEY_PAIR);
        return folder;
    }

    /** Stores {@code file}'s certificate on the token beside key {@code label}, when no certificate is there yet. */
    private static void certificate(DemoContext context, Pkcs11Module module, TokenInfo token, Token pool,
            String label, Path file, Sm2PublicKey key, List<String> made) throws IOException {
        Sm2Certificate cert = PemFiles.certificate(file);
        if (!cert.publicKey().equals(key)) {
            throw new CommandFailedException(ExitCode.DATA_ERROR, file + " (" + cert.subject() + ") is not the "
                    + "certificate of key '" + label + "' on token '" + token.label() + "' (the token was made "
                    + "again after the pair was issued); remove " + file.getParent() + " and run the demo again");
        }
        boolean stored = pool.call((lib, s) -> lib.findObjects(s, TokenKeys.template(Ck.CKO_CERTIFICATE, label,
                null)).length > 0);
        if (stored) {
            return;
        }
        byte[] id = label.equals(DemoLayout.SIGN_LABEL) ? SIGN_ID : ENC_ID;
        Audited.run(context.audit(), AuditEventType.TOKEN_IMPORT_CERT, "token '" + token.label() + "' of "
                + module.path(), () -> pool.call((lib, s) -> TokenKeys.importCertificate(lib, s, cert, label, id)),
                (h, e) -> e.subject(cert.subject().toString()).correlate("serial", cert.serialHex())
                        .detail("label", label));
        made.add(label + " certificate stored");
    }

    static String uri(Pkcs11Module module, TokenInfo token, String label, byte[] id) {
        return TokenOptions.uri(module, token, label, id);
    }
}
