package io.gmgw.acl.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.acl.AclSamples;
import io.gmgw.acl.AclTestPki;
import io.gmgw.acl.format.AclDocument;
import io.gmgw.acl.format.AclFormatException;
import io.gmgw.acl.format.AclRule;
import io.gmgw.acl.sign.AclSigner;
import io.gmgw.acl.sign.SignedAclGuard;
import io.gmgw.acl.sign.VerifiedAcl;
import io.gmgw.crypto.CryptoModule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real nftables and iptables rulesets, loaded into a network namespace the test creates: a signed ruleset matches
 * the kernel's dump of it (counters and handles are not drift), and a rule added or removed in the kernel is drift,
 * named in the diff.
 */
class LiveRulesetNamespaceTest {
    private static final AclTestPki PKI = new AclTestPki("acl-live");
    private static final CryptoModule MODULE = AclTestPki.module("acl-live-during", AclTestPki.DURING);

    @TempDir
    Path dir;

    private VerifiedAcl signAndVerify(String name, byte[] content) throws Exception {
        Path file = Files.write(dir.resolve(name), content);
        new AclSigner(MODULE, PKI.signer.key(), PKI.signer.chain()).sign(content, AclDocument.parse(content), name, 1,
                new byte[0]).writeBeside(file);
        return PKI.guard(MODULE).build().load(file);
    }

    @Test
    void nftablesTextAndJsonDumpsMatchTheSignedRulesetUntilTheKernelsRulesChange() throws Exception {
        try (NetworkNamespace ns = NetworkNamespace.create("nft")) {
            byte[] sample = AclSamples.nftables(300, 21);
            ns.exec(sample, "nft", "-f", "-");
            RulesetWatcher text = new RulesetWatcher(MODULE, signAndVerify("edge.nft", sample),
                    new CommandRulesetSource(CommandRulesetSource.Kind.NFT, ns.prefix()));
            Drift same = text.check();
            assertFalse(same.drifted(), same.summary());
            assertEquals(300, same.liveRules());

            // The JSON dump (with handles and the nft version in metainfo) signed as it is, then read again.
            CommandRulesetSource jsonSource = new CommandRulesetSource(CommandRulesetSource.Kind.NFT_JSON, ns.prefix());
            RulesetWatcher json = new RulesetWatcher(MODULE, signAndVerify("edge.nft.json", jsonSource.read()),
                    jsonSource);
            assertFalse(json.check().drifted());

            ns.exec(null, "nft", "add", "rule", "inet", "gmgw", "input", "ip", "saddr", "10.250.0.1", "accept");
            Drift added = text.check();
            assertTrue(added.drifted());
            assertEquals(List.of("inet gmgw input: ip saddr 10.250.0.1 accept"),
                    added.diff().added().stream().map(AclRule::key).toList());
            assertTrue(added.diff().removed().isEmpty());
            assertTrue(json.check().drifted());

            // Driven by ticks instead of a timer: two checks, both drift, then stop.
            BlockingQueue<Object> ticks = new ArrayBlockingQueue<>(1);
            List<Drift> seen = new ArrayList<>();
            ticks.add(Boolean.TRUE);
            text.watch(ticks, seen::add, d -> seen.size() == 2);
            assertEquals(2, seen.size());
            assertTrue(seen.stream().allMatch(Drift::drifted));
        }
    }

    @Test
    void iptablesCountersAreNotDriftButARemovedRuleIs() throws Exception {
        try (NetworkNamespace ns = NetworkNamespace.create("ipt")) {
            byte[] sample = AclSamples.iptables(300, 22);
            ns.exec(sample, "iptables-restore");
            RulesetWatcher watcher = new RulesetWatcher(MODULE, signAndVerify("edge.rules", sample),
                    new CommandRulesetSource(CommandRulesetSource.Kind.IPTABLES, ns.prefix()));
            assertFalse(watcher.check().drifted());
            // Traffic moves the INPUT chain's counters; the dump's timestamps change on every run.
            ns.exec(null, "ip", "link", "set", "lo", "up");
            ns.exec(null, "sh", "-c", "ping -c 2 -W 1 127.0.0.1 || true");
            assertFalse(watcher.check().drifted());

            String first = AclDocument.parse(sample).rules().get(0).text(); // "-A INPUT -s ... -j ACCEPT"
            List<String> delete = new ArrayList<>(List.of("iptables", "-D"));
            delete.addAll(List.of(first.substring(3).split(" ")));
            ns.exec(null, delete.toArray(String[]::new));
            Drift d = watcher.check();
            assertTrue(d.drifted());
            assertEquals(List.of("filter INPUT: " + first), d.diff().removed().stream().map(AclRule::key).toList());
            assertEquals(299, d.liveRules());
        }
    }

    @Test
    void aSignedRulesetOfAnotherKindCannotBeWatchedAgainstThisSource() throws Exception {
        VerifiedAcl nft = signAndVerify("edge.nft", AclSamples.nftables(10, 1));
        assertThrows(AclFormatException.class, () -> new RulesetWatcher(MODULE, nft,
                new CommandRulesetSource(CommandRulesetSource.Kind.IPTABLES, List.of())));
    }
}
