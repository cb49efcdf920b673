package io.gmgw.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gmgw.acl.format.AclFormatException;
import io.gmgw.acl.sign.AclSignatureFormatException;
import io.gmgw.acl.sign.AclVerdict;
import io.gmgw.acl.sign.AclVerificationException;
import org.junit.jupiter.api.Test;

/** The ACL verdicts map to the codes docs/acl-integrity.md promises: 1, 2, 3, 4. */
class AclExitCodesTest {
    @Test
    void verdictsAndAclExceptionsMapToTheDocumentedCodes() {
        assertEquals(1, code(new AclVerificationException(AclVerdict.SIGNATURE_INVALID, "x")));
        assertEquals(2, code(new AclVerificationException(AclVerdict.CERTIFICATE, "x")));
        assertEquals(3, code(new AclVerificationException(AclVerdict.ROLLBACK, "x")));
        assertEquals(4, code(new AclVerificationException(AclVerdict.MALFORMED, "x")));
        assertEquals(4, code(new AclFormatException("x")));
        assertEquals(4, code(new AclSignatureFormatException("x")));
        assertEquals(ExitCode.OK, ExitCodeMapper.aclVerdict(AclVerdict.VALID));
    }

    private static int code(Throwable t) {
        return new ExitCodeMapper().getExitCode(t);
    }
}
