package io.gmgw.cli.pki;

import io.gmgw.crypto.ca.PkiFolder;
import io.gmgw.crypto.pki.DistinguishedNames;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Locale;
import org.bouncycastle.asn1.x500.X500Name;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine;

/** Checks of option values shared by the pki commands; a bad value is a usage error (exit 64) naming the option. */
final class PkiArguments {
    /** 100 years: certificates beyond that are a typo, and GeneralizedTime ends in 9999. */
    static final int MAX_DAYS = 36_500;

    private PkiArguments() {
    }

    static X500Name distinguishedName(CommandSpec spec, String option, String value) {
        try {
            return DistinguishedNames.parse(value);
        } catch (IllegalArgumentException e) {
            throw usage(spec, option + ": " + e.getMessage());
        }
    }

    static Duration days(CommandSpec spec, String option, int days) {
        if (days < 1 || days > MAX_DAYS) {
            throw usage(spec, option + " must be between 1 and " + MAX_DAYS + " days, not " + days);
        }
        return Duration.ofDays(days);
    }

    static String name(CommandSpec spec, String option, String name) {
        if (!PkiFolder.isValidName(name)) {
            throw usage(spec, option + " '" + name + "' cannot name a folder under issued/: use 1-64 letters, digits "
                    + "and . _ : @ -, starting with a letter, digit or _");
        }
        return name;
    }

    /** A serial number as people copy it: hex, optionally with 0x or with colons (OpenSSL's -text form). */
    static BigInteger serial(CommandSpec spec, String text) {
        String hex = text.strip().replace(":", "");
        if (hex.toLowerCase(Locale.ROOT).startsWith("0x")) {
            hex = hex.substring(2);
        }
        try {
            if (hex.isEmpty() || hex.length() > 40) {
                throw new NumberFormatException();
            }
            BigInteger serial = new BigInteger(hex, 16);
            if (serial.signum() <= 0) {
                throw new NumberFormatException();
            }
            return serial;
        } catch (NumberFormatException e) {
            throw usage(spec, "--serial '" + text + "' is not a serial number: give it in hexadecimal, as "
                    + "'gmgw pki show CERT' prints it");
        }
    }

    static CommandLine.ParameterException usage(CommandSpec spec, String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
