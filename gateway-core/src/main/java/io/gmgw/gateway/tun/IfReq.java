package io.gmgw.gateway.tun;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;

/**
 * {@code struct ifreq} (linux/if.h) as a memory layout with named elements, so no offset is typed by hand: the
 * interface name, then the request union, of which TUNSETIFF uses {@code ifr_flags}
 * (Documentation/networking/tuntap.rst). The union's other members are declared so that its size and alignment are
 * the kernel's (40 bytes on 64-bit Linux: {@code struct ifmap} is the largest member).
 */
final class IfReq {
    /** IFNAMSIZ (linux/if.h): names are at most 15 bytes and a NUL. */
    static final int IFNAMSIZ = 16;

    private static final StructLayout SOCKADDR = MemoryLayout.structLayout(
            ValueLayout.JAVA_SHORT.withName("sa_family"),
            MemoryLayout.sequenceLayout(14, ValueLayout.JAVA_BYTE).withName("sa_data"));
    private static final StructLayout IFMAP = MemoryLayout.structLayout(
            ValueLayout.JAVA_LONG.withName("mem_start"),
            ValueLayout.JAVA_LONG.withName("mem_end"),
            ValueLayout.JAVA_SHORT.withName("base_addr"),
            ValueLayout.JAVA_BYTE.withName("irq"),
            ValueLayout.JAVA_BYTE.withName("dma"),
            ValueLayout.JAVA_BYTE.withName("port"),
            MemoryLayout.paddingLayout(3));

    static final StructLayout LAYOUT = MemoryLayout.structLayout(
            MemoryLayout.sequenceLayout(IFNAMSIZ, ValueLayout.JAVA_BYTE).withName("ifr_name"),
            MemoryLayout.unionLayout(
                    SOCKADDR.withName("ifr_addr"),
                    ValueLayout.JAVA_SHORT.withName("ifr_flags"),
                    ValueLayout.JAVA_INT.withName("ifr_ifindex"),
                    ValueLayout.JAVA_INT.withName("ifr_mtu"),
                    IFMAP.withName("ifr_map"),
                    MemoryLayout.sequenceLayout(IFNAMSIZ, ValueLayout.JAVA_BYTE).withName("ifr_newname"),
                    ValueLayout.ADDRESS.withName("ifr_data")).withName("ifr_ifru"));

    private static final long NAME_OFFSET = LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("ifr_name"));
    private static final VarHandle FLAGS = LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("ifr_ifru"),
            MemoryLayout.PathElement.groupElement("ifr_flags"));

    private IfReq() {
    }

    /** Writes {@code name} (ASCII, at most 15 bytes, already validated) NUL-terminated into the name field. */
    static void setName(MemorySegment ifreq, String name) {
        byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
        MemorySegment field = ifreq.asSlice(NAME_OFFSET, IFNAMSIZ);
        field.fill((byte) 0);
        MemorySegment.copy(bytes, 0, field, ValueLayout.JAVA_BYTE, 0, bytes.length);
    }

    /** The name field up to its NUL (the kernel writes the name it chose there). */
    static String name(MemorySegment ifreq) {
        return ifreq.asSlice(NAME_OFFSET, IFNAMSIZ).getString(0, StandardCharsets.US_ASCII);
    }

    static void setFlags(MemorySegment ifreq, short flags) {
        FLAGS.set(ifreq, 0L, flags);
    }

    static short flags(MemorySegment ifreq) {
        return (short) FLAGS.get(ifreq, 0L);
    }
}
