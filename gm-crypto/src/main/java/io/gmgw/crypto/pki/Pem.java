package io.gmgw.crypto.pki;

import io.gmgw.crypto.core.MalformedEncodingException;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.bouncycastle.util.io.pem.PemWriter;

/** PEM (RFC 7468) text on Bouncy Castle's reader and writer. */
public final class Pem {
    private Pem() {
    }

    /** The DER contents of every block labelled {@code label}, in order. */
    public static List<byte[]> blocks(String pem, String label) {
        List<byte[]> out = new ArrayList<>();
        for (PemObject o : all(pem)) {
            if (o.getType().equals(label)) {
                out.add(o.getContent());
            }
        }
        return out;
    }

    /** Every PEM block of the text; a block with bad Base64 or no END line is an error. */
    public static List<PemObject> all(String pem) {
        List<PemObject> out = new ArrayList<>();
        try (PemReader reader = new PemReader(new StringReader(pem))) {
            for (PemObject o = reader.readPemObject(); o != null; o = reader.readPemObject()) {
                out.add(o);
            }
        } catch (IOException | RuntimeException e) {
            throw MalformedEncodingException.of("malformed PEM", e);
        }
        return out;
    }

    public static String encode(String label, byte[] der) {
        StringWriter sw = new StringWriter();
        try (PemWriter w = new PemWriter(sw)) {
            w.writeObject(new PemObject(label, der));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sw.toString();
    }
}
