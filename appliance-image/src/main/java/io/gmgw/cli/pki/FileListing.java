package io.gmgw.cli.pki;

import io.gmgw.crypto.ca.PkiFolder;
import io.gmgw.crypto.pki.Sm2Certificate;
import io.gmgw.crypto.pki.Sm2Crl;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The files a command wrote, one per line, named relative to the PKI folder and aligned: "  FILE  what it is". */
final class FileListing {
    private final PkiFolder folder;
    private final List<String[]> rows = new ArrayList<>();

    FileListing(PkiFolder folder) {
        this.folder = folder;
    }

    FileListing add(Path file, String what) {
        rows.add(new String[] {folder.show(file), what});
        return this;
    }

    void print(PrintWriter out) {
        int width = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
        for (String[] r : rows) {
            out.printf("  %-" + width + "s  %s%n", r[0], r[1]);
        }
    }

    static String certificate(String role, Sm2Certificate cert) {
        return role + " '" + cert.subject() + "', serial " + cert.serialHex() + ", valid until " + cert.notAfter();
    }

    static String crl(Sm2Crl crl) {
        return "CRL number " + crl.crlNumber().map(Object::toString).orElse("?") + ", " + crl.revoked().size()
                + " revoked, next update " + crl.nextUpdate().map(Object::toString).orElse("none");
    }
}
