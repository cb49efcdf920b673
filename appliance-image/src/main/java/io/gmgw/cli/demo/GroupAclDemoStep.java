package io.gmgw.cli.demo;

import io.gmgw.cli.CommandFailedException;
import io.gmgw.cli.ExitCode;
import io.gmgw.files.DurableFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The demo group's ACL, {@code DIR/vpn-acls/demo.cisco-ios.cfg}: ping and UDP echo to the gateway's tunnel address
 * (what the unprivileged responder answers), nothing else; signed by the demo's ACL signer. An existing file is kept
 * (an operator may have edited it) and signed again only when its signature no longer verifies.
 */
final class GroupAclDemoStep implements DemoStep {
    static final String RESOURCE = "demo.cisco-ios.cfg";

    @Override
    public String name() {
        return "group ACL";
    }

    @Override
    public String run(DemoContext context) throws IOException {
        Path file = context.layout().groupAcl();
        boolean written = false;
        if (!Files.exists(file)) {
            Files.createDirectories(file.getParent());
            DurableFiles.create(file, template(), false);
            written = true;
        }
        boolean signed = new DemoAclSigning(context).signIfNeeded(file);
        if (written) {
            return "wrote " + file + " (group '" + DemoLayout.GROUP + "': ping and UDP echo to "
                    + DemoLayout.GATEWAY_TUNNEL_ADDRESS + ", nothing else) and signed it with the demo's ACL signer";
        }
        return file + (signed ? " kept, signed again (its signature did not verify against this demo's PKI)"
                : " and its signature already there, kept");
    }

    static byte[] template() throws IOException {
        try (InputStream in = GroupAclDemoStep.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new CommandFailedException(ExitCode.SOFTWARE, "the demo's ACL template " + RESOURCE
                        + " is missing from gmgw's jar; rebuild gmgw");
            }
            return in.readAllBytes();
        }
    }
}
