package io.gmgw.gateway.policy;

import io.gmgw.acl.format.AclDocument;
import io.gmgw.gateway.packet.IpPacket;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/** Compiling ACL text the way the loader does after verification, and deciding test packets against it. */
final class Acls {
    private Acls() {
    }

    static GroupAcl compile(String text) {
        return GroupAclCompiler.compile("eng", "eng.acl", 1, "00", AclDocument.parse(text.getBytes(
                StandardCharsets.UTF_8)));
    }

    static IpPacket packet(byte[] bytes) {
        ByteBuf b = Unpooled.wrappedBuffer(bytes);
        try {
            return IpPacket.parse(b);
        } finally {
            b.release();
        }
    }

    /** The entry text that decides, or "implicit deny". */
    static String decide(GroupAcl acl, byte[] packet, Direction d) {
        IpPacket p = packet(packet);
        if (p.isMalformed()) {
            throw new AssertionError("test packet malformed: " + p.defect());
        }
        int rule = acl.decide(p, d);
        AccessListEntry e = acl.entry(rule);
        return e == null ? "implicit deny" : e.text();
    }
}
