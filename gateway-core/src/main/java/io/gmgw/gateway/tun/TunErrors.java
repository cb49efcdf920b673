package io.gmgw.gateway.tun;

import io.gmgw.gateway.GatewayException;

/** The errors of opening a TUN device, said so that an operator knows what to do next. */
final class TunErrors {
    static final String PERMISSION_HINT = "run gmgw as root or give it CAP_NET_ADMIN (systemd:"
            + " AmbientCapabilities=CAP_NET_ADMIN; or setcap cap_net_admin+ep on the java binary), or use the"
            + " unprivileged mode, which needs no TUN device";

    private TunErrors() {
    }

    /** open("/dev/net/tun") failed with {@code errno}. */
    static GatewayException open(String device, int errno) {
        String why = switch (errno) {
            case Libc.ENOENT, Libc.ENODEV, Libc.ENXIO -> device + " does not exist: load the tun module (modprobe tun)"
                    + " or, in a container, pass the device in (docker run --device /dev/net/tun --cap-add"
                    + " NET_ADMIN)";
            case Libc.EACCES, Libc.EPERM -> "no permission to open " + device + ": " + PERMISSION_HINT;
            case Libc.EMFILE, Libc.ENFILE -> "too many open files: raise the limit (LimitNOFILE in the systemd unit)";
            default -> "open(" + device + ") failed";
        };
        return new GatewayException(GatewayException.Kind.RESOURCE, "cannot create a TUN device: " + why + " ["
                + Libc.errnoName(errno) + "]");
    }

    /** ioctl(TUNSETIFF) for {@code name} (empty: kernel-assigned) failed with {@code errno}. */
    static GatewayException setIff(String name, int errno) {
        String device = name.isEmpty() ? "a TUN device" : "TUN device " + name;
        String why = switch (errno) {
            case Libc.EPERM, Libc.EACCES -> "no permission (creating a network interface needs root or"
                    + " CAP_NET_ADMIN): " + PERMISSION_HINT;
            case Libc.EBUSY -> "the name is taken: " + name + " is already open (another gmgw or VPN); choose"
                    + " another name, or leave it empty for a kernel-assigned tunN";
            case Libc.EINVAL -> "an interface named " + name + " exists and is not a TUN device with IFF_TUN|IFF_NO_PI"
                    + " (see ip -d link show " + name + "); choose another name";
            case Libc.ENFILE -> "the kernel has no free TUN device number for the name template " + name;
            default -> "ioctl(TUNSETIFF) failed";
        };
        return new GatewayException(GatewayException.Kind.RESOURCE, "cannot create " + device + ": " + why + " ["
                + Libc.errnoName(errno) + "]");
    }
}
