package io.gmgw.crypto.ca;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;

/**
 * A CA's {@code crlnumber}: the number of the last CRL it issued, in decimal. Each CRL takes the next number, which is
 * written before the CRL is, so a crash can skip a number but never reuse one (RFC 5280 §5.2.3: numbers increase).
 * Only used under the folder's lock ({@link PkiFolder#lock}).
 */
public final class CrlNumberFile {
    private CrlNumberFile() {
    }

    public static BigInteger last(Path file) throws IOException {
        List<StateFile.Line> lines = StateFile.read(file);
        if (lines.size() != 1 || lines.get(0).fields().length != 1) {
            throw StateFile.malformed(file, lines.isEmpty() ? 0 : lines.get(0).number(),
                    "should hold one number, the last CRL number");
        }
        try {
            BigInteger n = new BigInteger(lines.get(0).fields()[0]);
            if (n.signum() < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw StateFile.malformed(file, lines.get(0).number(), "'" + lines.get(0).fields()[0]
                    + "' is not a non-negative decimal number");
        }
    }

    /** The next number, recorded as used. */
    static BigInteger next(Path file) throws IOException {
        BigInteger n = last(file).add(BigInteger.ONE);
        write(file, n);
        return n;
    }

    static void write(Path file, BigInteger number) throws IOException {
        StateFile.write(file, List.of("gmgw: number of the last CRL this CA issued; the next CRL gets a higher one."),
                List.of(number.toString()));
    }
}
