package io.gmgw.cli;

import io.gmgw.cli.acl.AclCommand;
import io.gmgw.cli.pki.PkiCommand;
import io.gmgw.cli.token.TokenCommand;
import io.gmgw.crypto.CryptoModule;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code gmgw} command. Its subcommands are registered in the annotation below: to add a command or a command
 * group ({@code pki}, {@code token}, {@code acl}, {@code tlcp}, ...), add its class to that list; a command that
 * needs cryptography takes a {@link Bootstrap} in its constructor.
 */
@Command(name = "gmgw", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        synopsisSubcommandLabel = "COMMAND", commandListHeading = "%nCommands:%n",
        description = "GM/T (Chinese commercial cryptography) gateway: TLCP SSL VPN, IPsec VPN, PKCS#11 keys, "
                + "signed ACLs.",
        subcommands = {
                HelpCommand.class,
                VersionCommand.class,
                SelftestCommand.class,
                io.gmgw.cli.demo.DemoCommand.class,
                PkiCommand.class,
                io.gmgw.cli.tlcp.TlcpCommand.class,
                io.gmgw.cli.connect.ConnectCommand.class,
                AclCommand.class,
                TokenCommand.class,
                io.gmgw.cli.otp.OtpCommand.class,
                io.gmgw.cli.audit.AuditCommand.class,
                io.gmgw.cli.status.StatusCommand.class,
                io.gmgw.cli.sessions.SessionsCommand.class,
                io.gmgw.cli.config.ConfigCommand.class,
                io.gmgw.cli.sslvpn.SslvpnCommand.class,
        })
public final class Gmgw extends CommandGroup {

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "More log output (-v: DEBUG, -vv: TRACE) and stack traces of failures.")
    private boolean[] verbose = new boolean[0];

    int verbosity() {
        return verbose.length;
    }

    public static void main(String[] args) {
        // Before anything logs: conf/logback.xml names its files from gmgw.log.dir.
        java.nio.file.Path logs = LogDirectory.configure();
        PrintWriter out = new PrintWriter(System.out, true, System.out.charset());
        PrintWriter err = new PrintWriter(System.err, true, System.err.charset());
        int code = new Launcher(audit -> CryptoModule.start(CryptoModule.Options.defaults().audit(audit)), out, err,
                System.in, System.out, logs.resolve(LogDirectory.AUDIT_LOG)).execute(args);
        System.exit(code);
    }
}
