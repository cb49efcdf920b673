package io.gmgw.cli.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Signs the example ACLs of the example configuration beside the demo ({@code DIR/../conf/vpn-acls/*.cfg}, named by
 * {@code conf/gateway.yaml}, which in turn names the demo's PKI as {@code ../demo/pki}) with the demo's ACL signer,
 * so the documented example starts as it is after {@code gmgw demo}. Signatures that verify are kept; without a
 * {@code conf/gateway.yaml} beside the demo there is nothing to sign.
 */
final class ExampleAclDemoStep implements DemoStep {
    private static final String SUFFIX = ".cfg";

    @Override
    public String name() {
        return "example ACLs";
    }

    @Override
    public String run(DemoContext context) throws IOException {
        Path conf = context.layout().exampleConf();
        Path acls = conf.resolve("vpn-acls");
        if (!Files.isRegularFile(conf.resolve("gateway.yaml")) || !Files.isDirectory(acls)) {
            return "no " + conf.resolve("gateway.yaml") + " with vpn-acls/ beside the demo, nothing to sign";
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(acls)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(SUFFIX) && Files.isRegularFile(p)).sorted()
                    .toList();
        }
        if (files.isEmpty()) {
            return "no *" + SUFFIX + " in " + acls + ", nothing to sign";
        }
        DemoAclSigning signing = new DemoAclSigning(context);
        List<String> signed = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        for (Path f : files) {
            (signing.signIfNeeded(f) ? signed : kept).add(f.getFileName().toString());
        }
        if (signed.isEmpty()) {
            return "signatures of " + String.join(", ", kept) + " in " + acls + " already there, kept";
        }
        return "signed " + String.join(", ", signed) + " in " + acls + " with the demo's ACL signer (for "
                + conf.resolve("gateway.yaml") + ")" + (kept.isEmpty() ? "" : "; kept " + String.join(", ", kept));
    }
}
