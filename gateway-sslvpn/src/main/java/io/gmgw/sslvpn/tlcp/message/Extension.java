package io.gmgw.sslvpn.tlcp.message;

import java.util.ArrayList;
import java.util.List;

/** A hello extension: TLCP defines none of its own; peers send TLS ones (server_name, session_ticket, ...). */
public record Extension(int type, byte[] data) {
    public static final int SERVER_NAME = 0;

    static List<Extension> readBlock(WireReader r) {
        List<Extension> list = new ArrayList<>();
        if (!r.hasRemaining()) {
            return list;
        }
        WireReader block = new WireReader(r.vector16(), "extensions");
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        while (block.hasRemaining()) {
            int type = block.u16();
            byte[] data = block.vector16();
            if (!seen.add(type)) {
                throw block.error("extension " + type + " appears twice");
            }
            list.add(new Extension(type, data));
        }
        return List.copyOf(list);
    }

    static void writeBlock(WireWriter w, List<Extension> extensions) {
        if (extensions.isEmpty()) {
            return;
        }
        WireWriter block = new WireWriter();
        for (Extension e : extensions) {
            block.u16(e.type).vector16(e.data);
        }
        w.vector16(block.toByteArray());
    }

    /** A server_name extension with one host_name entry (RFC 6066 §3). */
    public static Extension serverName(String host) {
        byte[] name = host.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        WireWriter list = new WireWriter().u8(0).vector16(name);
        return new Extension(SERVER_NAME, new WireWriter().vector16(list.toByteArray()).toByteArray());
    }
}
