package io.gmgw.acl.live;

import io.gmgw.acl.format.AclFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Reads the live ruleset by running the tool that prints it: {@code nft list ruleset}, {@code nft -j list ruleset},
 * {@code iptables-save} or {@code ip6tables-save}, optionally behind a prefix such as {@code ip netns exec NAME}
 * (the gateway's own namespace, or a test's). Output is bounded and the command times out.
 */
public final class CommandRulesetSource implements RulesetSource {
    /** The kinds of live ruleset gmgw reads, with the command that prints each. */
    public enum Kind {
        NFT(AclFormat.NFTABLES, List.of("nft", "list", "ruleset")),
        NFT_JSON(AclFormat.NFTABLES_JSON, List.of("nft", "-j", "list", "ruleset")),
        IPTABLES(AclFormat.IPTABLES_SAVE, List.of("iptables-save")),
        IP6TABLES(AclFormat.IPTABLES_SAVE, List.of("ip6tables-save"));

        private final AclFormat format;
        private final List<String> command;

        Kind(AclFormat format, List<String> command) {
            this.format = format;
            this.command = command;
        }

        public AclFormat format() {
            return format;
        }

        public List<String> command() {
            return command;
        }

        /** nft, nft-json, iptables, ip6tables. */
        public static Kind fromName(String name) {
            return valueOf(name.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    static final int MAX_OUTPUT = 256 << 20;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Kind kind;
    private final List<String> command;

    /** @param prefix prepended to the tool's command, e.g. {@code ["ip", "netns", "exec", "fw"]}; may be empty */
    public CommandRulesetSource(Kind kind, List<String> prefix) {
        this.kind = Objects.requireNonNull(kind, "kind");
        List<String> c = new ArrayList<>(prefix);
        c.addAll(kind.command());
        this.command = List.copyOf(c);
    }

    @Override
    public String description() {
        return String.join(" ", command);
    }

    @Override
    public AclFormat format() {
        return kind.format();
    }

    @Override
    public byte[] read() throws IOException {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.PIPE).start();
        p.getOutputStream().close();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread errReader = Thread.ofVirtual().start(() -> copy(p.getErrorStream(), err, 64 << 10));
        try {
            copy(p.getInputStream(), out, MAX_OUTPUT);
            if (!p.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException(description() + " did not finish within " + TIMEOUT.toSeconds() + " s");
            }
            errReader.join(TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + description(), e);
        }
        if (out.size() >= MAX_OUTPUT) {
            throw new IOException(description() + " printed more than " + MAX_OUTPUT + " bytes");
        }
        if (p.exitValue() != 0) {
            throw new IOException(description() + " exited with " + p.exitValue() + ": "
                    + err.toString(StandardCharsets.UTF_8).strip());
        }
        return out.toByteArray();
    }

    private static void copy(InputStream in, ByteArrayOutputStream out, int limit) {
        byte[] buf = new byte[65536];
        try (in) {
            int n;
            while ((n = in.read(buf)) > 0) {
                if (out.size() < limit) {
                    out.write(buf, 0, Math.min(n, limit - out.size()));
                }
            }
        } catch (IOException e) {
            // The process ended or was killed; the exit status tells.
        }
    }
}
