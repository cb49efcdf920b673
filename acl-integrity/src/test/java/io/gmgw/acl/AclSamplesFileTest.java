package io.gmgw.acl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gmgw.acl.format.AclDocument;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * conf/acl-samples/ holds {@link AclSamples} at 300 rules, byte for byte. Run with
 * {@code -Dgmgw.acl.samples.write=true} to regenerate them after changing the generator.
 */
class AclSamplesFileTest {
    static final int RULES = 300;

    static Path samples() {
        return Path.of(System.getProperty("user.dir")).resolve("../conf/acl-samples").normalize();
    }

    @Test
    void theCheckedInSamplesAreTheGeneratorsOutputAndParseWithTheirRuleCounts() throws IOException {
        boolean write = Boolean.getBoolean("gmgw.acl.samples.write");
        for (int i = 0; i < AclSamples.FORMATS.length; i++) {
            byte[] expected = AclSamples.of(AclSamples.FORMATS[i], RULES);
            Path file = samples().resolve(AclSamples.FILE_NAMES[i]);
            if (write) {
                Files.createDirectories(file.getParent());
                Files.write(file, expected);
            }
            assertArrayEquals(expected, Files.readAllBytes(file), file + " differs from AclSamples");
            AclDocument doc = AclDocument.parse(expected);
            assertEquals(AclSamples.FORMATS[i], doc.format().id(), file.toString());
            assertEquals(RULES, doc.ruleCount(), file.toString());
        }
    }
}
