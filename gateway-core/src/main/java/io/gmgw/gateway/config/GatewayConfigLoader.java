package io.gmgw.gateway.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Reads {@code conf/gateway.yaml} into a {@link GatewayConfig}, or throws a {@link ConfigException} with every error
 * of the file. Safe loading: the file is composed into plain nodes and never constructed into objects; tags other
 * than YAML's own (strings, numbers, booleans, null, lists, maps) and anchors/aliases are refused, so nothing in the
 * file can name a class or multiply itself; the file may be at most {@link #MAX_SIZE} bytes.
 */
public final class GatewayConfigLoader {
    /** A gateway's configuration is a few kilobytes; a bigger file is a mistake. */
    public static final int MAX_SIZE = 1 << 20;

    private static final Logger LOG = LoggerFactory.getLogger("cfg");
    private static final Set<Tag> PLAIN_TAGS = Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.MAP,
            Tag.SEQ);

    private GatewayConfigLoader() {
    }

    /**
     * Reads and validates {@code file}; messages name it as given. Relative paths in it start at its folder.
     *
     * @throws ConfigException every error of the file, in file order
     * @throws IOException when the file cannot be read at all
     */
    public static GatewayConfig load(Path file) throws IOException {
        byte[] bytes;
        if (Files.isRegularFile(file) && Files.size(file) > MAX_SIZE) {
            throw single(file, "the file is larger than " + MAX_SIZE + " bytes; a gateway configuration is a few "
                    + "kilobytes: give the right file");
        }
        bytes = Files.readAllBytes(file);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw single(file, "the file is not UTF-8 text; save it as UTF-8");
        }
        Path base = file.toAbsolutePath().normalize().getParent();
        return parse(file, text, base);
    }

    /** Validates {@code text} as if read from {@code file}, relative paths starting at {@code base}. */
    static GatewayConfig parse(Path file, String text, Path base) {
        ConfigProblems problems = new ConfigProblems(file.toString());
        LoadSettings settings = LoadSettings.builder().setLabel(file.toString()).setUseMarks(true)
                .setAllowDuplicateKeys(false).setMaxAliasesForCollections(10).setCodePointLimit(MAX_SIZE)
                .setParseComments(false).build();
        Optional<Node> document;
        try {
            document = new Compose(settings).composeString(text);
        } catch (MarkedYamlEngineException e) {
            problems.at(e.getProblemMark(), "not valid YAML: " + e.getProblem() + (e.getContext() == null ? ""
                    : " " + e.getContext()) + "; indent with spaces, write one 'key: value' per line, and quote values "
                    + "that hold ': ' or ' #'");
            problems.throwIfAny();
            throw new IllegalStateException("unreachable");
        } catch (YamlEngineException e) {
            problems.at(Optional.empty(), "not valid YAML: " + e.getMessage() + "; fix the file's YAML");
            problems.throwIfAny();
            throw new IllegalStateException("unreachable");
        }
        if (document.isEmpty()) {
            problems.at(Optional.empty(), "the file is empty; start from conf/gateway.yaml, which documents every "
                    + "key");
            problems.throwIfAny();
        }
        Node root = document.orElseThrow();
        refuseTagsAndAnchors(root, problems, Collections.newSetFromMap(new IdentityHashMap<>()));
        if (!(root instanceof MappingNode)) {
            problems.at(root, "the file must be a section of keys ('listen:', 'tlcp:', ... each at the start of a "
                    + "line); start from conf/gateway.yaml, which documents every key");
        }
        // an alias would make every error appear twice, and a file that is no map has nothing to bind: stop here
        problems.throwIfAny();
        GatewayConfig config = bind(file, Section.root(problems, base, root));
        problems.throwIfAny();
        LOG.debug("configuration {} valid: {} group(s), {} pool(s)", file, config.groups().size(),
                config.pools().size());
        return config;
    }

    private static GatewayConfig bind(Path file, Section root) {
        ListenSettings listen = ListenerBinder.listen(root.section("listen"));
        TlcpSettings tlcp = ListenerBinder.tlcp(root.section("tlcp"));
        TlsSettings tls = ListenerBinder.tls(root.section("tls"));
        if (!tlcp.enabled() && !tls.enabled()) {
            root.error(root.has("tls") ? root.keyNode("tls") : root.keyNode("tlcp"), "tlcp and tls are both off, so "
                    + "every client would be refused; write enabled: true under tlcp (or tls)");
        }
        TunnelSettings tunnel = SessionBinder.tunnel(root.section("tunnel"));
        NetworkBinder.Pools pools = NetworkBinder.pools(root);
        Map<String, GroupSettings> groups = NetworkBinder.groups(root, pools, tunnel.mtu());
        ClientSettings clients = ClientBinder.clients(root.section("clients"), groups.keySet());
        OtpSettings otp = OtpBinder.otp(root.section("otp"), groups.values().stream()
                .filter(g -> g.login().needsPassword()).map(GroupSettings::name).findFirst().orElse(null));
        BanSettings bans = SessionBinder.bans(root.section("bans"));
        RateLimitSettings rateLimit = SessionBinder.rateLimit(root.section("rate-limit"));
        AclTrustSettings acl = ServiceBinder.acl(root.section("acl"));
        ControlSettings control = ServiceBinder.control(root.section("control"));
        DataPlaneSettings dataPlane = ServiceBinder.dataPlane(root.section("data-plane"));
        AuditSettings audit = ServiceBinder.audit(root.section("audit"));
        root.finish();
        return new GatewayConfig(file, listen, tlcp, tls, clients, groups, pools.settings(), tunnel, bans, rateLimit,
                acl, control, dataPlane, audit, otp);
    }

    /** Tags beyond YAML's plain ones, and anchors (with their aliases), are refused where they are written. */
    private static void refuseTagsAndAnchors(Node node, ConfigProblems problems, Set<Node> seen) {
        if (node == null || !seen.add(node)) {
            return;
        }
        if (node.getAnchor().isPresent()) {
            problems.at(node, "anchors and aliases (&" + node.getAnchor().get().getValue() + ", *"
                    + node.getAnchor().get().getValue() + ") are not supported; write the value out in each place");
        }
        if (!PLAIN_TAGS.contains(node.getTag())) {
            problems.at(node, "the tag " + node.getTag().getValue().replace("tag:yaml.org,2002:", "!!")
                    + " is not supported; remove it and write a "
                    + "plain value");
        }
        if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                refuseTagsAndAnchors(t.getKeyNode(), problems, seen);
                refuseTagsAndAnchors(t.getValueNode(), problems, seen);
            }
        } else if (node instanceof SequenceNode s) {
            for (Node n : s.getValue()) {
                refuseTagsAndAnchors(n, problems, seen);
            }
        }
    }

    private static ConfigException single(Path file, String message) {
        return new ConfigException(java.util.List.of(new ConfigError(file.toString(), 1, 1, message)));
    }
}
