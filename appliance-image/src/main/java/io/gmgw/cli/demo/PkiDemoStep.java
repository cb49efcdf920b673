package io.gmgw.cli.demo;

import io.gmgw.crypto.ca.CaSetup;
import io.gmgw.crypto.ca.KeyFileProtection;
import io.gmgw.crypto.ca.PairIssuance;
import io.gmgw.crypto.ca.PkiFolder;
import io.gmgw.crypto.pki.DistinguishedNames;
import io.gmgw.crypto.pki.ExtendedKeyUsages;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A demo PKI in {@code DIR/pki}, made as {@code gmgw pki init} and {@code gmgw pki issue} make one: a root and an
 * issuing CA, a server pair for {@value #SERVER} (also named by the loopback addresses 127.0.0.1 and ::1) and a client
 * pair for {@value #CLIENT} (keys in files), and the ACL signer {@value DemoLayout#ACL_SIGNER}: a client pair whose
 * signing certificate names the ACL-signing purpose, as {@code gmgw pki issue --acl-signer} makes it, for the
 * gateway's group ACLs. Keys are unencrypted: it is a demo. What exists is kept.
 */
final class PkiDemoStep implements DemoStep {
    static final String SERVER = "localhost";
    static final String CLIENT = "demo-user";
    /** A year, so that a demo set up once keeps working without 'gmgw pki crl' for a while. */
    private static final Duration YEAR = Duration.ofDays(365);

    @Override
    public String name() {
        return "pki";
    }

    @Override
    public String run(DemoContext context) throws IOException {
        PkiFolder folder = context.layout().pki();
        List<String> created = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        if (folder.hasCa()) {
            kept.add("root and issuing CA");
        } else {
            CaSetup.create(context.module(), context.audit(), folder, new CaSetup.Request(
                    DistinguishedNames.parse("CN=gmgw Demo Root CA, O=gmgw demo"),
                    DistinguishedNames.parse("CN=gmgw Demo Issuing CA, O=gmgw demo"),
                    Duration.ofDays(3650), Duration.ofDays(1825), YEAR), KeyFileProtection.none(), null);
            created.add("root and issuing CA");
        }
        pair(context, folder, PairIssuance.Kind.SERVER, SERVER, created, kept);
        pair(context, folder, PairIssuance.Kind.CLIENT, CLIENT, created, kept);
        pair(context, folder, PairIssuance.Kind.CLIENT, DemoLayout.ACL_SIGNER, created, kept);
        if (created.isEmpty()) {
            return folder + " already there, kept (" + String.join(", ", kept) + ")";
        }
        return "created " + String.join(", ", created) + " in " + folder
                + (kept.isEmpty() ? "" : "; kept " + String.join(", ", kept))
                + " (keys unencrypted: a demo; see 'gmgw pki --help')";
    }

    private static void pair(DemoContext context, PkiFolder folder, PairIssuance.Kind kind, String name,
            List<String> created, List<String> kept) throws IOException {
        boolean aclSigner = name.equals(DemoLayout.ACL_SIGNER);
        String what = kind == PairIssuance.Kind.SERVER ? "server pair for " + name
                : aclSigner ? "ACL signer" : "client pair for " + name;
        if (Files.exists(folder.issued(name).directory())) {
            kept.add(what);
            return;
        }
        // The server is reached as localhost or by its loopback addresses: its certificate names all three, so the
        // client's default name check passes for 'tlcp connect 127.0.0.1:4433' too.
        List<String> hosts = kind == PairIssuance.Kind.SERVER ? List.of(name, "127.0.0.1", "::1") : List.of();
        PairIssuance.issue(context.module(), context.audit(), folder, new PairIssuance.Request(kind, name, null,
                aclSigner ? DistinguishedNames.parse("CN=gmgw Demo ACL Signer, O=gmgw demo") : null, hosts, YEAR,
                new PairIssuance.KeySource.Generate(), new PairIssuance.KeySource.Generate(),
                aclSigner ? List.of(ExtendedKeyUsages.ACL_SIGNING) : List.of()),
                KeyFileProtection.none(), null, null);
        created.add(what);
    }
}
