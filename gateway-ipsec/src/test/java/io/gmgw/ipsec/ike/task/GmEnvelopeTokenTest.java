package io.gmgw.ipsec.ike.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.key.KeyHandle;
import io.gmgw.crypto.key.KeyOptions;
import io.gmgw.crypto.key.KeyProviders;
import io.gmgw.crypto.key.PasswordSource;
import io.gmgw.pkcs11.Ck;
import io.gmgw.pkcs11.Pkcs11Library;
import io.gmgw.pkcs11.key.Pkcs11KeyHandle;
import io.gmgw.pkcs11.key.TokenKeys;
import io.gmgw.pkcs11.token.Pkcs11Module;
import io.gmgw.testing.SecretFiles;
import io.gmgw.testing.SystemPeers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GM envelope main mode with every private key in gmgw's soft smart key, through pkcs11-bridge and {@code pkcs11:}
 * URIs (RFC 7512): each gateway's signing and encryption keys generated inside its own token, certified by the test
 * CA, opened by {@link KeyProviders} as the configuration would; the signatures and the opening of each envelope happen
 * in the tokens. Then quick mode with SM4-CBC + HMAC-SM3, as with file keys; and a token pulled out before the
 * responder opens the initiator's envelope ends main mode without blaming the peer.
 */
class GmEnvelopeTokenTest {
    private static final String SO_PIN = "so-pin-2468";
    private static final String USER_PIN = "user-pin-1357";
    private static final GmPki PKI = new GmPki("gm-token");

    @TempDir
    static Path dir;
    private static Path library;
    private static Pkcs11Module module;
    private static KeyProviders providers;
    private static Path pin;

    @BeforeAll
    static void tokens() throws IOException {
        library = SystemPeers.requireFile("gmgw.softkey.library", "the gmgw soft smart key", "it is built by "
                + "pkcs11-bridge ('./mvnw -pl pkcs11-bridge compile') when gcc and the OpenSSL 3 headers are installed "
                + "(apt-get install gcc libssl-dev)");
        Path store = Path.of(System.getProperty("gmgw.softkey.store"));
        if (Files.exists(store)) {
            try (Stream<Path> s = Files.walk(store)) {
                for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(f);
                }
            }
        }
        Files.createDirectories(store);
        Files.writeString(store.resolve("softkey.conf"), "profile = 0x8000\nslots = 2\n");
        module = Pkcs11Module.open(library, (String) null);
        Pkcs11Library lib = module.library();
        String[] labels = {"left", "right"};
        for (int slot = 0; slot < 2; slot++) {
            lib.initToken(slot, SO_PIN.toCharArray(), labels[slot]);
            long s = lib.openSession(slot, true);
            try {
                lib.login(s, Ck.CKU_SO, SO_PIN.toCharArray());
                lib.initPin(s, USER_PIN.toCharArray());
                lib.logout(s);
                lib.login(s, Ck.CKU_USER, USER_PIN.toCharArray());
                TokenKeys.generate(lib, s, module.profile(), "sign", new byte[] {1});
                TokenKeys.generate(lib, s, module.profile(), "enc", new byte[] {2});
            } finally {
                lib.closeSession(s);
            }
        }
        pin = SecretFiles.write(dir.resolve("user.pin"), USER_PIN + "\n");
        providers = KeyProviders.load(PKI.module);
    }

    @AfterAll
    static void close() {
        if (module != null) {
            module.close();
        }
    }

    private static KeyHandle open(String token, String object) {
        // x-monitor-ms=0: no background token monitor; a pulled token shows at its next use
        return providers.open("pkcs11:token=" + token + ";object=" + object + "?module-path=" + library
                + "&x-monitor-ms=0", KeyOptions.withPassword(PasswordSource.fromFile(pin)));
    }

    @Test
    void everyPrivateKeyInATokenGivesTheSameKeysAsFileKeys() {
        try (KeyHandle ls = open("left", "sign"); KeyHandle le = open("left", "enc");
                KeyHandle rs = open("right", "sign"); KeyHandle re = open("right", "enc")) {
            assertInstanceOf(Pkcs11KeyHandle.class, re);
            GmPki.Party left = PKI.party("gw-left", ls, le);
            GmPki.Party right = PKI.party("gw-right", rs, re);
            Wire w = GmMainModeTest.wire(PKI.config(true, left, PKI.verifier()), PKI.config(false, right,
                    PKI.verifier()));
            w.run(true, w.left.initiate(GmPki.T0), GmPki.T0);
            assertEquals(1, w.events(true, IkeEvent.IsakmpSaEstablished.class).size(), w.leftEvents::toString);
            GmMainModeTest.assertEnvelopeAndQuickMode(w);
        }
    }

    @Test
    void aTokenPulledOutEndsMainModeWithoutBlamingThePeer() throws IOException {
        try (KeyHandle ls = open("left", "sign"); KeyHandle le = open("left", "enc");
                KeyHandle rs = open("right", "sign"); KeyHandle re = open("right", "enc")) {
            GmPki.Party left = PKI.party("gw-left", ls, le);
            GmPki.Party right = PKI.party("gw-right", rs, re);
            Wire w = GmMainModeTest.wire(PKI.config(true, left, PKI.verifier()), PKI.config(false, right,
                    PKI.verifier()));
            w.drop = (fromLeft, i) -> fromLeft && i == 1; // hold message 3
            w.run(true, w.left.initiate(GmPki.T0), GmPki.T0);
            Path removed = Path.of(System.getProperty("gmgw.softkey.store"), "slot1", "removed");
            Files.writeString(removed, ""); // the right gateway's token leaves its slot
            try {
                w.drop = (fromLeft, i) -> false;
                w.run(false, w.right.receive(w.leftSent.get(1), false, GmPki.T0), GmPki.T0);
            } finally {
                Files.delete(removed);
            }
            IkeEvent.ExchangeFailed f = w.events(false, IkeEvent.ExchangeFailed.class).getFirst();
            assertEquals(0, f.notifyType(), "our token failed: no notify blames the peer");
            assertTrue(f.reason().contains("our encryption key"), f.reason());
            assertTrue(w.events(false, IkeEvent.PeerAuthenticationFailed.class).isEmpty());
            assertTrue(w.right.failed());
        }
    }
}
